import type { Request, Response } from 'express';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logger.js';

/** `GET /healthz`: 200 when the database responds, 503 when it does not. */
export function healthzHandler(database: DatabaseHandle, logger: Logger) {
  return async (_request: Request, response: Response) => {
    const started = Date.now();
    try {
      await database.ping();
      response.status(200).json({ status: 'ok', database: database.kind, latencyMs: Date.now() - started });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed: database did not respond');
      response.status(503).json({ status: 'unavailable', database: database.kind, error: 'database did not respond' });
    }
  };
}
