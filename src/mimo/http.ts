/**
 * One HTTP exchange with MiMo: a POST with every parameter in the query string, a
 * timeout, and the classification of the result into a parsed body or a MimoError.
 */
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import {
  MimoClientError,
  MimoError,
  MimoNetworkError,
  MimoOutcomeUnknownError,
  MimoProtocolError,
  MimoServerError,
  MimoTimeoutError,
  MimoTokenRejectedError,
  type MimoErrorContext,
  type MimoOperation,
  type OutcomeUnknownReason,
} from './errors.js';
import { excerptBody, redactSecrets } from './redaction.js';
import { describeIssues, errorBodySchema } from './schemas.js';

export interface MimoRequest<T> {
  operation: MimoOperation;
  path: string;
  params: Record<string, string>;
  /**
   * True for create, void and refund. A failure after the request may have reached
   * MiMo then becomes MimoOutcomeUnknownError instead of a retryable error.
   */
  movesMoney: boolean;
  /** `access_token` for partner endpoints, `client` for the token endpoint. */
  credential: 'access_token' | 'client';
  schema: z.ZodType<T>;
}

export interface HttpSettings {
  /** MiMo's base URL without a trailing slash. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  logger: Logger;
  /** Values to redact from every message besides the request's own secrets. */
  secrets: readonly string[];
}

// Only a refused connection proves that no byte of the request left this process.
// Any other failure of a money-moving request may have happened after MiMo received it.
const REFUSED_BEFORE_SENDING = 'ECONNREFUSED';

/** Sends one request to MiMo and returns the parsed body, or throws a MimoError. */
export async function sendMimoRequest<T>(settings: HttpSettings, request: MimoRequest<T>): Promise<T> {
  const url = new URL(`${settings.baseUrl}${request.path}`);
  url.search = new URLSearchParams(request.params).toString();

  const secrets = [
    ...settings.secrets,
    request.params['access_token'],
    request.params['code'],
    request.params['client_secret'],
  ];
  const startedAt = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);

  let status: number;
  let body: string;
  try {
    const response = await settings.fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: controller.signal,
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const durationMs = Math.round(performance.now() - startedAt);
    const failure = transportFailure(error, controller.signal.aborted, request, settings, secrets);
    logRequest(settings.logger, request.operation, url, secrets, { status: null, durationMs, errorCode: failure.code });
    throw failure;
  } finally {
    clearTimeout(timer);
  }

  const durationMs = Math.round(performance.now() - startedAt);
  logRequest(settings.logger, request.operation, url, secrets, { status, durationMs });
  return interpretResponse(status, body, request, secrets);
}

/** Writes the debug line of one request. The redaction runs only when debug is enabled. */
function logRequest(
  logger: Logger,
  operation: MimoOperation,
  url: URL,
  secrets: readonly (string | undefined)[],
  fields: { status: number | null; durationMs: number; errorCode?: string },
): void {
  if (!logger.isLevelEnabled('debug')) {
    return;
  }
  const path = redactSecrets(`${url.pathname}${url.search}`, secrets);
  const message = fields.status === null ? 'MiMo request failed without a response' : 'MiMo request';
  logger.debug({ operation, method: 'POST', path, ...fields }, message);
}

function transportFailure(
  error: unknown,
  timedOut: boolean,
  request: MimoRequest<unknown>,
  settings: HttpSettings,
  secrets: readonly (string | undefined)[],
): MimoError {
  const cause = sanitizeError(error, secrets);
  const context: MimoErrorContext = { operation: request.operation, status: null, cause };
  const origin = new URL(settings.baseUrl).origin;

  if (timedOut) {
    if (request.movesMoney) {
      return outcomeUnknown(request.operation, 'timeout', `no response came within ${settings.timeoutMs} ms`, context);
    }
    return new MimoTimeoutError(
      `MiMo did not respond to ${request.operation} within ${settings.timeoutMs} ms.`,
      settings.timeoutMs,
      context,
    );
  }

  const errorCode = networkErrorCode(error);
  if (errorCode === REFUSED_BEFORE_SENDING || !request.movesMoney) {
    return new MimoNetworkError(
      `Could not reach MiMo at ${origin} for ${request.operation} (${errorCode ?? 'connection failed'}).`,
      context,
    );
  }
  return outcomeUnknown(
    request.operation,
    'connection_lost',
    `the connection failed (${errorCode ?? 'no error code'}) before a response arrived`,
    context,
  );
}

function interpretResponse<T>(
  status: number,
  body: string,
  request: MimoRequest<T>,
  secrets: readonly (string | undefined)[],
): T {
  const json = parseJson(body);
  const errorBody = json.ok ? readErrorBody(json.value, secrets) : null;
  if (json.ok && errorBody === null && status >= 200 && status <= 299) {
    const parsed = request.schema.safeParse(json.value);
    if (parsed.success) {
      return parsed.data;
    }
    const issues = redactSecrets(describeIssues(parsed.error), secrets);
    const context = errorContext(request.operation, status, body, secrets);
    throw malformed(request, `the body does not have the documented shape (${issues})`, context);
  }
  throw classifyFailure(status, errorBody, request, errorContext(request.operation, status, body, secrets));
}

/** Builds the context of an error response. The excerpt is only computed on this path, never for a success. */
function errorContext(
  operation: MimoOperation,
  status: number,
  body: string,
  secrets: readonly (string | undefined)[],
): MimoErrorContext {
  return { operation, status, bodyExcerpt: excerptBody(body, secrets) };
}

/** Maps a response that is not a valid success to the MimoError it means. */
function classifyFailure(
  status: number,
  errorBody: { error: string; description: string | null } | null,
  request: MimoRequest<unknown>,
  context: MimoErrorContext,
): MimoError {
  const operation = request.operation;
  const excerpt = quote(context.bodyExcerpt ?? '');

  // MiMo may have moved the money before its server or a gateway in front of it failed,
  // so a 5xx on create, void or refund leaves the outcome unknown instead of retryable.
  if (status >= 500 && request.movesMoney) {
    return outcomeUnknown(operation, 'server_error', `MiMo answered HTTP ${status}. Body: ${excerpt}`, context);
  }
  if (errorBody) {
    const described = errorBody.description ? `${errorBody.error}: ${errorBody.description}` : errorBody.error;
    if (status >= 500) {
      const message = `MiMo failed ${operation} with HTTP ${status} (${described}).`;
      return new MimoServerError(message, errorBody.error, errorBody.description, context);
    }
    if (errorBody.error === 'invalid_token' || (status === 401 && request.credential === 'access_token')) {
      return tokenRejected(operation, status, described, errorBody.error, errorBody.description, context);
    }
    const message = `MiMo rejected ${operation} with HTTP ${status} (${described}).`;
    return new MimoClientError(message, errorBody.error, errorBody.description, context);
  }

  if (status >= 500) {
    return new MimoServerError(`MiMo failed ${operation} with HTTP ${status}. Body: ${excerpt}`, null, null, context);
  }
  if (status === 401 && request.credential === 'access_token') {
    return tokenRejected(operation, status, 'no error code', null, null, context);
  }
  if (status >= 400) {
    const message = `MiMo rejected ${operation} with HTTP ${status} and no error code. Body: ${excerpt}`;
    return new MimoClientError(message, null, null, context);
  }
  if (status < 200 || status > 299) {
    return malformed(request, `HTTP ${status} is not a success status`, context);
  }
  // A success status without an error field reaches this point only when the body is not JSON.
  return malformed(request, 'the body is not valid JSON', context);
}

type JsonResult = { ok: true; value: unknown } | { ok: false };

function parseJson(body: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads MiMo's error fields from a body. A body counts as an error body when it is
 * an object whose `error` field is present and not null, false or empty.
 */
function readErrorBody(
  value: unknown,
  secrets: readonly (string | undefined)[],
): { error: string; description: string | null } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('error' in value)) {
    return null;
  }
  const field = value.error;
  if (field === null || field === undefined || field === false || field === '') {
    return null;
  }
  const parsed = errorBodySchema.safeParse(value);
  if (parsed.success) {
    return {
      error: redactSecrets(parsed.data.error, secrets),
      description: parsed.data.error_description === null ? null : redactSecrets(parsed.data.error_description, secrets),
    };
  }
  // An `error` field that is not a string still means MiMo reported an error.
  return { error: excerptBody(JSON.stringify(field) ?? 'unreadable error', secrets), description: null };
}

function tokenRejected(
  operation: MimoOperation,
  status: number,
  described: string,
  mimoError: string | null,
  description: string | null,
  context: MimoErrorContext,
): MimoTokenRejectedError {
  return new MimoTokenRejectedError(
    `MiMo rejected the access token for ${operation} with HTTP ${status} (${described}). ` +
      'Request a new token with the authentication code.',
    mimoError,
    description,
    context,
  );
}

function malformed(request: MimoRequest<unknown>, problem: string, context: MimoErrorContext): MimoError {
  const excerpt = quote(context.bodyExcerpt ?? '');
  if (request.movesMoney) {
    return outcomeUnknown(request.operation, 'malformed_response', `${problem}. Body: ${excerpt}`, context);
  }
  return new MimoProtocolError(
    `MiMo sent an invalid response to ${request.operation} (HTTP ${context.status}): ${problem}. Body: ${excerpt}`,
    context,
  );
}

function outcomeUnknown(
  operation: MimoOperation,
  reason: OutcomeUnknownReason,
  detail: string,
  context: MimoErrorContext,
): MimoOutcomeUnknownError {
  return new MimoOutcomeUnknownError(
    `The outcome of ${operation} is unknown: the request may have reached MiMo, but ${detail}. ` +
      'It was not retried. Check the transfer on MiMo before acting again.',
    reason,
    context,
  );
}

function quote(excerpt: string): string {
  return excerpt === '' ? '(empty)' : excerpt;
}

/** Returns the system error code of a failed fetch, such as ECONNREFUSED or ECONNRESET. */
export function networkErrorCode(error: unknown): string | null {
  const cause = error instanceof Error ? error.cause : undefined;
  for (const candidate of [cause, error]) {
    const code = readCode(candidate);
    if (code) {
      return code;
    }
  }
  // With autoSelectFamily, Node reports one error per address tried in an AggregateError.
  if (cause instanceof AggregateError) {
    const codes = new Set(cause.errors.map(readCode));
    if (codes.size === 1) {
      const [only] = codes;
      return only ?? null;
    }
  }
  return null;
}

function readCode(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string') {
    return value.code;
  }
  return null;
}

/**
 * Copies an error's name, message and system code into a new Error with secrets
 * redacted. The original is dropped because its message, cause chain or properties
 * may quote the request URL.
 */
function sanitizeError(error: unknown, secrets: readonly (string | undefined)[]): Error {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = readCode(current);
    parts.push(`${current.name}: ${current.message}${code ? ` (${code})` : ''}`);
    current = current.cause;
  }
  if (parts.length === 0) {
    parts.push(String(error));
  }
  return new Error(redactSecrets(parts.join(' <- caused by '), secrets).slice(0, 500));
}
