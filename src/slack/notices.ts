/**
 * Text of the channel posts about payments outside their card: the approvals channel
 * hears about payments that need review, the settlements channel about settled ones.
 * Pure functions, so the wording is tested without Slack.
 */
import { formatNaira } from '../money.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** The fields of a payment request that the notices mention. */
export interface NoticePayment {
  amountKobo: number;
  notes: string;
  requestedBy: string;
  channelId: string;
  customerSlackUserId: string | null;
  customerLabel: string | null;
}

function describeCustomer(payment: NoticePayment): string | null {
  if (payment.customerSlackUserId) return `<@${payment.customerSlackUserId}>`;
  if (payment.customerLabel) return escapeMrkdwn(payment.customerLabel);
  return null;
}

function describePayment(payment: NoticePayment): string {
  const customer = describeCustomer(payment);
  return [
    `${formatNaira(payment.amountKobo)} for “${escapeMrkdwn(payment.notes)}”`,
    customer ? ` from ${customer}` : '',
    `, requested by <@${payment.requestedBy}> in <#${payment.channelId}>`,
  ].join('');
}

/**
 * Tells approvers that a transfer's outcome is unknown. `reason` is written by this
 * app, not by a person, and is escaped all the same.
 */
export function needsReviewNotice(payment: NoticePayment, reason: string): string {
  return [
    `:warning: *Payment needs review:* ${describePayment(payment)}.`,
    `${escapeMrkdwn(reason)} The money may have moved.`,
    'Check the transaction on MiMo before anyone asks the customer to pay again. Nothing retries this transfer automatically.',
  ].join('\n');
}

export interface SettledTransfer {
  mimoTransactionId: string;
  /** The payer's name from their MiMo profile, when known. */
  payerName: string | null;
}

export function settlementNotice(payment: NoticePayment, transfer: SettledTransfer): string {
  const payer = transfer.payerName ? `, paid by ${escapeMrkdwn(transfer.payerName)} on MiMo` : '';
  return `:white_check_mark: *Settled:* ${describePayment(payment)}${payer}. MiMo transaction ${escapeMrkdwn(transfer.mimoTransactionId)}.`;
}
