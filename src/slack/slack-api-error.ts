/**
 * Classification of a failed Slack Web API call. A temporary failure (rate limit, Slack's
 * 5xx, network) is worth trying again later. A permanent one (the request is invalid or not allowed) is not.
 */
export type SlackFailure =
  | { kind: 'temporary'; reason: string; retryAfterMs?: number }
  | { kind: 'permanent'; reason: string };

// Error codes of @slack/web-api 8 (its ErrorCode enum), compared as strings so this
// module does not import the client at run time.
const PLATFORM_ERROR = 'slack_webapi_platform_error';
const RATE_LIMITED_ERROR = 'slack_webapi_rate_limited_error';
const HTTP_ERROR = 'slack_webapi_http_error';
const REQUEST_ERROR = 'slack_webapi_request_error';

/** Slack error strings (`ok: false`) that mean "try again later". Every other one is permanent. */
const TEMPORARY_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

interface CodedSlackError {
  code: string;
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: { message?: unknown };
  message?: unknown;
}

function isCoded(error: unknown): error is CodedSlackError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Checks whether `error` was thrown by the Slack Web API client for a failed call. */
export function isSlackApiError(error: unknown): boolean {
  return isCoded(error) && [PLATFORM_ERROR, RATE_LIMITED_ERROR, HTTP_ERROR, REQUEST_ERROR].includes(error.code);
}

/** Classifies an error thrown by a Web API call. Returns null when the Slack client did not throw it. */
export function classifySlackError(error: unknown): SlackFailure | null {
  if (!isCoded(error)) return null;
  switch (error.code) {
    case PLATFORM_ERROR: {
      const reason = typeof error.data?.error === 'string' ? error.data.error : 'unknown_error';
      if (!TEMPORARY_PLATFORM_ERRORS.has(reason)) return { kind: 'permanent', reason };
      const retryAfter = error.data?.response_metadata?.retryAfter;
      return typeof retryAfter === 'number' ? { kind: 'temporary', reason, retryAfterMs: retryAfter * 1000 } : { kind: 'temporary', reason };
    }
    case RATE_LIMITED_ERROR: {
      const retryAfter = typeof error.retryAfter === 'number' ? error.retryAfter : undefined;
      return retryAfter === undefined
        ? { kind: 'temporary', reason: 'ratelimited' }
        : { kind: 'temporary', reason: 'ratelimited', retryAfterMs: retryAfter * 1000 };
    }
    case HTTP_ERROR: {
      const status = typeof error.statusCode === 'number' ? error.statusCode : 0;
      const reason = `http_${status}`;
      return status >= 500 || status === 408 || status === 429 ? { kind: 'temporary', reason } : { kind: 'permanent', reason };
    }
    case REQUEST_ERROR: {
      const message = typeof error.original?.message === 'string' ? error.original.message : 'request failed';
      return { kind: 'temporary', reason: `network: ${message}` };
    }
    default:
      return null;
  }
}
