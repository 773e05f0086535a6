import { z } from 'zod';
import cron from 'node-cron';

/** How to make a value for ENCRYPTION_KEY; quoted in the start-up error. */
export const ENCRYPTION_KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

const DEFAULT_MERCHANT_NAME = 'Merchant';
const PLACEHOLDER_PUBLIC_HOST = 'pay.example.com';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;
const slackChannelId = /^[CGD][A-Z0-9]{2,}$/;

function absoluteHttpUrl(variable: string) {
  return z.string().trim().superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: 'custom', message: `${variable} must be an absolute http(s) URL such as https://pay.example.com, got an invalid URL` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      context.addIssue({ code: 'custom', message: `${variable} must use http or https, got ${url.protocol.replace(':', '')}` });
    }
  }).transform((value) => value.replace(/\/+$/, ''));
}

function required(variable: string, hint: string) {
  return z.string({ error: `${variable} is missing: ${hint}` }).trim().min(1, `${variable} is empty: ${hint}`);
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'NODE_ENV must be development, production or test' }).default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace or silent' })
    .default('info'),
  PORT: z.coerce
    .number({ error: 'PORT must be a whole number between 0 and 65535' })
    .int('PORT must be a whole number between 0 and 65535')
    .min(0, 'PORT must be a whole number between 0 and 65535')
    .max(65535, 'PORT must be a whole number between 0 and 65535')
    .default(3000),
  PUBLIC_URL: z.string({ error: 'PUBLIC_URL is missing: set it to the base URL customers reach this app on, such as https://pay.example.com' })
    .pipe(absoluteHttpUrl('PUBLIC_URL'))
    .refine(
      (value) => !URL.canParse(value) || (new URL(value).pathname === '/' && !new URL(value).search),
      'PUBLIC_URL must be an origin without a path or query, such as https://pay.example.com, because the app serves /pay and /mimo/callback at its root',
    ),
  SLACK_SIGNING_SECRET: required('SLACK_SIGNING_SECRET', 'copy it from your Slack app\'s Basic Information page'),
  SLACK_BOT_TOKEN: required('SLACK_BOT_TOKEN', 'copy the Bot User OAuth Token (xoxb-...) from your Slack app\'s OAuth & Permissions page')
    .refine((value) => value.startsWith('xoxb-'), 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: z.string().trim().optional().transform((value) => value || undefined)
    .refine((value) => value === undefined || value.startsWith('xapp-'), 'SLACK_APP_TOKEN must be an app-level token starting with xapp- (or unset to receive Slack requests over HTTP)'),
  SLACK_API_URL: z.string().optional().transform((value) => value?.trim() || undefined)
    .pipe(z.union([z.undefined(), absoluteHttpUrl('SLACK_API_URL')])),
  MIMO_BASE_URL: absoluteHttpUrl('MIMO_BASE_URL').default('https://sandbox.mimo.com.ng'),
  MIMO_CLIENT_ID: required('MIMO_CLIENT_ID', 'use the client_id MiMo issued for your merchant account'),
  MIMO_CLIENT_SECRET: required('MIMO_CLIENT_SECRET', 'use the client_secret MiMo issued for your merchant account'),
  MIMO_TIMEOUT_MS: z.coerce.number().int().min(100, 'MIMO_TIMEOUT_MS must be at least 100').max(120_000, 'MIMO_TIMEOUT_MS must be at most 120000').default(10_000),
  DATABASE_URL: z.string().optional().transform((value) => value?.trim() || undefined)
    .superRefine((value, context) => {
      if (value === undefined) return;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'DATABASE_URL is not a valid URL: use postgres://USER@HOST:PORT/DATABASE, or unset it to use the embedded database' });
        return;
      }
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        context.addIssue({ code: 'custom', message: `DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}//` });
      }
    }),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  ENCRYPTION_KEY: z.string({ error: `ENCRYPTION_KEY is missing: generate one with ${ENCRYPTION_KEY_COMMAND}` })
    .trim()
    .transform((value, context) => {
      const valid = /^[A-Za-z0-9+/]+={0,2}$/.test(value);
      const key = valid ? Buffer.from(value, 'base64') : Buffer.alloc(0);
      if (key.length !== 32) {
        context.addIssue({
          code: 'custom',
          message: `ENCRYPTION_KEY must be 32 random bytes in base64 (got ${valid ? `${key.length} bytes` : 'text that is not base64'}): generate one with ${ENCRYPTION_KEY_COMMAND}`,
        });
        return z.NEVER;
      }
      return key;
    }),
  REFUND_APPROVERS: z.string().optional().default('').transform((value, context) => {
    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    for (const id of ids) {
      if (!slackUserId.test(id)) {
        context.addIssue({ code: 'custom', message: `REFUND_APPROVERS contains "${id}", which is not a Slack user id such as U012ABCDEF` });
      }
    }
    return ids;
  }),
  APPROVALS_CHANNEL: required('APPROVALS_CHANNEL', 'set it to the id of the channel where managers approve refunds (such as C012ABCDEF)')
    .refine((value) => slackChannelId.test(value), 'APPROVALS_CHANNEL must be a Slack channel id such as C012ABCDEF'),
  SETTLEMENTS_CHANNEL: required('SETTLEMENTS_CHANNEL', 'set it to the id of the channel that receives settlement notices (such as C012ABCDEF)')
    .refine((value) => slackChannelId.test(value), 'SETTLEMENTS_CHANNEL must be a Slack channel id such as C012ABCDEF'),
  POLL_SCHEDULE: z.string().trim().default('* * * * *')
    .refine((value) => cron.validate(value), 'POLL_SCHEDULE is not a valid cron expression: use five or six fields, such as "* * * * *" (every minute) or "*/30 * * * * *" (every 30 seconds)'),
  MERCHANT_NAME: z.string().trim().min(1).max(80).default(DEFAULT_MERCHANT_NAME),
  MAX_AMOUNT_NAIRA: z.coerce.number().int('MAX_AMOUNT_NAIRA must be a whole number of naira').positive('MAX_AMOUNT_NAIRA must be above 0').max(90_000_000_000_000, 'MAX_AMOUNT_NAIRA is too large').default(10_000_000),
  LINK_EXPIRY_DAYS: z.coerce.number().int().min(1, 'LINK_EXPIRY_DAYS must be at least 1').max(90, 'LINK_EXPIRY_DAYS must be at most 90').default(7),
});

type Parsed = z.output<typeof schema>;

/** Validated configuration. Secrets are kept as given and must never be logged. */
export interface Config {
  nodeEnv: Parsed['NODE_ENV'];
  logLevel: Parsed['LOG_LEVEL'];
  port: number;
  publicUrl: string;
  slack: {
    signingSecret: string;
    botToken: string;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  mimo: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    timeoutMs: number;
  };
  database: { url: string | undefined; dataDir: string };
  encryptionKey: Buffer;
  refundApprovers: string[];
  approvalsChannel: string;
  settlementsChannel: string;
  pollSchedule: string;
  merchantName: string;
  maxAmountKobo: number;
  linkExpiryDays: number;
}

/** Start-up configuration errors, one line per problem, each naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Reads and validates the configuration from `env` (process.env in production, a
 * plain object in tests). Throws a ConfigError that lists every problem; messages
 * name the variable and never quote a secret's value.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'configuration');
      return issue.message.includes(variable) ? issue.message : `${variable}: ${issue.message}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const value = result.data;
  return {
    nodeEnv: value.NODE_ENV,
    logLevel: value.LOG_LEVEL,
    port: value.PORT,
    publicUrl: value.PUBLIC_URL,
    slack: {
      signingSecret: value.SLACK_SIGNING_SECRET,
      botToken: value.SLACK_BOT_TOKEN,
      appToken: value.SLACK_APP_TOKEN,
      apiUrl: value.SLACK_API_URL,
    },
    mimo: {
      baseUrl: value.MIMO_BASE_URL,
      clientId: value.MIMO_CLIENT_ID,
      clientSecret: value.MIMO_CLIENT_SECRET,
      timeoutMs: value.MIMO_TIMEOUT_MS,
    },
    database: { url: value.DATABASE_URL, dataDir: value.DATA_DIR },
    encryptionKey: value.ENCRYPTION_KEY,
    refundApprovers: value.REFUND_APPROVERS,
    approvalsChannel: value.APPROVALS_CHANNEL,
    settlementsChannel: value.SETTLEMENTS_CHANNEL,
    pollSchedule: value.POLL_SCHEDULE,
    merchantName: value.MERCHANT_NAME,
    maxAmountKobo: value.MAX_AMOUNT_NAIRA * 100,
    linkExpiryDays: value.LINK_EXPIRY_DAYS,
  };
}

/**
 * Lists settings that are valid but probably left at an example value; the app logs
 * each as a warning at start-up and runs anyway.
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (new URL(config.publicUrl).hostname === PLACEHOLDER_PUBLIC_HOST) {
    warnings.push(`PUBLIC_URL is still the example ${config.publicUrl}: customers' pay links will not reach this app`);
  }
  if (config.merchantName === DEFAULT_MERCHANT_NAME) {
    warnings.push('MERCHANT_NAME is not set: receipts and pages will say "Merchant"');
  }
  return warnings;
}

/** Returns every secret value in the configuration, for tests and redaction of upstream text. */
export function configSecrets(config: Config): string[] {
  return [
    config.slack.signingSecret,
    config.slack.botToken,
    config.slack.appToken,
    config.mimo.clientSecret,
    config.encryptionKey.toString('base64'),
    config.database.url ? new URL(config.database.url).password || undefined : undefined,
  ].filter((value): value is string => Boolean(value));
}
