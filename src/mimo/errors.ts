/**
 * Errors of the MiMo client. Every error is a MimoError with a string `code`, so
 * callers can branch on `error.code` without importing each class. Messages never
 * contain the client secret, an access token or an authentication code.
 */

export type MimoErrorCode =
  | 'network'
  | 'timeout'
  | 'token_rejected'
  | 'client_error'
  | 'server_error'
  | 'protocol'
  | 'validation'
  | 'outcome_unknown';

/** Client operations, as named in logs and error messages. */
export type MimoOperation =
  | 'exchangeCode'
  | 'createTransfer'
  | 'voidTransfer'
  | 'refundTransfer'
  | 'transferDetails'
  | 'userProfile';

/** Details of the HTTP exchange that produced an error, when there was one. */
export interface MimoErrorContext {
  operation?: MimoOperation;
  /** HTTP status of MiMo's response, or null when no response arrived. */
  status?: number | null;
  /** Start of the response body, at most 200 characters, with secrets redacted. */
  bodyExcerpt?: string | null;
  /** A redacted summary of the underlying error (never the original object). */
  cause?: Error;
}

export class MimoError extends Error {
  override name = 'MimoError';
  readonly code: MimoErrorCode;
  readonly operation: MimoOperation | null;
  readonly status: number | null;
  readonly bodyExcerpt: string | null;

  constructor(code: MimoErrorCode, message: string, context: MimoErrorContext = {}) {
    super(message, context.cause ? { cause: context.cause } : undefined);
    this.code = code;
    this.operation = context.operation ?? null;
    this.status = context.status ?? null;
    this.bodyExcerpt = context.bodyExcerpt ?? null;
  }
}

/**
 * The connection to MiMo failed. For create, void and refund this means it was
 * refused before the request was sent, so MiMo did not act. For reads it covers any
 * connection failure, including a connection closed after sending.
 */
export class MimoNetworkError extends MimoError {
  override name = 'MimoNetworkError';
  constructor(message: string, context: MimoErrorContext = {}) {
    super('network', message, context);
  }
}

/** A read request got no complete response within the client's timeout. */
export class MimoTimeoutError extends MimoError {
  override name = 'MimoTimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context: MimoErrorContext = {}) {
    super('timeout', message, context);
    this.timeoutMs = timeoutMs;
  }
}

/** MiMo rejected the access token (HTTP 401 or `invalid_token`). It did not act on the request. */
export class MimoTokenRejectedError extends MimoError {
  override name = 'MimoTokenRejectedError';
  readonly mimoError: string | null;
  readonly mimoErrorDescription: string | null;
  constructor(message: string, mimoError: string | null, mimoErrorDescription: string | null, context: MimoErrorContext = {}) {
    super('token_rejected', message, context);
    this.mimoError = mimoError;
    this.mimoErrorDescription = mimoErrorDescription;
  }
}

/**
 * MiMo rejected the request: a 4xx status, or a body with an `error` field on any
 * status below 500. `mimoError` is MiMo's error code, for example `insufficient_funds`.
 */
export class MimoClientError extends MimoError {
  override name = 'MimoClientError';
  readonly mimoError: string | null;
  readonly mimoErrorDescription: string | null;
  constructor(message: string, mimoError: string | null, mimoErrorDescription: string | null, context: MimoErrorContext = {}) {
    super('client_error', message, context);
    this.mimoError = mimoError;
    this.mimoErrorDescription = mimoErrorDescription;
  }
}

/** MiMo responded with a 5xx status. */
export class MimoServerError extends MimoError {
  override name = 'MimoServerError';
  readonly mimoError: string | null;
  readonly mimoErrorDescription: string | null;
  constructor(message: string, mimoError: string | null, mimoErrorDescription: string | null, context: MimoErrorContext = {}) {
    super('server_error', message, context);
    this.mimoError = mimoError;
    this.mimoErrorDescription = mimoErrorDescription;
  }
}

/** A read got a response that is not JSON or does not have the documented shape. */
export class MimoProtocolError extends MimoError {
  override name = 'MimoProtocolError';
  constructor(message: string, context: MimoErrorContext = {}) {
    super('protocol', message, context);
  }
}

/** An argument was rejected before any request was sent. */
export class MimoValidationError extends MimoError {
  override name = 'MimoValidationError';
  /** Name of the rejected argument, for example `amountKobo` or `notes`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super('validation', message);
    this.field = field;
  }
}

export type OutcomeUnknownReason = 'timeout' | 'connection_lost' | 'malformed_response' | 'server_error';

/**
 * A money-moving request (create, void or refund) may have reached MiMo, but no
 * usable response came back. The money may or may not have moved. The client never
 * retries such a request. Check the transfer's state before acting again.
 */
export class MimoOutcomeUnknownError extends MimoError {
  override name = 'MimoOutcomeUnknownError';
  readonly reason: OutcomeUnknownReason;
  constructor(message: string, reason: OutcomeUnknownReason, context: MimoErrorContext = {}) {
    super('outcome_unknown', message, context);
    this.reason = reason;
  }
}

export function isMimoError(error: unknown): error is MimoError {
  return error instanceof MimoError;
}
