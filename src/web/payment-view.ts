import type { Services } from '../context.js';
import { findAuthorizationByPayment } from '../db/authorizations.js';
import type { PaymentRequest } from '../db/payment-requests.js';
import { findTransferByPayment } from '../db/transfers.js';
import { payLinkUrl } from '../payments/reference.js';
import type { Page } from './pages/layout.js';
import { pageForPayment, type PaymentView } from './pages/payment-state.js';

/** Reads what the customer pages show about a payment request besides the request itself. */
export async function loadCustomerPageView(services: Services, payment: PaymentRequest): Promise<PaymentView> {
  const [transfer, authorization] = await Promise.all([
    findTransferByPayment(services.db, payment.id),
    findAuthorizationByPayment(services.db, payment.id),
  ]);
  return {
    payment,
    transfer,
    payerName: authorization?.payerName ?? null,
    merchantName: services.config.merchantName,
    payLinkUrl: payLinkUrl(services.config.publicUrl, payment.reference),
    now: new Date(),
  };
}

/** Builds the page that shows a payment request's current state. */
export async function currentStatePage(services: Services, payment: PaymentRequest): Promise<Page> {
  return pageForPayment(await loadCustomerPageView(services, payment));
}
