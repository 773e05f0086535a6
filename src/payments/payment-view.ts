import type { Executor } from '../db/database.js';
import { findAuthorizationByPayment } from '../db/authorizations.js';
import { findPaymentById, type PaymentRequest } from '../db/payment-requests.js';
import { findTransferByPayment } from '../db/transfers.js';

/** The transfer fields a payment card shows. */
export interface TransferSummary {
  mimoTransactionId: string;
  amountKobo: number;
  refundedKobo: number;
  /** Status exactly as MiMo last reported it. */
  mimoStatus: string;
}

/** Everything needed to render a payment's card: the request, its transfer and the payer's name. */
export interface PaymentView {
  payment: PaymentRequest;
  /** Null until MiMo has accepted a transfer. */
  transfer: TransferSummary | null;
  /** Payer's name as MiMo reported it on the authorization, when known. */
  payerName: string | null;
  payLink: string;
}

/** Loads a payment request with its transfer and authorization for rendering; null when it does not exist. */
export async function loadPaymentView(
  executor: Executor,
  paymentId: string,
  payLinkFor: (reference: string) => string,
): Promise<PaymentView | null> {
  const payment = await findPaymentById(executor, paymentId);
  if (!payment) return null;
  const transfer = await findTransferByPayment(executor, paymentId);
  const authorization = await findAuthorizationByPayment(executor, paymentId);

  return {
    payment,
    transfer: transfer
      ? {
          mimoTransactionId: transfer.mimoTransactionId,
          amountKobo: transfer.amountKobo,
          refundedKobo: transfer.refundedKobo,
          mimoStatus: transfer.mimoStatus,
        }
      : null,
    payerName: authorization?.payerName ?? null,
    payLink: payLinkFor(payment.reference),
  };
}
