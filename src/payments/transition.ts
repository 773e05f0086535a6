import type { Executor, Transaction } from '../db/database.js';
import { lockPaymentState, updatePaymentState, type PaymentRequest } from '../db/payment-requests.js';
import { recordAudit } from '../db/audit.js';
import { enqueueOutbox, type OutboxItem } from '../db/outbox.js';
import type { PaymentState } from '../db/schema.js';
import type { Actor } from './actor.js';

export interface PaymentTransition {
  paymentId: string;
  from: readonly PaymentState[];
  to: PaymentState;
  actor: Actor;
  /** Short verb for the audit log, such as `customer_declined`. */
  action: string;
  /** Description of the change for the card's thread ("Customer declined on MiMo"). */
  summary: string;
  detail?: Record<string, unknown>;
  failureReason?: string | null;
  /** Refuse the move once the pay link has expired. */
  onlyIfUnexpired?: boolean;
  /** Extra Slack posts beyond the card update and its thread reply. */
  notify?: readonly OutboxItem[];
  /** Whether to add a thread reply under the card (default true). */
  threadReply?: boolean;
  /** More writes that must commit or roll back with the move. */
  alsoWrite?: (tx: Transaction, payment: PaymentRequest) => Promise<void>;
}

/**
 * Moves a payment request to a new state in one short transaction: the conditional
 * update, its audit entry, the card update and thread reply in the outbox, and any
 * further writes. Returns the updated request, or null when it was no longer in a
 * `from` state, in which case nothing was written. Given an open transaction, it runs
 * in a savepoint of it, so a job can move rows it has locked.
 */
export async function transitionPayment(executor: Executor, change: PaymentTransition): Promise<PaymentRequest | null> {
  return executor.transaction(async (tx) => {
    const patch = change.failureReason === undefined ? {} : { failureReason: change.failureReason };
    const before = await lockPaymentState(tx, change.paymentId);
    if (before === null || !change.from.includes(before)) return null;
    const payment = await updatePaymentState(tx, change.paymentId, change.from, change.to, patch, {
      onlyIfUnexpired: change.onlyIfUnexpired ?? false,
    });
    if (!payment) return null;

    await recordAudit(tx, {
      entityType: 'payment_request',
      entityId: payment.id,
      action: change.action,
      fromState: before,
      toState: change.to,
      actor: change.actor,
      detail: { ...change.detail, summary: change.summary },
    });
    if (change.alsoWrite) {
      await change.alsoWrite(tx, payment);
    }

    const items: OutboxItem[] = [{ paymentRequestId: payment.id, kind: 'card' }];
    if (change.threadReply ?? true) {
      items.push({
        paymentRequestId: payment.id,
        kind: 'thread_reply',
        payload: { state: change.to, summary: change.summary, actor: change.actor, at: new Date().toISOString() },
      });
    }
    await enqueueOutbox(tx, [...items, ...(change.notify ?? [])]);
    return payment;
  });
}
