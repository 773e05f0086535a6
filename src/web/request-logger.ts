import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Child logger carrying this request's id. */
    log: Logger;
    requestId: string;
  }
}

/**
 * Gives each request a child logger with a request id (taken from X-Request-Id when a
 * load balancer sets one) and logs one line when the response finishes. The path is
 * logged without its query string, where MiMo's callback carries the code.
 */
export function requestLogger(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('x-request-id');
    request.requestId = header && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
    request.log = logger.child({ requestId: request.requestId });
    response.setHeader('X-Request-Id', request.requestId);
    const started = Date.now();
    response.on('finish', () => {
      const level = response.statusCode >= 500 ? 'error' : 'info';
      request.log[level](
        { method: request.method, path: request.path, status: response.statusCode, durationMs: Date.now() - started },
        'request finished',
      );
    });
    next();
  };
}
