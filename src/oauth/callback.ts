/**
 * MiMo's callback, `GET /mimo/callback/<reference>`: the customer returns from the
 * consent page with an authentication code (or `access_denied`), and this module
 * turns the code into a token and the token into a transfer.
 *
 * Each step first moves the payment request with a conditional transition, so a
 * refresh, a second tab or a replayed code finds the request already moved and is
 * shown its current state instead of acting again. No transaction is open while MiMo
 * is called.
 */
import type { Services } from '../context.js';
import { saveAuthorizationCode, savePayerProfile } from '../db/authorizations.js';
import { findPaymentById, findPaymentByReference, type PaymentRequest } from '../db/payment-requests.js';
import { enqueueOutbox } from '../db/outbox.js';
import { insertTransfer } from '../db/transfers.js';
import type { Logger } from '../logger.js';
import { isMimoError, type MimoError, type MimoUserProfile, type TransferCreated } from '../mimo/index.js';
import { formatNaira } from '../money.js';
import { transitionPayment } from '../payments/transition.js';
import { needsReviewNotice } from '../slack/notices.js';
import { badRequestPage } from '../web/pages/bad-request.js';
import { cancelledPage } from '../web/pages/cancelled.js';
import { confirmingPage } from '../web/pages/confirming.js';
import { failedPage } from '../web/pages/failed.js';
import type { Page, PaymentSummary } from '../web/pages/layout.js';
import { notFoundPage } from '../web/pages/not-found.js';
import { tryAgainPage } from '../web/pages/try-again.js';
import { currentStatePage } from '../web/payment-view.js';
import { payLinkUrl } from '../payments/reference.js';
import { isWellFormedReference } from './pay-link.js';

export type CallbackParameters = { kind: 'approved'; code: string } | { kind: 'denied' };

const MAX_CODE_LENGTH = 512;
const CODE_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Reads the callback's query: `response_type=code` with one `code`, or
 * `response_type=access_denied`. Returns null for anything else, including repeated
 * parameters and codes with spaces or non-ASCII characters.
 */
export function parseCallbackParameters(query: Record<string, unknown>): CallbackParameters | null {
  const responseType = query['response_type'];
  if (responseType === 'access_denied') {
    return { kind: 'denied' };
  }
  if (responseType !== 'code') {
    return null;
  }
  const code = query['code'];
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH || !CODE_PATTERN.test(code)) {
    return null;
  }
  return { kind: 'approved', code };
}

/** Handles the callback and returns the page to show the customer. */
export async function handleCallback(
  services: Services,
  reference: string,
  query: Record<string, unknown>,
  logger: Logger,
): Promise<Page> {
  if (!isWellFormedReference(reference)) {
    return notFoundPage();
  }
  const parameters = parseCallbackParameters(query);
  if (parameters === null) {
    logger.info('MiMo callback with missing or malformed parameters');
    return badRequestPage();
  }
  const payment = await findPaymentByReference(services.db, reference);
  if (!payment) {
    return notFoundPage();
  }
  const log = logger.child({ paymentId: payment.id });
  if (parameters.kind === 'denied') {
    return declinePayment(services, payment, log);
  }
  return completePayment(services, payment, parameters.code, log);
}

function summaryOf(services: Services, payment: PaymentRequest): PaymentSummary {
  return { merchantName: services.config.merchantName, amountKobo: payment.amountKobo };
}

/** Shows the state that another request left the payment in. */
async function showCurrentState(services: Services, paymentId: string, log: Logger): Promise<Page> {
  const current = await findPaymentById(services.db, paymentId);
  if (!current) {
    return notFoundPage();
  }
  log.info({ state: current.state }, 'payment already moved by another request; showing its state');
  return currentStatePage(services, current);
}

async function declinePayment(services: Services, payment: PaymentRequest, log: Logger): Promise<Page> {
  const declined = await transitionPayment(services.db, {
    paymentId: payment.id,
    from: ['awaiting'],
    to: 'declined',
    actor: 'customer',
    action: 'customer_declined',
    summary: 'The customer declined the payment on MiMo.',
  });
  if (!declined) {
    return showCurrentState(services, payment.id, log);
  }
  services.kickOutbox();
  log.info('customer declined the payment on MiMo');
  return cancelledPage(summaryOf(services, payment), 'customer');
}

async function completePayment(services: Services, payment: PaymentRequest, code: string, log: Logger): Promise<Page> {
  const exchanging = await transitionPayment(services.db, {
    paymentId: payment.id,
    from: ['awaiting'],
    to: 'exchanging',
    actor: 'customer',
    action: 'customer_approved',
    summary: 'The customer approved the payment on MiMo.',
    onlyIfUnexpired: true,
    threadReply: false,
  });
  if (!exchanging) {
    return showCurrentState(services, payment.id, log);
  }
  services.kickOutbox();

  let authorizationId: string;
  try {
    authorizationId = await authorize(services, payment, code);
  } catch (error) {
    await reopenAfterFailedExchange(services, payment, error, log);
    if (isMimoError(error)) {
      return tryAgainPage(summaryOf(services, payment), payLinkUrl(services.config.publicUrl, payment.reference));
    }
    throw error;
  }
  const authLog = log.child({ authorizationId });

  await recordPayer(services, authorizationId, authLog);

  // The move comes before the create, so a crash during the create leaves the payment
  // in `transferring`, where the expiry job flags it for review instead of retrying.
  const transferring = await transitionPayment(services.db, {
    paymentId: payment.id,
    from: ['exchanging'],
    to: 'transferring',
    actor: 'system',
    action: 'transfer_requested',
    summary: 'Sending the transfer to MiMo.',
    threadReply: false,
  });
  if (!transferring) {
    return showCurrentState(services, payment.id, authLog);
  }
  services.kickOutbox();

  let created: TransferCreated;
  try {
    created = await services.tokens.withToken(authorizationId, (token) => services.mimo.createTransfer(token));
  } catch (error) {
    if (!isMimoError(error)) {
      // Left in `transferring` on purpose: the expiry job moves it to needs_review.
      throw error;
    }
    return handleCreateFailure(services, payment, error, authLog);
  }
  return recordTransfer(services, payment, authorizationId, created, authLog);
}

/** Exchanges the code, stores it and the token encrypted, and returns the authorization's id. */
async function authorize(services: Services, payment: PaymentRequest, code: string): Promise<string> {
  const issuedAt = new Date();
  const grant = await services.mimo.exchangeCode(code);
  const authorization = await saveAuthorizationCode(services.db, payment.id, services.secrets.encrypt(code));
  await services.tokens.rememberToken(authorization.id, grant, issuedAt);
  return authorization.id;
}

/** No money moves before the transfer is created, so a failed exchange reopens the pay link. */
async function reopenAfterFailedExchange(services: Services, payment: PaymentRequest, error: unknown, log: Logger): Promise<void> {
  const errorCode = isMimoError(error) ? error.code : 'internal';
  log.warn({ err: error, errorCode }, 'could not exchange the MiMo code for a token; the pay link works again');
  try {
    const reopened = await transitionPayment(services.db, {
      paymentId: payment.id,
      from: ['exchanging'],
      to: 'awaiting',
      actor: 'system',
      action: 'token_exchange_failed',
      summary: 'The token exchange with MiMo failed, so no money moved. The pay link works again.',
      detail: { errorCode },
      threadReply: false,
    });
    if (reopened) services.kickOutbox();
  } catch (reopenError) {
    // The expiry job returns a stale `exchanging` request to `awaiting` later.
    log.error({ err: reopenError }, 'could not reopen the payment after a failed token exchange');
  }
}

function payerName(profile: MimoUserProfile): string | null {
  const name = [profile.firstName, profile.surname].filter((part) => part !== null && part.trim() !== '').join(' ');
  return name || profile.companyName || null;
}

/** Stores the payer's name from their MiMo profile. A failure is logged and the payment goes on. */
async function recordPayer(services: Services, authorizationId: string, log: Logger): Promise<void> {
  try {
    const profile = await services.tokens.withToken(authorizationId, (token) => services.mimo.userProfile(token));
    await savePayerProfile(services.db, authorizationId, {
      username: profile.username,
      name: payerName(profile),
      accountNumber: profile.accountNumber,
    });
  } catch (error) {
    log.warn({ err: error, errorCode: isMimoError(error) ? error.code : 'internal' }, 'could not read the payer profile from MiMo; continuing without the payer name');
  }
}

/**
 * Classification of a failed create by its effect on the money:
 * - `not_sent`: the create never reached MiMo. Either the connection was refused, or
 *   MiMo rejected the token and its renewal failed before a second create was sent.
 * - `rejected`: MiMo rejected the request, so it did not act.
 * - `unknown`: MiMo may have acted (timeout, dropped connection, 5xx, unreadable 2xx),
 *   or it did act earlier: `duplicate_transfer` means a transfer for this approval exists.
 */
export type CreateFailure = 'not_sent' | 'rejected' | 'unknown';

export function classifyCreateFailure(error: MimoError): CreateFailure {
  if (error.operation !== 'createTransfer') {
    return 'not_sent';
  }
  switch (error.code) {
    case 'network':
    case 'validation':
      return 'not_sent';
    case 'client_error':
      return mimoErrorOf(error) === DUPLICATE_TRANSFER ? 'unknown' : 'rejected';
    case 'token_rejected':
      return 'rejected';
    case 'outcome_unknown':
    case 'server_error':
    case 'protocol':
    case 'timeout':
      return 'unknown';
  }
}

/** MiMo's error code for a second create with the same authentication code. */
const DUPLICATE_TRANSFER = 'duplicate_transfer';

function mimoErrorOf(error: MimoError): string | null {
  return 'mimoError' in error && typeof error.mimoError === 'string' ? error.mimoError : null;
}

const REJECTION_REASONS: Record<string, (payment: PaymentRequest) => string> = {
  insufficient_funds: (payment) => `The payer's MiMo balance is below ${formatNaira(payment.amountKobo)}.`,
  invalid_token: () => 'MiMo did not accept the authorization, even after renewing it.',
};

/** Describes MiMo's rejection in words fit for the card and the customer's page. Never quotes MiMo's description. */
function describeRejection(error: MimoError, payment: PaymentRequest): string {
  const mimoError = mimoErrorOf(error);
  const known = mimoError === null ? undefined : REJECTION_REASONS[mimoError];
  if (known) return known(payment);
  if (error.code === 'token_rejected') return REJECTION_REASONS['invalid_token']!(payment);
  return mimoError ? `MiMo rejected the transfer (${mimoError}).` : `MiMo rejected the transfer (HTTP ${error.status ?? 'error'}).`;
}

function describeUnknownOutcome(error: MimoError): string {
  if (mimoErrorOf(error) === DUPLICATE_TRANSFER) {
    return 'MiMo refused the transfer because it already made one for this approval, and this app has no record of that transfer.';
  }
  if (error.code === 'server_error') return `MiMo answered the transfer request with HTTP ${error.status ?? 500}.`;
  if ('reason' in error && error.reason === 'malformed_response') return 'MiMo sent an unreadable answer to the transfer request.';
  if ('reason' in error && error.reason === 'connection_lost') return 'The connection to MiMo broke before it answered the transfer request.';
  return 'MiMo did not answer the transfer request in time.';
}

async function handleCreateFailure(services: Services, payment: PaymentRequest, error: MimoError, log: Logger): Promise<Page> {
  const outcome = classifyCreateFailure(error);
  const summary = summaryOf(services, payment);
  const detail = { errorCode: error.code, operation: error.operation, httpStatus: error.status };

  if (outcome === 'not_sent') {
    log.warn({ err: error, errorCode: error.code }, 'the transfer was not sent to MiMo; the pay link works again');
    const reopened = await transitionPayment(services.db, {
      paymentId: payment.id,
      from: ['transferring'],
      to: 'awaiting',
      actor: 'system',
      action: 'transfer_not_sent',
      summary: 'The transfer could not be sent to MiMo, so no money moved. The pay link works again.',
      detail,
    });
    if (!reopened) return showCurrentState(services, payment.id, log);
    services.kickOutbox();
    return tryAgainPage(summary, payLinkUrl(services.config.publicUrl, payment.reference));
  }

  if (outcome === 'rejected') {
    const reason = describeRejection(error, payment);
    log.warn({ err: error, errorCode: error.code, reason }, 'MiMo rejected the transfer');
    const failed = await transitionPayment(services.db, {
      paymentId: payment.id,
      from: ['transferring'],
      to: 'failed',
      actor: 'mimo',
      action: 'transfer_rejected',
      summary: `MiMo rejected the transfer, so no money moved. ${reason}`,
      failureReason: reason,
      detail,
    });
    if (!failed) return showCurrentState(services, payment.id, log);
    services.kickOutbox();
    return failedPage(summary, reason);
  }

  const reason = describeUnknownOutcome(error);
  log.error({ err: error, errorCode: error.code }, 'the outcome of the MiMo transfer is unknown; the payment needs review');
  const flagged = await transitionPayment(services.db, {
    paymentId: payment.id,
    from: ['transferring'],
    to: 'needs_review',
    actor: 'system',
    action: 'transfer_outcome_unknown',
    summary: `${reason} The money may have moved, so the payment needs review.`,
    failureReason: reason,
    detail,
    notify: [
      {
        paymentRequestId: payment.id,
        kind: 'message',
        target: services.config.approvalsChannel,
        payload: { text: needsReviewNotice(payment, reason) },
      },
    ],
  });
  if (!flagged) return showCurrentState(services, payment.id, log);
  services.kickOutbox();
  return confirmingPage(summary);
}

async function recordTransfer(
  services: Services,
  payment: PaymentRequest,
  authorizationId: string,
  created: TransferCreated,
  log: Logger,
): Promise<Page> {
  const transactionId = created.transactionId;
  let transferred: PaymentRequest | null;
  try {
    transferred = await transitionPayment(services.db, {
      paymentId: payment.id,
      // needs_review too: the expiry job may have flagged a create that took very long.
      from: ['transferring', 'needs_review'],
      to: 'transferred',
      actor: 'mimo',
      action: 'transfer_created',
      summary: `MiMo transferred ${formatNaira(payment.amountKobo)} (transaction ${transactionId}).`,
      detail: { transactionId },
      failureReason: null,
      alsoWrite: async (tx, moved) => {
        await insertTransfer(tx, {
          paymentRequestId: moved.id,
          authorizationId,
          mimoTransactionId: transactionId,
          amountKobo: moved.amountKobo,
        });
      },
    });
  } catch (error) {
    log.error({ err: error, transactionId }, 'MiMo created the transfer but it could not be recorded; the payment stays in transferring');
    // Money moved, so the approvals channel hears of it now with the transaction id, not
    // only from the expiry job minutes later. This write may fail for the same reason.
    const reason = `MiMo created transaction ${transactionId}, but recording it failed, so the payment is stuck in transferring.`;
    await enqueueOutbox(services.db, [
      { paymentRequestId: payment.id, kind: 'message', target: services.config.approvalsChannel, payload: { text: needsReviewNotice(payment, reason) } },
    ]).then(
      () => services.kickOutbox(),
      (queueError: unknown) => log.error({ err: queueError, transactionId }, 'could not queue the approvals notice either'),
    );
    throw error;
  }
  if (!transferred) {
    // Unreachable while only this flow and the expiry job move a `transferring` request,
    // but money moved, so people must hear of it.
    log.error({ transactionId }, 'MiMo created a transfer for a payment that is no longer transferring; it was not recorded');
    const reason = `MiMo created transaction ${transactionId}, but the payment had already left the transferring state, so the transfer was not recorded.`;
    await enqueueOutbox(services.db, [
      { kind: 'message', target: services.config.approvalsChannel, payload: { text: needsReviewNotice(payment, reason) } },
    ]);
    services.kickOutbox();
    return showCurrentState(services, payment.id, log);
  }
  services.kickOutbox();
  log.info({ transactionId }, 'MiMo transfer created');
  return currentStatePage(services, transferred);
}
