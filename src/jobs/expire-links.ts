import type { Services } from '../context.js';
import { findPaymentById, withDuePayments } from '../db/payment-requests.js';
import type { Transaction } from '../db/database.js';
import type { PaymentState } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../payments/actor.js';
import { transitionPayment } from '../payments/transition.js';
import { needsReviewNotice } from '../slack/notices.js';

const ACTOR: Actor = 'job:expire-links';

/** Requests moved per kind and run; the rest wait for the next run. */
const BATCH_SIZE = 100;

/**
 * How long a request may stay in `exchanging` or `transferring` before the job steps in.
 * NOTE: a callback whose MiMo calls take longer than this (a MIMO_TIMEOUT_MS near its
 * 120 s maximum, with read retries) can be overtaken. That is safe: an overtaken
 * exchange cannot reach the create, and a create that succeeds late still records its
 * transfer from `needs_review`.
 */
export const STALE_AFTER_MS = 5 * 60_000;

const STALE_TRANSFER_REASON = 'The transfer was sent to MiMo, but no answer was recorded within 5 minutes.';

/**
 * Expires pay links past `expires_at`, reopens requests stuck in `exchanging` (no money
 * moved yet), and flags requests stuck in `transferring` for review, because their
 * transfer may have gone through. Never calls MiMo.
 */
export async function expireLinks(services: Services, logger: Logger): Promise<void> {
  const expired = await moveEach(services, logger, 'awaiting', { expired: true }, (tx, paymentId) =>
    transitionPayment(tx, {
      paymentId,
      from: ['awaiting'],
      to: 'expired',
      actor: ACTOR,
      action: 'link_expired',
      summary: 'The pay link expired before the customer paid. No money moved.',
    }),
  );

  const reopened = await moveEach(services, logger, 'exchanging', { unchangedForMs: STALE_AFTER_MS }, (tx, paymentId) =>
    transitionPayment(tx, {
      paymentId,
      from: ['exchanging'],
      to: 'awaiting',
      actor: ACTOR,
      action: 'exchange_abandoned',
      summary: 'The token exchange with MiMo did not finish, so no money moved. The pay link works again.',
      threadReply: false,
    }),
  );

  const flagged = await moveEach(services, logger, 'transferring', { unchangedForMs: STALE_AFTER_MS }, async (tx, paymentId) => {
    const payment = await findPaymentById(tx, paymentId);
    if (!payment) return null;
    return transitionPayment(tx, {
      paymentId,
      from: ['transferring'],
      to: 'needs_review',
      actor: ACTOR,
      action: 'transfer_outcome_unknown',
      summary: `${STALE_TRANSFER_REASON} The money may have moved, so the payment needs review.`,
      failureReason: STALE_TRANSFER_REASON,
      notify: [
        {
          paymentRequestId: paymentId,
          kind: 'message',
          target: services.config.approvalsChannel,
          payload: { text: needsReviewNotice(payment, STALE_TRANSFER_REASON) },
        },
      ],
    });
  });

  if (expired + reopened + flagged > 0) {
    services.kickOutbox();
    logger.info({ expired, reopened, flagged }, 'moved expired and stale payment requests');
  }
}

/**
 * Locks the due requests in `state` and moves each with `move`, all in one transaction
 * that calls neither MiMo nor Slack. Each move runs in its own savepoint, so a failure
 * is logged and the job goes on with the next request. Returns how many were moved.
 */
async function moveEach(
  services: Services,
  logger: Logger,
  state: PaymentState,
  due: Parameters<typeof withDuePayments>[2],
  move: (tx: Transaction, paymentId: string) => Promise<unknown>,
): Promise<number> {
  return withDuePayments(services.db, state, due, BATCH_SIZE, async (tx, ids) => {
    let moved = 0;
    for (const paymentId of ids) {
      try {
        if (await move(tx, paymentId)) moved += 1;
      } catch (error) {
        logger.error({ err: error, paymentId, state }, 'could not move a due payment request; the next run tries again');
      }
    }
    return moved;
  });
}
