import type { App } from '@slack/bolt';
import type { Services } from '../context.js';
import { findPaymentById, findPaymentByReference, type PaymentRequest } from '../db/payment-requests.js';
import { findTransferByPayment, findTransferByTransactionId, type Transfer } from '../db/transfers.js';
import type { Logger } from '../logger.js';
import { isMimoError } from '../mimo/index.js';
import { formatNaira } from '../money.js';
import { isWellFormedReference } from '../oauth/pay-link.js';
import { presentState } from '../slack/blocks/payment-state.js';
import { escapeMrkdwn, truncateText } from '../slack/mrkdwn.js';
import { formatLagosTime } from '../time.js';

export const MIMO_STATUS_USAGE = [
  'Usage: `/mimo-status <MiMo transaction id | payment reference>`',
  'Examples: `/mimo-status 11234`, or the reference at the end of a pay link (the part after `/pay/`). The whole pay link works too.',
].join('\n');

export type StatusQuery = { kind: 'transaction'; transactionId: string } | { kind: 'reference'; reference: string };

const TRANSACTION_ID_PATTERN = /^[1-9]\d{0,19}$/;
const PAY_LINK_PATTERN = /^<?https?:\/\/[^\s/]+(?:\/[^\s]*)?\/pay\/([^\s/?#>|]+)(?:\|[^>]*)?>?$/;

/**
 * Reads the command text: a MiMo transaction id, a payment reference, or a whole pay
 * link (Slack may send a link wrapped as `<url>` or `<url|label>`). Returns null for
 * anything else.
 */
export function parseStatusQuery(text: string): StatusQuery | null {
  const value = text.trim();
  if (TRANSACTION_ID_PATTERN.test(value)) {
    return { kind: 'transaction', transactionId: value };
  }
  const fromLink = PAY_LINK_PATTERN.exec(value)?.[1];
  const reference = fromLink ?? value;
  return isWellFormedReference(reference) ? { kind: 'reference', reference } : null;
}

/** The person who ran the command and its channel. The reply reveals a payment only to people who can already see its card. */
export interface StatusRequester {
  userId: string;
  channelId: string;
}

/** The transfer's status read from MiMo just now, or the error code when the read failed. */
export type LiveStatus = { ok: true; mimoStatus: string } | { ok: false; errorCode: string };

export interface StatusView {
  payment: PaymentRequest;
  transfer: Transfer | null;
  live: LiveStatus | null;
}

/**
 * Registers `/mimo-status`. A malformed argument gets the usage in the acknowledgement.
 * Otherwise the status follows through response_url, because the live read from MiMo
 * can take longer than Slack waits for an acknowledgement. Unexpected errors reach the
 * app's global Slack error handler.
 */
export function registerMimoStatusCommand(app: App, services: Services): void {
  app.command('/mimo-status', async ({ command, ack, respond }) => {
    const query = parseStatusQuery(command.text);
    if (query === null) {
      const problem = command.text.trim() === '' ? 'Give a transaction id or payment reference.' : 'That is neither a MiMo transaction id nor a payment reference.';
      await ack({ response_type: 'ephemeral', text: `${problem}\n\n${MIMO_STATUS_USAGE}` });
      return;
    }
    await ack();
    const log = services.logger.child({ component: 'mimo-status', slackUserId: command.user_id });
    const text = await lookUpStatus(services, query, { userId: command.user_id, channelId: command.channel_id }, log);
    await respond({ response_type: 'ephemeral', text });
  });
}

/** Finds the payment, reads its transfer's status from MiMo, and returns the reply text. */
export async function lookUpStatus(services: Services, query: StatusQuery, requester: StatusRequester, log: Logger): Promise<string> {
  const found = await findPayment(services, query);
  if (!found || !canSee(services, found.payment, requester)) {
    return `No payment request matches \`${escapeMrkdwn(describeQuery(query))}\` that you can see. Check the id, or ask in the channel where the request was made.\n\n${MIMO_STATUS_USAGE}`;
  }
  const live = found.transfer ? await readLiveStatus(services, found.transfer, log) : null;
  return formatStatusReply({ ...found, live });
}

async function findPayment(services: Services, query: StatusQuery): Promise<{ payment: PaymentRequest; transfer: Transfer | null } | null> {
  if (query.kind === 'transaction') {
    const transfer = await findTransferByTransactionId(services.db, query.transactionId);
    const payment = transfer ? await findPaymentById(services.db, transfer.paymentRequestId) : null;
    return payment ? { payment, transfer } : null;
  }
  const payment = await findPaymentByReference(services.db, query.reference);
  return payment ? { payment, transfer: await findTransferByPayment(services.db, payment.id) } : null;
}

function canSee(services: Services, payment: PaymentRequest, requester: StatusRequester): boolean {
  return (
    requester.channelId === payment.channelId ||
    requester.userId === payment.requestedBy ||
    requester.userId === payment.customerSlackUserId ||
    services.config.refundApprovers.includes(requester.userId)
  );
}

function describeQuery(query: StatusQuery): string {
  return query.kind === 'transaction' ? query.transactionId : `${query.reference.slice(0, 6)}…`;
}

async function readLiveStatus(services: Services, transfer: Transfer, log: Logger): Promise<LiveStatus> {
  try {
    const details = await services.tokens.withToken(transfer.authorizationId, (token) =>
      services.mimo.transferDetails(token, transfer.mimoTransactionId),
    );
    return { ok: true, mimoStatus: details.status.raw };
  } catch (error) {
    const errorCode = isMimoError(error) ? error.code : 'internal';
    log.warn({ err: error, errorCode, transactionId: transfer.mimoTransactionId }, 'could not read the transfer status from MiMo for /mimo-status');
    return { ok: false, errorCode };
  }
}

/** Longest MiMo status text shown, before escaping. */
const MAX_STATUS_LENGTH = 100;

/** Builds the ephemeral reply in mrkdwn. Pure. */
export function formatStatusReply(view: StatusView): string {
  const { payment, transfer, live } = view;
  const state = presentState(payment.state);
  const customer = payment.customerSlackUserId
    ? `<@${payment.customerSlackUserId}>`
    : payment.customerLabel
      ? escapeMrkdwn(payment.customerLabel)
      : 'not named';
  const lines = [
    `${state.emoji} *${escapeMrkdwn(state.label)}* · *${formatNaira(payment.amountKobo)}* · ${escapeMrkdwn(truncateText(payment.notes, 120))}`,
    state.detail,
    `*Customer:* ${customer} · *Requested by:* <@${payment.requestedBy}> in <#${payment.channelId}>`,
    `*Requested:* ${formatLagosTime(payment.createdAt)} · *Last change:* ${formatLagosTime(payment.updatedAt)}`,
  ];
  if (payment.state === 'awaiting') {
    lines.push(`*Link expires:* ${formatLagosTime(payment.expiresAt)}`);
  }
  if (payment.failureReason) {
    lines.push(`*Reason:* ${escapeMrkdwn(truncateText(payment.failureReason, 300))}`);
  }
  if (transfer) {
    lines.push(`*MiMo transaction:* ${escapeMrkdwn(transfer.mimoTransactionId)}`);
    if (live?.ok) {
      lines.push(`*Status on MiMo now:* ${escapeMrkdwn(truncateText(live.mimoStatus, MAX_STATUS_LENGTH))}`);
    } else {
      const checked = transfer.lastPolledAt ? formatLagosTime(transfer.lastPolledAt) : 'never';
      lines.push(
        `*Status on MiMo:* ${escapeMrkdwn(truncateText(transfer.mimoStatus, MAX_STATUS_LENGTH))} (stored; last checked ${checked})`,
        `_MiMo did not answer just now (${escapeMrkdwn(live?.errorCode ?? 'no answer')}), so this is the status stored at the last check._`,
      );
    }
  }
  return lines.join('\n');
}
