import type { Services } from '../context.js';
import type { Logger } from '../logger.js';
import {
  claimOutbox,
  enqueueOutbox,
  hasEarlierCardFailure,
  markOutboxFailed,
  markOutboxSent,
  retryOutboxLater,
  type OutboxRow,
} from '../db/outbox.js';
import { findPaymentById, setCardTs } from '../db/payment-requests.js';
import { loadPaymentView } from '../payments/payment-view.js';
import { payLinkUrl } from '../payments/reference.js';
import { buildCardFailureNotice } from '../slack/blocks/card-failure-notice.js';
import { buildPaymentCard } from '../slack/blocks/payment-card.js';
import { buildThreadReply, readThreadReplyPayload } from '../slack/blocks/thread-reply.js';
import { classifySlackError, type SlackFailure } from '../slack/slack-api-error.js';

/** Rows claimed per round. */
export const OUTBOX_BATCH_SIZE = 20;
/**
 * How long a claimed row stays reserved. Rows are sent one after another with the Slack
 * client's 10 s timeout, so a full batch can take 200 s. The lease is longer than that.
 */
export const OUTBOX_LEASE_MS = 5 * 60_000;
/** Maximum rounds per run. Rows left over wait for the next sweep. */
export const OUTBOX_MAX_ROUNDS = 50;
/** Attempts after which a row that keeps failing temporarily is given up. */
export const OUTBOX_MAX_ATTEMPTS = 10;
/** Attempts a thread reply waits for its card to be posted before it is given up. */
export const THREAD_REPLY_MAX_WAITS = 3;
const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 15 * 60_000;

type Outcome = { kind: 'sent' } | SlackFailure;

const sent: Outcome = { kind: 'sent' };

/**
 * Delivers queued Slack posts until nothing is claimable (at most OUTBOX_MAX_ROUNDS
 * rounds). Each row is claimed in a short transaction and sent with no transaction
 * open. Temporary failures go back to pending with backoff (Slack's Retry-After when
 * given). Permanent failures are marked failed, and a failed card is reported to its
 * requester by direct message.
 */
export async function deliverOutbox(services: Services, logger: Logger): Promise<void> {
  let delivered = 0;
  for (let round = 0; round < OUTBOX_MAX_ROUNDS; round += 1) {
    const rows = await claimOutbox(services.db, OUTBOX_BATCH_SIZE, OUTBOX_LEASE_MS);
    if (rows.length === 0) {
      if (delivered > 0) logger.debug({ rows: delivered }, 'outbox delivered');
      return;
    }
    for (const row of rows) {
      await deliverRow(services, logger.child({ outboxId: row.id, paymentId: row.paymentRequestId, outboxKind: row.kind }), row);
      delivered += 1;
    }
  }
  logger.info({ rounds: OUTBOX_MAX_ROUNDS, rows: delivered }, 'outbox run stopped at its round limit; the next sweep continues');
}

async function deliverRow(services: Services, logger: Logger, row: OutboxRow): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = await sendRow(services, row);
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure) {
      outcome = failure;
    } else {
      logger.error({ err: error }, 'unexpected error while delivering an outbox row');
      outcome = { kind: 'temporary', reason: `unexpected: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  if (outcome.kind === 'sent') {
    await markOutboxSent(services.db, row.id);
    return;
  }
  if (outcome.kind === 'temporary' && row.attempts < OUTBOX_MAX_ATTEMPTS) {
    const delayMs = outcome.retryAfterMs ?? backoffMs(row.attempts);
    logger.warn({ reason: outcome.reason, attempts: row.attempts, delayMs }, 'Slack post failed; retrying later');
    await retryOutboxLater(services.db, row.id, outcome.reason, delayMs);
    return;
  }

  const reason = outcome.kind === 'temporary' ? `${outcome.reason} (gave up after ${row.attempts} attempts)` : outcome.reason;
  logger.error({ reason, attempts: row.attempts }, 'Slack post failed permanently');
  if (row.kind === 'card' && row.paymentRequestId) {
    await failCardAndTellRequester(services, row, reason, outcome.reason);
  } else {
    await markOutboxFailed(services.db, row.id, reason);
  }
}

function sendRow(services: Services, row: OutboxRow): Promise<Outcome> {
  switch (row.kind) {
    case 'card':
      return sendCard(services, row);
    case 'thread_reply':
      return sendThreadReply(services, row);
    case 'message':
    case 'direct_message':
      return sendMessage(services, row);
    default:
      return Promise.resolve({ kind: 'permanent', reason: `unknown outbox kind ${String(row.kind)}` });
  }
}

async function sendCard(services: Services, row: OutboxRow): Promise<Outcome> {
  if (!row.paymentRequestId) return { kind: 'permanent', reason: 'card row has no payment request' };
  const view = await loadPaymentView(services.db, row.paymentRequestId, (reference) => payLinkUrl(services.config.publicUrl, reference));
  if (!view) return { kind: 'permanent', reason: 'payment request not found' };
  const { text, blocks } = buildPaymentCard(view);
  const { payment } = view;

  if (payment.cardTs === null) {
    const result = await services.slack.chat.postMessage({
      channel: payment.channelId,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!result.ts) return { kind: 'temporary', reason: 'chat.postMessage returned no ts' };
    await storeCardTs(services, payment.id, result.ts);
    return sent;
  }
  await services.slack.chat.update({ channel: payment.channelId, ts: payment.cardTs, text, blocks });
  return sent;
}

/** Attempts to store a posted card's timestamp before giving up. */
const CARD_TS_ATTEMPTS = 3;

/**
 * Stores the timestamp of a card that Slack has just posted. The post cannot be undone,
 * so a failed write is tried again here instead of failing the row, which would post a
 * second card on the next delivery.
 * NOTE: if every attempt fails, the row still counts as sent, so the next card change
 * posts a new card. The error line carries the timestamp of the first one.
 */
async function storeCardTs(services: Services, paymentId: string, cardTs: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await setCardTs(services.db, paymentId, cardTs);
      return;
    } catch (error) {
      if (attempt >= CARD_TS_ATTEMPTS) {
        services.logger.error({ err: error, paymentId, cardTs }, 'posted the card but could not store its timestamp');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function sendThreadReply(services: Services, row: OutboxRow): Promise<Outcome> {
  const reply = readThreadReplyPayload(row.payload);
  if (!reply) return { kind: 'permanent', reason: 'invalid thread reply payload' };
  if (!row.paymentRequestId) return { kind: 'permanent', reason: 'thread reply row has no payment request' };
  const payment = await findPaymentById(services.db, row.paymentRequestId);
  if (!payment) return { kind: 'permanent', reason: 'payment request not found' };
  if (payment.cardTs === null) {
    return row.attempts < THREAD_REPLY_MAX_WAITS
      ? { kind: 'temporary', reason: 'card not posted yet' }
      : { kind: 'permanent', reason: 'card was never posted' };
  }

  const { text, blocks } = buildThreadReply(reply);
  await services.slack.chat.postMessage({
    channel: payment.channelId,
    thread_ts: payment.cardTs,
    text,
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  return sent;
}

async function sendMessage(services: Services, row: OutboxRow): Promise<Outcome> {
  const { text, blocks } = row.payload;
  if (!row.target || typeof text !== 'string') {
    return { kind: 'permanent', reason: `${row.kind} row needs a target and payload.text` };
  }
  await services.slack.chat.postMessage({
    channel: row.target,
    text,
    ...(Array.isArray(blocks) ? { blocks } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return sent;
}

/** Marks a card row failed and, in the same transaction, queues a direct message telling the requester. */
async function failCardAndTellRequester(services: Services, row: OutboxRow, reason: string, slackError: string): Promise<void> {
  const view = await loadPaymentView(services.db, row.paymentRequestId!, (reference) => payLinkUrl(services.config.publicUrl, reference));
  if (!view) {
    await markOutboxFailed(services.db, row.id, reason);
    return;
  }
  // The requester hears of each kind of failure once, not again at every later change.
  if (await hasEarlierCardFailure(services.db, view.payment.id, row.id, reason)) {
    await markOutboxFailed(services.db, row.id, reason);
    return;
  }
  const notice = buildCardFailureNotice(view, slackError, view.payment.cardTs !== null);
  await services.db.transaction(async (tx) => {
    await markOutboxFailed(tx, row.id, reason);
    await enqueueOutbox(tx, [
      { paymentRequestId: view.payment.id, kind: 'direct_message', target: view.payment.requestedBy, payload: { text: notice } },
    ]);
  });
}

/** Exponential backoff from 5 s, doubling per attempt, capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}
