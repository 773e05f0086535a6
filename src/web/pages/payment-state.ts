import type { PaymentRequest } from '../../db/payment-requests.js';
import type { Transfer } from '../../db/transfers.js';
import { cancelledPage } from './cancelled.js';
import { confirmingPage } from './confirming.js';
import { expiredPage } from './expired.js';
import { failedPage } from './failed.js';
import type { Page, PaymentSummary } from './layout.js';
import { processingPage } from './processing.js';
import { receiptPage } from './receipt.js';
import { tryAgainPage } from './try-again.js';

/** Data that the customer pages show about one payment request. */
export interface PaymentView {
  payment: PaymentRequest;
  transfer: Transfer | null;
  payerName: string | null;
  merchantName: string;
  payLinkUrl: string;
  now: Date;
}

const RECEIPT_STATUS = {
  transferred: 'Paid. MiMo settles it with the merchant shortly.',
  settled: 'Paid and settled',
  refunded_partial: 'Paid, then partly refunded',
  refunded: 'Paid, then refunded',
} as const;

/**
 * Chooses the page that shows a payment request's current state. An awaiting request
 * that has not expired gets the try-again page, because the pay link handles the
 * redirect to MiMo itself.
 */
export function pageForPayment(view: PaymentView): Page {
  const { payment } = view;
  const summary: PaymentSummary = { merchantName: view.merchantName, amountKobo: payment.amountKobo };
  switch (payment.state) {
    case 'awaiting':
      return payment.expiresAt <= view.now ? expiredPage(summary, payment.expiresAt) : tryAgainPage(summary, view.payLinkUrl);
    case 'exchanging':
    case 'transferring':
      return processingPage(summary);
    case 'transferred':
    case 'settled':
    case 'refunded_partial':
    case 'refunded':
      if (view.transfer === null) {
        return confirmingPage(summary);
      }
      return receiptPage({
        ...summary,
        notes: payment.notes,
        transactionId: view.transfer.mimoTransactionId,
        paidAt: view.transfer.createdAt,
        payerName: view.payerName,
        status: RECEIPT_STATUS[payment.state],
      });
    case 'declined':
      return cancelledPage(summary, 'customer');
    case 'cancelled':
      return cancelledPage(summary, 'merchant');
    case 'voided':
      return cancelledPage(summary, 'voided');
    case 'expired':
      return expiredPage(summary, payment.expiresAt);
    case 'failed':
      return failedPage(summary, payment.failureReason);
    case 'needs_review':
      return confirmingPage(summary);
  }
}
