import type { Services } from '../context.js';
import { recordAudit } from '../db/audit.js';
import { findAuthorizationById } from '../db/authorizations.js';
import { enqueueOutbox, type OutboxItem } from '../db/outbox.js';
import { findPaymentById, type PaymentRequest } from '../db/payment-requests.js';
import type { PaymentState, TransferState } from '../db/schema.js';
import {
  claimDueTransfers,
  recordPollFailure,
  recordPollResult,
  updateTransferState,
  type Transfer,
} from '../db/transfers.js';
import type { Logger } from '../logger.js';
import { isMimoError, type TransferStatus } from '../mimo/index.js';
import { transitionPayment } from '../payments/transition.js';
import { truncateText } from '../slack/mrkdwn.js';
import { settlementNotice } from '../slack/notices.js';

/** Transfers read per run; the rest stay due for the next run. */
const BATCH_SIZE = 50;
/** How long a claimed transfer is kept from other pollers while this one reads it. */
export const POLL_LEASE_MS = 2 * 60_000;
/** Delay before reading a still-pending transfer again. */
export const POLL_INTERVAL_MS = 60_000;
/** Delay after the first failed read; it doubles with each further failure up to MAX_BACKOFF_MS. */
export const FAILURE_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 60 * 60_000;
/** Characters of MiMo's status text quoted in a thread reply; the column keeps all of it. */
const MAX_STATUS_IN_SUMMARY = 100;

/** Delay before the next read after `failures` failed reads in a row. */
export function backoffAfter(failures: number): number {
  return Math.min(FAILURE_BACKOFF_MS * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}

/**
 * Reads the status of every pending transfer that is due and applies it: `completed`
 * settles the transfer and its payment and posts to the settlements channel, `voided`
 * voids both, `failed` or `declined` fails both. Any other status is kept verbatim on
 * the transfer and shown in the card's thread, and the transfer stays pending.
 */
export async function pollTransfers(services: Services, logger: Logger): Promise<void> {
  const claimed = await claimDueTransfers(services.db, BATCH_SIZE, POLL_LEASE_MS);
  for (const transfer of claimed) {
    const log = logger.child({
      transferId: transfer.id,
      paymentId: transfer.paymentRequestId,
      transactionId: transfer.mimoTransactionId,
    });
    try {
      await pollTransfer(services, transfer, log);
    } catch (error) {
      // The lease runs out and a later run reads this transfer again.
      log.error({ err: error }, 'could not apply the transfer status read from MiMo');
    }
  }
  if (claimed.length > 0) {
    logger.debug({ transfers: claimed.length }, 'polled MiMo transfers');
  }
}

async function pollTransfer(services: Services, transfer: Transfer, log: Logger): Promise<void> {
  let status: TransferStatus;
  try {
    const details = await services.tokens.withToken(transfer.authorizationId, (token) =>
      services.mimo.transferDetails(token, transfer.mimoTransactionId),
    );
    status = details.status;
  } catch (error) {
    const failures = transfer.pollFailures + 1;
    const retryInMs = backoffAfter(failures);
    await recordPollFailure(services.db, transfer.id, retryInMs);
    log.warn(
      { err: error, errorCode: isMimoError(error) ? error.code : 'internal', failures, retryInMs },
      'could not read the transfer status from MiMo; will try again',
    );
    return;
  }

  switch (status.kind) {
    case 'completed':
      return settle(services, transfer, status.raw, log);
    case 'voided':
      return finish(services, transfer, status.raw, { transfer: 'voided', payment: 'voided' }, log);
    case 'failed':
    case 'declined':
      return finish(services, transfer, status.raw, { transfer: 'failed', payment: 'failed' }, log);
    case 'pending':
      return keepPending(services, transfer, status.raw, { recognised: true }, log);
    case 'refunded':
    case 'unknown':
      // A pending transfer cannot be refunded in MiMo's documented flow, so a
      // `refunded` here is as unexpected as an undocumented status.
      return keepPending(services, transfer, status.raw, { recognised: false }, log);
  }
}

async function loadPayment(services: Services, transfer: Transfer): Promise<PaymentRequest> {
  const payment = await findPaymentById(services.db, transfer.paymentRequestId);
  if (!payment) {
    throw new Error(`Transfer ${transfer.id} refers to payment request ${transfer.paymentRequestId}, which does not exist`);
  }
  return payment;
}

async function settle(services: Services, transfer: Transfer, mimoStatus: string, log: Logger): Promise<void> {
  const payment = await loadPayment(services, transfer);
  const authorization = await findAuthorizationById(services.db, transfer.authorizationId);
  const notice: OutboxItem = {
    paymentRequestId: payment.id,
    kind: 'message',
    target: services.config.settlementsChannel,
    payload: {
      text: settlementNotice(payment, {
        mimoTransactionId: transfer.mimoTransactionId,
        payerName: authorization?.payerName ?? null,
      }),
    },
  };
  const settled = await transitionPayment(services.db, {
    paymentId: payment.id,
    from: ['transferred'],
    to: 'settled',
    actor: 'mimo',
    action: 'transfer_settled',
    summary: `MiMo settled the transfer (transaction ${transfer.mimoTransactionId}).`,
    detail: { transactionId: transfer.mimoTransactionId, mimoStatus },
    notify: [notice],
    alsoWrite: async (tx) => {
      await updateTransferState(tx, transfer.id, ['pending'], 'settled', mimoStatus);
    },
  });
  if (!settled) {
    await updateTransferState(services.db, transfer.id, ['pending'], 'settled', mimoStatus);
    log.warn({ paymentState: payment.state }, 'MiMo settled a transfer whose payment is no longer transferred; updated the transfer only');
    return;
  }
  services.kickOutbox();
  log.info('MiMo settled the transfer');
}

/** Applies a final status other than completed to the transfer and its payment. */
async function finish(
  services: Services,
  transfer: Transfer,
  mimoStatus: string,
  to: { transfer: TransferState; payment: PaymentState },
  log: Logger,
): Promise<void> {
  const reason = to.payment === 'failed' ? `MiMo reported the transfer as ${mimoStatus}.` : undefined;
  const moved = await transitionPayment(services.db, {
    paymentId: transfer.paymentRequestId,
    from: ['transferred'],
    to: to.payment,
    actor: 'mimo',
    action: `transfer_${to.transfer}`,
    summary: `MiMo reports the transfer as ${mimoStatus} (transaction ${transfer.mimoTransactionId}).`,
    detail: { transactionId: transfer.mimoTransactionId, mimoStatus },
    ...(reason ? { failureReason: reason } : {}),
    alsoWrite: async (tx) => {
      await updateTransferState(tx, transfer.id, ['pending'], to.transfer, mimoStatus);
    },
  });
  if (!moved) {
    await updateTransferState(services.db, transfer.id, ['pending'], to.transfer, mimoStatus);
    log.warn({ mimoStatus }, 'MiMo ended a transfer whose payment is no longer transferred; updated the transfer only');
    return;
  }
  services.kickOutbox();
  log.info({ mimoStatus }, 'MiMo ended the transfer without settling it');
}

/**
 * Stores the status of a transfer that stays pending. When the text changes, the
 * change is audited and the card and its thread are updated, so people see a status
 * this app does not act on.
 */
async function keepPending(
  services: Services,
  transfer: Transfer,
  mimoStatus: string,
  options: { recognised: boolean },
  log: Logger,
): Promise<void> {
  const changed = transfer.mimoStatus !== mimoStatus;
  if (!changed) {
    await recordPollResult(services.db, transfer.id, mimoStatus, POLL_INTERVAL_MS);
    log.debug({ mimoStatus }, 'transfer status unchanged');
    return;
  }

  const shownStatus = truncateText(mimoStatus, MAX_STATUS_IN_SUMMARY);
  const summary = options.recognised
    ? `MiMo reports the transfer as ${shownStatus} again.`
    : `MiMo reports the transfer status “${shownStatus}”, which this app does not know. Nothing was changed, so check the transaction on MiMo.`;
  const payment = await loadPayment(services, transfer);
  const recorded = await services.db.transaction(async (tx) => {
    // Only the poller that moves the stored status from the one it read announces the change.
    const moved = await recordPollResult(tx, transfer.id, mimoStatus, POLL_INTERVAL_MS, { previousMimoStatus: transfer.mimoStatus });
    if (!moved) return false;
    await recordAudit(tx, {
      entityType: 'transfer',
      entityId: transfer.id,
      action: options.recognised ? 'mimo_status_changed' : 'mimo_status_unrecognised',
      fromState: transfer.state,
      toState: transfer.state,
      actor: 'mimo',
      detail: { mimoStatus, previousMimoStatus: transfer.mimoStatus, summary },
    });
    await enqueueOutbox(tx, [
      { paymentRequestId: payment.id, kind: 'card' },
      {
        paymentRequestId: payment.id,
        kind: 'thread_reply',
        payload: { state: payment.state, summary, actor: 'mimo', at: new Date().toISOString() },
      },
    ]);
    return true;
  });
  if (!recorded) {
    log.debug({ mimoStatus }, 'another poller already recorded this status change');
    return;
  }
  services.kickOutbox();
  if (options.recognised) {
    log.info({ mimoStatus, previousMimoStatus: transfer.mimoStatus }, 'transfer status changed back to a known one');
  } else {
    log.warn({ mimoStatus, previousMimoStatus: transfer.mimoStatus }, 'MiMo reported a transfer status this app does not know; kept it verbatim');
  }
}
