/**
 * Injected faults: per path, a queue of failures that the next requests to that path
 * meet, one request per count. The test controls under /sandbox/ cannot be faulted.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SandboxState } from './state.js';

export const FAULT_KINDS = ['http_500', 'delay', 'malformed_json', 'drop_after_commit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const DEFAULT_FAULT_DELAY_MS = 30_000;

export interface FaultSpec {
  path: string;
  kind: FaultKind;
  /** Number of requests that meet the fault; 1 when absent. */
  count?: number;
  /** For `delay`: milliseconds to wait before handling the request. */
  delayMs?: number;
}

export interface ActiveFault {
  path: string;
  kind: FaultKind;
  remaining: number;
  delayMs: number;
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** Removes trailing slashes, because Express routes "/a/" and "/a" alike. */
function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Validates and queues a fault. Throws a RangeError that names the bad field. */
  add(spec: FaultSpec): ActiveFault {
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) {
      throw new RangeError(`Fault path "${spec.path}" must start with "/", for example /partner/transfers/create.`);
    }
    const path = normalizePath(spec.path);
    if (path === '/sandbox' || path.startsWith('/sandbox/')) {
      throw new RangeError(`Fault path "${spec.path}" is a test control. Faults apply to MiMo endpoints only.`);
    }
    if (!isFaultKind(spec.kind)) {
      throw new RangeError(`Fault kind "${String(spec.kind)}" is not one of ${FAULT_KINDS.join(', ')}.`);
    }
    const count = spec.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`Fault count ${count} must be a positive integer.`);
    }
    const delayMs = spec.delayMs ?? DEFAULT_FAULT_DELAY_MS;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`Fault delay ${delayMs} ms must be a finite number >= 0.`);
    }
    const fault: ActiveFault = { path, kind: spec.kind, remaining: count, delayMs };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Removes all queued faults. Requests already being delayed still complete. */
  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Uses up one request of the oldest fault queued for `path` and returns that fault. */
  take(path: string): ActiveFault | undefined {
    const normalized = normalizePath(path);
    const fault = this.faults.find((candidate) => candidate.path === normalized);
    if (!fault) {
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining === 0) {
      this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return { ...fault };
  }

  /** Runs `callback` after `ms`, unless cancelTimers() runs first. */
  schedule(callback: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Cancels pending delayed requests; their connections stay open until the server closes them. */
  cancelTimers(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}

/**
 * Removes the last four characters of a JSON text. A JSON object or array without its
 * closing bracket never parses, so the result is always invalid.
 */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, text.length - 4));
}

/** Makes every JSON response of this request a 200 with a truncated body. */
function sendMalformedJson(res: Response): void {
  const send = res.send.bind(res);
  res.json = (body: unknown) => {
    const text = JSON.stringify(body) ?? 'null';
    res.status(200);
    res.type('application/json');
    return send(truncateJson(text));
  };
}

/** Makes the response end by destroying the socket, after the handler has done its work. */
function dropResponse(req: Request, res: Response): void {
  res.end = (() => {
    req.socket.destroy();
    return res;
  }) as Response['end'];
}

export function createFaultMiddleware(registry: FaultRegistry, state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/sandbox' || req.path.startsWith('/sandbox/')) {
      next();
      return;
    }
    const fault = registry.take(req.path);
    if (!fault) {
      next();
      return;
    }
    state.record('fault.injected', { path: req.path, detail: { kind: fault.kind, remaining: fault.remaining } });
    res.locals.fault = fault.kind;

    switch (fault.kind) {
      case 'http_500':
        res.status(500).json({
          error: 'server_error',
          error_description: 'The sandbox returned 500 because a fault is injected for this path.',
        });
        return;
      case 'delay':
        registry.schedule(next, fault.delayMs);
        return;
      case 'malformed_json':
        sendMalformedJson(res);
        next();
        return;
      case 'drop_after_commit':
        dropResponse(req, res);
        next();
        return;
    }
  };
}
