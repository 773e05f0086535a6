import { and, eq, lte, or, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { listAudit } from '../../src/db/audit.js';
import { paymentRequests, slackOutbox } from '../../src/db/schema.js';
import { findPaymentByReference, type PaymentRequest } from '../../src/db/payment-requests.js';
import { deliverOutbox } from '../../src/jobs/deliver-outbox.js';
import type { RecordedSlackCall, StoredMessage } from '../../src/slack-standin/server.js';
import type { Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';

/** Delivers the outbox until no row is being sent or ready to send (rows waiting for a retry are left). */
export async function deliverAll(h: Harness, timeoutMs = 10_000): Promise<void> {
  const { services } = h.app;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deliverOutbox(services, services.logger);
    const [busy] = await services.db
      .select({ count: sql<number>`count(*)::int` })
      .from(slackOutbox)
      .where(
        or(
          eq(slackOutbox.state, 'sending'),
          and(eq(slackOutbox.state, 'pending'), lte(slackOutbox.availableAt, sql`now()`)),
        ),
      );
    if (busy!.count === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Makes every pending outbox row due now, as if its backoff had passed. */
export async function skipBackoff(h: Harness): Promise<void> {
  await h.app.services.db.update(slackOutbox).set({ availableAt: sql`now()` }).where(eq(slackOutbox.state, 'pending'));
}

export async function allPayments(h: Harness): Promise<PaymentRequest[]> {
  return h.app.services.db.select().from(paymentRequests).orderBy(paymentRequests.createdAt);
}

export async function outboxRows(h: Harness) {
  return h.app.services.db.select().from(slackOutbox).orderBy(slackOutbox.id);
}

export async function auditOf(h: Harness, paymentId: string) {
  return listAudit(h.app.services.db, 'payment_request', paymentId);
}

/** Waits for a Slack call recorded at index `since` or later that matches `predicate`. */
export async function waitForCall(
  h: Harness,
  since: number,
  predicate: (call: RecordedSlackCall) => boolean,
  timeoutMs = 5_000,
): Promise<RecordedSlackCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = h.slack.calls.slice(since).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching Slack call within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for a reply through a response_url, recorded at index `since` or later, whose text matches. */
export function waitForReply(h: Harness, pattern: RegExp, since = 0): Promise<RecordedSlackCall> {
  return waitForCall(h, since, (call) => call.method === 'response_url' && pattern.test(String(call.args.text ?? '')));
}

/** Finds the payment whose pay link appears in `text`. */
export async function paymentLinkedIn(h: Harness, text: string): Promise<PaymentRequest> {
  const reference = /\/pay\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  expect(reference).toBeDefined();
  const payment = await findPaymentByReference(h.app.services.db, reference!);
  expect(payment).not.toBeNull();
  return payment!;
}

/** Sends `/mimo-pay` and waits until the request is stored and the requester has the link. */
export async function createByCommand(h: Harness, text: string, options: { userId?: string; channelId?: string } = {}): Promise<PaymentRequest> {
  const since = h.slack.calls.length;
  const response = await h.command('/mimo-pay', text, options);
  expect(response.status).toBe(200);
  const reply = await waitForReply(h, /Payment request for .*created/, since);
  return paymentLinkedIn(h, String(reply.args.text));
}

/** Finds the live card of a payment in the stand-in's channel history. */
export function cardOf(h: Harness, payment: { channelId: string; cardTs: string | null }): StoredMessage | undefined {
  return h.slack.messages.find((message) => message.channel === payment.channelId && message.ts === payment.cardTs && !message.threadTs);
}

export function repliesOf(h: Harness, payment: { channelId: string; cardTs: string | null }): StoredMessage[] {
  return h.slack.messages.filter((message) => message.channel === payment.channelId && message.threadTs === payment.cardTs);
}

/** Joins every mrkdwn and plain text string of a message's blocks, for text assertions. */
export function blockText(message: { blocks?: unknown[] } | undefined): string {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'text' && typeof item === 'string') texts.push(item);
        else visit(item);
      }
    }
  };
  visit(message?.blocks ?? []);
  return texts.join('\n');
}

let actionCount = 0;

/** Builds a block_actions payload for a click on the card's cancel button. */
export function cancelClick(h: Harness, payment: PaymentRequest, userId: string): Record<string, unknown> {
  actionCount += 1;
  return {
    type: 'block_actions',
    team: { id: 'T0STANDIN', domain: 'standin' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0STANDIN' },
    api_app_id: 'A0MIMO',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: payment.cardTs, channel_id: payment.channelId, is_ephemeral: false },
    trigger_id: `trigger.action.${actionCount}`,
    channel: { id: payment.channelId, name: 'sales' },
    message: { type: 'message', ts: payment.cardTs, text: 'card' },
    response_url: `${h.slack.responseUrl}/action-${actionCount}`,
    actions: [
      {
        type: 'button',
        action_id: 'cancel_request',
        block_id: 'payment_actions',
        value: payment.id,
        text: { type: 'plain_text', text: 'Cancel request' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export interface FormValues {
  customerUser?: string | null;
  customerLabel?: string;
  amount?: string;
  notes?: string;
  destinationUser?: string;
  expiryDays?: string;
}

/** Builds a view_submission payload of the payment request form. */
export function formSubmission(values: FormValues, options: { userId?: string; channelId?: string; privateMetadata?: string } = {}) {
  const userId = options.userId ?? TEST_USERS.rep;
  const text = (value: string | undefined) => ({ type: 'plain_text_input', value: value ?? null });
  return {
    type: 'view_submission',
    team: { id: 'T0STANDIN', domain: 'standin' },
    user: { id: userId, username: 'tunde', name: 'tunde', team_id: 'T0STANDIN' },
    api_app_id: 'A0MIMO',
    token: 'legacy-verification-token',
    trigger_id: 'trigger.view',
    view: {
      id: 'V00000001',
      team_id: 'T0STANDIN',
      type: 'modal',
      callback_id: 'payment_request_modal',
      private_metadata: options.privateMetadata ?? JSON.stringify({ channelId: options.channelId ?? TEST_CHANNELS.sales }),
      title: { type: 'plain_text', text: 'Request a payment' },
      blocks: [],
      state: {
        values: {
          customer_user: { value: { type: 'users_select', selected_user: values.customerUser ?? null } },
          customer_label: { value: text(values.customerLabel) },
          amount: { value: text(values.amount) },
          notes: { value: text(values.notes) },
          destination_user: { value: text(values.destinationUser) },
          expiry_days: { value: { type: 'number_input', value: values.expiryDays ?? '7' } },
        },
      },
      hash: '1.abc',
      root_view_id: 'V00000001',
      previous_view_id: null,
      app_id: 'A0MIMO',
      bot_id: 'B0MIMOBOT',
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
}
