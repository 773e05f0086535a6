/** Assembles the sandbox's Express application: request log, faults, routes and error responses. */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../logger.js';
import { createControlRouter, type SandboxControls } from './control-routes.js';
import { ApiError } from './errors.js';
import { createFaultMiddleware } from './faults.js';
import { createOAuthRouter } from './oauth-routes.js';
import { createTransferRouter } from './transfer-routes.js';

/**
 * Logs one line per request when its connection closes. Handlers add ids through
 * `res.locals.logFields`. Only the path is logged, never the query string, because
 * the query carries tokens, codes and the client secret.
 */
function logRequests(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const method = req.method;
    const path = req.path;
    res.on('close', () => {
      const fields: Record<string, unknown> = {
        method,
        path,
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        ...(res.locals.logFields as Record<string, unknown> | undefined),
      };
      if (res.locals.fault !== undefined) {
        fields.fault = res.locals.fault;
      }
      if (!res.writableFinished) {
        delete fields.status;
        logger.warn(fields, 'Sandbox connection closed before a response was sent');
      } else if (res.locals.error !== undefined) {
        logger.error({ ...fields, err: res.locals.error }, 'Sandbox request failed');
      } else {
        logger.info(fields, 'Sandbox request');
      }
    });
    next();
  };
}

function hasClientErrorStatus(error: unknown): error is { status: number; message: string } {
  if (typeof error !== 'object' || error === null || !('status' in error)) {
    return false;
  }
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function sendError(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof ApiError) {
    res.locals.logFields = { ...(res.locals.logFields as Record<string, unknown> | undefined), error: error.code };
    res.status(error.status).json(error.toJSON());
    return;
  }
  // Errors from Express's body parser, for example a form body above the size limit.
  if (hasClientErrorStatus(error)) {
    res.locals.logFields = { ...(res.locals.logFields as Record<string, unknown> | undefined), error: 'invalid_request' };
    res.status(error.status).json({ error: 'invalid_request', error_description: error.message });
    return;
  }
  res.locals.error = error;
  res.status(500).json({
    error: 'server_error',
    error_description: 'The sandbox failed to handle the request. Its log has the details.',
  });
}

export function createApp(controls: SandboxControls, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(logRequests(logger));
  app.use(createFaultMiddleware(controls.faults, controls.state));
  app.use(createOAuthRouter(controls.state));
  app.use(createTransferRouter(controls.state));
  app.use(createControlRouter(controls));
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', error_description: `No endpoint for ${req.method} ${req.path}.` });
  });
  app.use(sendError);
  return app;
}
