import type { Services } from '../context.js';
import { recordAudit } from '../db/audit.js';
import { enqueueOutbox, type OutboxItem } from '../db/outbox.js';
import { insertPaymentRequest, type PaymentRequest } from '../db/payment-requests.js';
import { buildCustomerPayLinkMessage } from '../slack/blocks/pay-link-message.js';
import { slackActor } from './actor.js';
import { newPaymentReference, payLinkUrl } from './reference.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A checked payment request, as the command or the form produced it. */
export interface PaymentRequestInput {
  amountKobo: number;
  notes: string;
  customerSlackUserId: string | null;
  /** Name or email of a customer outside Slack. */
  customerLabel: string | null;
  destinationUser: string | null;
  expiryDays: number;
  /** Slack user id of the person requesting the money. */
  requestedBy: string;
  /** Channel where the card is posted. */
  channelId: string;
  teamId: string | null;
}

export interface CreatedPaymentRequest {
  payment: PaymentRequest;
  payLink: string;
}

/**
 * Stores a new payment request awaiting the customer in one transaction: the row, its
 * `created` audit entry, and in the outbox the card and (for a customer in Slack) a direct
 * message with the pay link. Then kicks the outbox worker to post them. Makes no MiMo call.
 */
export async function createPaymentRequest(
  services: Pick<Services, 'db' | 'config' | 'kickOutbox'>,
  input: PaymentRequestInput,
): Promise<CreatedPaymentRequest> {
  const { config } = services;
  const reference = newPaymentReference();
  const payLink = payLinkUrl(config.publicUrl, reference);
  const expiresAt = new Date(Date.now() + input.expiryDays * DAY_MS);

  const payment = await services.db.transaction(async (tx) => {
    const created = await insertPaymentRequest(tx, {
      reference,
      state: 'awaiting',
      amountKobo: input.amountKobo,
      notes: input.notes,
      customerSlackUserId: input.customerSlackUserId,
      customerLabel: input.customerLabel,
      destinationUser: input.destinationUser,
      teamId: input.teamId,
      requestedBy: input.requestedBy,
      channelId: input.channelId,
      expiresAt,
    });
    await recordAudit(tx, {
      entityType: 'payment_request',
      entityId: created.id,
      action: 'created',
      fromState: null,
      toState: 'awaiting',
      actor: slackActor(input.requestedBy),
      detail: {
        summary: 'Payment request created',
        amountKobo: input.amountKobo,
        channelId: input.channelId,
        expiresAt: expiresAt.toISOString(),
      },
    });

    const items: OutboxItem[] = [{ paymentRequestId: created.id, kind: 'card' }];
    if (input.customerSlackUserId) {
      const message = buildCustomerPayLinkMessage({
        merchantName: config.merchantName,
        amountKobo: input.amountKobo,
        notes: input.notes,
        requestedBy: input.requestedBy,
        payLink,
        expiresAt,
      });
      items.push({
        paymentRequestId: created.id,
        kind: 'direct_message',
        target: input.customerSlackUserId,
        payload: { text: message.text, blocks: message.blocks },
      });
    }
    await enqueueOutbox(tx, items);
    return created;
  });

  services.kickOutbox();
  return { payment, payLink };
}
