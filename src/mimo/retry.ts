import type { Logger } from '../logger.js';
import { MimoError, type MimoErrorCode, type MimoOperation } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt, so a request is sent at most `retries + 1` times. */
  retries: number;
  /** Delay before the first retry in ms. Each further retry doubles it. */
  baseDelayMs: number;
  /** Upper bound of one delay in ms. */
  maxDelayMs: number;
}

/** Failures after which a read may be sent again: no response, a 5xx status or a malformed response. */
const RETRYABLE_CODES: ReadonlySet<MimoErrorCode> = new Set(['network', 'timeout', 'server_error', 'protocol']);

export function isRetryableReadError(error: unknown): error is MimoError {
  return error instanceof MimoError && RETRYABLE_CODES.has(error.code);
}

/**
 * Runs `attempt` and runs it again after a retryable failure, up to `policy.retries`
 * times, with exponential backoff and jitter between attempts. Only for requests that
 * move no money: create, void and refund must never go through here.
 */
export async function retryRead<T>(
  operation: MimoOperation,
  policy: RetryPolicy,
  logger: Logger,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= policy.retries || !isRetryableReadError(error)) {
        throw error;
      }
      const delayMs = backoffDelayMs(policy, retry);
      logger.warn(
        { operation, attempt: retry + 1, maxAttempts: policy.retries + 1, delayMs, errorCode: error.code, err: error },
        `Retrying MiMo ${operation} in ${delayMs} ms after ${error.code}`,
      );
      await sleep(delayMs);
    }
  }
}

/** Returns a delay between half and all of `baseDelayMs * 2^retry`, capped at maxDelayMs. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
