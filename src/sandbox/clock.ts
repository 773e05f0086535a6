/**
 * The sandbox clock: real time plus an offset that tests move forward, so that token
 * expiry and settlement can be tested without waiting.
 */
export class SandboxClock {
  private offsetMs = 0;

  /** Milliseconds since the Unix epoch on the sandbox clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Cannot advance the sandbox clock by ${ms} ms. Pass a finite number of milliseconds >= 0.`);
    }
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

const LAGOS_OFFSET_MS = 60 * 60 * 1000;

/**
 * Formats a time as ISO 8601 in West Africa Time, for example "2013-03-28T11:32:30+01:00".
 * Nigeria keeps UTC+01:00 all year, so the offset is fixed.
 */
export function formatLagosDateTime(epochMs: number): string {
  const shifted = new Date(epochMs + LAGOS_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+01:00`;
}
