import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Services } from '../context.js';
import { handleCallback } from '../oauth/callback.js';
import { openPayLink } from '../oauth/pay-link.js';
import { badRequestPage } from './pages/bad-request.js';
import { errorPage } from './pages/error.js';
import { PAGE_HEADERS, sendPage } from './pages/layout.js';
import { findPaymentByReference } from '../db/payment-requests.js';
import { payLinkUrl } from '../payments/reference.js';
import { notFoundPage } from './pages/not-found.js';

/**
 * Registers the customer-facing routes: the pay link, MiMo's callback, a 404 page for
 * every other path, and the error handler. Call it after every other route, because
 * the 404 page handles every request that reaches it.
 */
export function registerWebRoutes(app: express.Express, services: Services): void {
  app.get('/pay/:reference', async (request: Request<{ reference: string }>, response: Response) => {
    sendPage(response, await openPayLink(services, request.params.reference, request.log));
  });

  // Express runs the GET handler for HEAD requests. A link scanner's HEAD must not exchange the
  // code or create a transfer, so only a GET from the customer's browser does that.
  app.head('/mimo/callback/:reference', (_request: Request, response: Response) => {
    response.status(405).set('Allow', 'GET').end();
  });

  app.get('/mimo/callback/:reference', async (request: Request<{ reference: string }>, response: Response) => {
    const { reference } = request.params;
    const query = request.query as Record<string, unknown>;
    const page = await handleCallback(services, reference, query, request.log);
    // The callback URL carries MiMo's code. Once the request has left `awaiting`, the pay
    // link shows the same state page, so the browser moves there and the code leaves the
    // address bar, history and bookmarks.
    if (page.status === 200 && (await hasLeftAwaiting(services, reference))) {
      response.set(PAGE_HEADERS);
      response.redirect(303, payLinkUrl(services.config.publicUrl, reference));
      return;
    }
    sendPage(response, page);
  });

  app.use((_request: Request, response: Response) => {
    sendPage(response, notFoundPage());
  });

  app.use(errorHandler(services));
}

async function hasLeftAwaiting(services: Services, reference: string): Promise<boolean> {
  const payment = await findPaymentByReference(services.db, reference);
  return payment !== null && payment.state !== 'awaiting';
}

function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * The one handler of unexpected errors: logs the error with the request id and shows
 * a page that gives the customer that id to quote. Client errors that Express or a
 * body parser raise (a malformed URL, say) get the 400 page instead.
 */
function errorHandler(services: Services) {
  return (error: unknown, request: Request, response: Response, next: NextFunction) => {
    const log = request.log ?? services.logger;
    const referenceId = request.requestId ?? randomUUID();
    if (response.headersSent) {
      log.error({ err: error, referenceId }, 'request failed after the response started');
      next(error);
      return;
    }
    if (clientErrorStatus(error) !== null) {
      log.info({ err: error, status: clientErrorStatus(error) }, 'rejected a malformed request');
      sendPage(response, badRequestPage());
      return;
    }
    log.error({ err: error, referenceId, method: request.method, path: request.path }, 'request failed');
    sendPage(response, errorPage(referenceId, services.config.merchantName));
  };
}
