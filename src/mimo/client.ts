import type { z } from 'zod';
import { createLogger, type Logger } from '../logger.js';
import { koboToDecimalString } from '../money.js';
import { buildAuthenticateUrl, type AuthenticateUrlParams } from './authenticate-url.js';
import { MimoProtocolError, type MimoOperation } from './errors.js';
import { sendMimoRequest, type HttpSettings } from './http.js';
import { retryRead, type RetryPolicy } from './retry.js';
import {
  tokenResponseSchema,
  transferCreatedSchema,
  transferDetailsSchema,
  transferRefundedSchema,
  transferVoidedSchema,
  userProfileSchema,
} from './schemas.js';
import type {
  MimoUserProfile,
  TokenGrant,
  TransferCreated,
  TransferDetails,
  TransferRefunded,
  TransferVoided,
} from './types.js';
import {
  DEFAULT_MAX_AMOUNT_KOBO,
  validateAmountKobo,
  validateHttpUrl,
  validateNonNegativeIntegerOption,
  validateNotes,
  validatePositiveIntegerOption,
  validateRequiredText,
  validateTransactionId,
} from './validation.js';

export interface MimoClientOptions {
  /** MiMo's base URL, for example `https://sandbox.mimo.com.ng`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Maximum time in ms for one request, response body included. */
  timeoutMs?: number;
  /** Retries of a read (token exchange, details, profile) after a network, timeout, 5xx or protocol error. */
  readRetries?: number;
  /** Delay in ms before the first retry of a read. It doubles for each further retry. */
  retryBaseDelayMs?: number;
  /** Upper bound in ms of one delay between retries. */
  maxRetryDelayMs?: number;
  /** Maximum amount in kobo of one payment request or refund. Default ₦10,000,000.00. */
  maxAmountKobo?: number;
  /** Receives one debug line per request and one warn line per retry. Silent if absent. */
  logger?: Logger;
  fetch?: typeof globalThis.fetch;
}

const TOKEN_PATH = '/oauth/v2/token';
const CREATE_PATH = '/partner/transfers/create';
const VOID_PATH = '/partner/transfers/void';
const REFUND_PATH = '/partner/transfers/refund';
const DETAILS_PATH = '/partner/transfers/details';
const PROFILE_PATH = '/partner/users/card_id';

/**
 * Typed client of MiMo's OAuth 2 and REST API. Every request is a POST with its
 * parameters in the query string, and every failure is a MimoError.
 *
 * Reads are retried with backoff. Create, void and refund are sent once: when their
 * outcome cannot be known, they fail with MimoOutcomeUnknownError.
 */
export class MimoClient {
  readonly clientId: string;
  readonly maxAmountKobo: number;
  private readonly baseUrl: string;
  private readonly clientSecret: string;
  private readonly http: HttpSettings;
  private readonly retryPolicy: RetryPolicy;
  private readonly logger: Logger;

  constructor(options: MimoClientOptions) {
    const baseUrl = validateHttpUrl(options.baseUrl, 'baseUrl');
    this.baseUrl = `${baseUrl.origin}${baseUrl.pathname}`.replace(/\/+$/, '');
    this.clientId = validateRequiredText(options.clientId, 'clientId');
    this.clientSecret = validateRequiredText(options.clientSecret, 'clientSecret');
    this.maxAmountKobo = validatePositiveIntegerOption(options.maxAmountKobo ?? DEFAULT_MAX_AMOUNT_KOBO, 'maxAmountKobo');
    this.logger = options.logger ?? createLogger({ level: 'silent' });
    this.http = {
      baseUrl: this.baseUrl,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: validatePositiveIntegerOption(options.timeoutMs ?? 10_000, 'timeoutMs'),
      logger: this.logger,
      secrets: [this.clientSecret],
    };
    this.retryPolicy = {
      retries: validateNonNegativeIntegerOption(options.readRetries ?? 3, 'readRetries'),
      baseDelayMs: validateNonNegativeIntegerOption(options.retryBaseDelayMs ?? 200, 'retryBaseDelayMs'),
      maxDelayMs: validateNonNegativeIntegerOption(options.maxRetryDelayMs ?? 5_000, 'maxRetryDelayMs'),
    };
  }

  /**
   * Builds the URL of MiMo's consent page for a payment of `amountKobo`. The customer
   * returns to `callbackUrl` with `?code=...&response_type=code` after approving.
   */
  buildAuthenticateUrl(params: AuthenticateUrlParams): string {
    return buildAuthenticateUrl(this.baseUrl, this.clientId, params, this.maxAmountKobo);
  }

  /** Exchanges an authentication code for an access token. MiMo's codes can be exchanged many times. */
  async exchangeCode(code: string): Promise<TokenGrant> {
    validateRequiredText(code, 'code');
    return this.read('exchangeCode', TOKEN_PATH, 'client', tokenResponseSchema, {
      client_id: this.clientId,
      client_secret: this.clientSecret,
      grant_type: 'authorization_code',
      code,
    });
  }

  /**
   * Creates the transfer that the token's authentication code was issued for. The
   * amount and notes come from the consent step. Never retried.
   */
  async createTransfer(accessToken: string): Promise<TransferCreated> {
    validateRequiredText(accessToken, 'accessToken');
    return this.moveMoney('createTransfer', CREATE_PATH, transferCreatedSchema, { access_token: accessToken });
  }

  /** Cancels a transfer that has not settled yet. Never retried. */
  async voidTransfer(accessToken: string, transactionId: string): Promise<TransferVoided> {
    validateRequiredText(accessToken, 'accessToken');
    validateTransactionId(transactionId);
    const body = await this.moveMoney('voidTransfer', VOID_PATH, transferVoidedSchema, {
      access_token: accessToken,
      transaction_id: transactionId,
    });
    return { transactionId, message: body.message };
  }

  /**
   * Refunds `amountKobo` of a settled transfer. MiMo gives the refund its own
   * transaction id, returned as `refundTransactionId`. Never retried.
   */
  async refundTransfer(
    accessToken: string,
    transactionId: string,
    amountKobo: number,
    notes: string,
  ): Promise<TransferRefunded> {
    validateRequiredText(accessToken, 'accessToken');
    validateTransactionId(transactionId);
    validateAmountKobo(amountKobo, this.maxAmountKobo);
    validateNotes(notes);
    const body = await this.moveMoney('refundTransfer', REFUND_PATH, transferRefundedSchema, {
      access_token: accessToken,
      transaction_id: transactionId,
      amount: koboToDecimalString(amountKobo),
      notes,
    });
    return { transactionId, refundTransactionId: body.refundtransactionId, message: body.message };
  }

  /** Reads a transfer's amount, status and destination. */
  async transferDetails(accessToken: string, transactionId: string): Promise<TransferDetails> {
    validateRequiredText(accessToken, 'accessToken');
    validateTransactionId(transactionId);
    const details = await this.read('transferDetails', DETAILS_PATH, 'access_token', transferDetailsSchema, {
      access_token: accessToken,
      transaction_id: transactionId,
    });
    if (details.transactionId !== transactionId) {
      throw new MimoProtocolError(
        `MiMo sent the details of transaction ${details.transactionId} when asked for ${transactionId}.`,
        { operation: 'transferDetails', status: 200 },
      );
    }
    return details;
  }

  /** Reads the profile of the customer behind the access token. */
  async userProfile(accessToken: string): Promise<MimoUserProfile> {
    validateRequiredText(accessToken, 'accessToken');
    return this.read('userProfile', PROFILE_PATH, 'access_token', userProfileSchema, { access_token: accessToken });
  }

  private read<T>(
    operation: MimoOperation,
    path: string,
    credential: 'access_token' | 'client',
    schema: z.ZodType<T>,
    params: Record<string, string>,
  ): Promise<T> {
    return retryRead(operation, this.retryPolicy, this.logger, () =>
      sendMimoRequest(this.http, { operation, path, params, movesMoney: false, credential, schema }),
    );
  }

  private moveMoney<T>(
    operation: MimoOperation,
    path: string,
    schema: z.ZodType<T>,
    params: Record<string, string>,
  ): Promise<T> {
    return sendMimoRequest(this.http, {
      operation,
      path,
      params,
      movesMoney: true,
      credential: 'access_token',
      schema,
    });
  }
}
