import type { Services } from '../context.js';
import { findPaymentById, type PaymentRequest } from '../db/payment-requests.js';
import { slackActor } from './actor.js';
import { transitionPayment } from './transition.js';

export type CancelOutcome =
  | { kind: 'cancelled'; payment: PaymentRequest }
  | { kind: 'not_found' }
  /** The person is neither the requester nor a refund approver. */
  | { kind: 'not_allowed'; payment: PaymentRequest }
  /** The request had already left `awaiting` (paid, expired, cancelled by someone else, …). */
  | { kind: 'not_awaiting'; payment: PaymentRequest };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks whether a Slack user may cancel a request: they made it, or they are in REFUND_APPROVERS. */
export function mayCancel(payment: PaymentRequest, slackUserId: string, refundApprovers: readonly string[]): boolean {
  return payment.requestedBy === slackUserId || refundApprovers.includes(slackUserId);
}

/**
 * Cancels a request that is still awaiting the customer. Only its requester or a refund
 * approver may. A second click, or a race with the customer paying, finds the request
 * already moved and changes nothing.
 */
export async function cancelPaymentRequest(
  services: Pick<Services, 'db' | 'config' | 'kickOutbox'>,
  paymentId: string,
  slackUserId: string,
): Promise<CancelOutcome> {
  if (!uuidPattern.test(paymentId)) return { kind: 'not_found' };
  const payment = await findPaymentById(services.db, paymentId);
  if (!payment) return { kind: 'not_found' };
  if (!mayCancel(payment, slackUserId, services.config.refundApprovers)) {
    return { kind: 'not_allowed', payment };
  }

  const cancelled = await transitionPayment(services.db, {
    paymentId,
    from: ['awaiting'],
    to: 'cancelled',
    actor: slackActor(slackUserId),
    action: 'cancelled',
    summary: 'Request cancelled. The pay link no longer works.',
  });
  if (!cancelled) {
    const current = await findPaymentById(services.db, paymentId);
    return { kind: 'not_awaiting', payment: current ?? payment };
  }
  services.kickOutbox();
  return { kind: 'cancelled', payment: cancelled };
}
