import type { Services } from '../context.js';
import { findPaymentByReference } from '../db/payment-requests.js';
import type { Logger } from '../logger.js';
import type { Page } from '../web/pages/layout.js';
import { notFoundPage } from '../web/pages/not-found.js';
import { redirectPage } from '../web/pages/redirect.js';
import { currentStatePage } from '../web/payment-view.js';

/**
 * A payment reference: base64url text of at least 22 characters, so at least 128
 * random bits. newPaymentReference makes them from 24 random bytes (32 characters).
 */
const REFERENCE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** Checks a reference's format, so malformed ones are turned away before any database lookup. */
export function isWellFormedReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}

/** Builds the URL that MiMo sends the customer back to after the consent page, `PUBLIC_URL/mimo/callback/<reference>`. */
export function callbackUrl(publicUrl: string, reference: string): string {
  return `${publicUrl}/mimo/callback/${encodeURIComponent(reference)}`;
}

/**
 * Handles `GET /pay/<reference>`: redirects to MiMo's consent page while the request
 * awaits payment and its link has not expired, and shows the request's state otherwise.
 */
export async function openPayLink(services: Services, reference: string, logger: Logger): Promise<Page> {
  if (!isWellFormedReference(reference)) {
    return notFoundPage();
  }
  const payment = await findPaymentByReference(services.db, reference);
  if (!payment) {
    return notFoundPage();
  }
  if (payment.state !== 'awaiting' || payment.expiresAt <= new Date()) {
    logger.info({ paymentId: payment.id, state: payment.state }, 'pay link opened for a request that does not await payment');
    return currentStatePage(services, payment);
  }
  const authenticateUrl = services.mimo.buildAuthenticateUrl({
    callbackUrl: callbackUrl(services.config.publicUrl, payment.reference),
    amountKobo: payment.amountKobo,
    notes: payment.notes,
    ...(payment.destinationUser ? { destinationUser: payment.destinationUser } : {}),
  });
  logger.info({ paymentId: payment.id }, 'pay link opened; redirecting to MiMo');
  return redirectPage(authenticateUrl, services.config.merchantName);
}
