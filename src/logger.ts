import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import { redactUrl, REDACTED } from './redact.js';

export type { Logger } from 'pino';

/**
 * Object paths whose values are always replaced by the logger, wherever a call site
 * puts them. Covers MiMo's client secret, access tokens and authentication codes,
 * Slack's tokens, signing secret and response_url, and the same names one level
 * down (for example `err.config.clientSecret` or `body.response_url`).
 */
const SECRET_KEYS = [
  'clientSecret',
  'client_secret',
  'accessToken',
  'access_token',
  'code',
  'authCode',
  'authorizationCode',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'encryptionKey',
  'response_url',
  'responseUrl',
  'authorization',
  'password',
  'pin',
];

const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
];

/** Replaces secret query parameters in every string of a logged value, recursively. */
function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return redactUrl(value);
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactUrl(value.message),
      stack: value.stack ? redactUrl(value.stack) : undefined,
      ...('code' in value && typeof value.code === 'string' ? { errorCode: value.code } : {}),
    };
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactStrings(item, depth + 1));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = redactStrings(item, depth + 1);
  }
  return copy;
}

export interface CreateLoggerOptions {
  level?: string;
  /** Human-readable output for development; JSON lines otherwise. */
  pretty?: boolean;
  /** Destination of log lines, standard output by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * Creates the process's root logger. Redaction happens here rather than at call sites.
 * pino's `redact` censors the values of the secret keys listed above, and the formatters
 * rewrite secret query parameters inside any string (URLs, error messages). A secret
 * logged under a key that is not listed is not caught.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: redactPaths, censor: REDACTED },
    formatters: {
      log: (object) => redactStrings(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactUrl(arg) : arg));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: unknown) => redactStrings(error),
    },
  };
  if (options.destination) {
    return pino(config, options.destination);
  }
  if (options.pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } },
    });
  }
  return pino(config);
}
