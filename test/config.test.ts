import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../src/config.js';
import { testEnv, TEST_SECRETS } from './support/test-env.js';

const valid = testEnv({ mimoUrl: 'http://127.0.0.1:4010', slackApiUrl: 'http://127.0.0.1:4020/api' });

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts a complete environment', () => {
    const config = loadConfig(valid);
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.refundApprovers).toEqual(['U0MANAGER']);
    expect(config.maxAmountKobo).toBe(1_000_000_000);
  });

  it('applies documented defaults', () => {
    const config = loadConfig({ ...valid, PORT: undefined, MIMO_BASE_URL: undefined, POLL_SCHEDULE: undefined, DATA_DIR: undefined, DATABASE_URL: undefined, SLACK_API_URL: undefined });
    expect(config.port).toBe(3000);
    expect(config.mimo.baseUrl).toBe('https://sandbox.mimo.com.ng');
    expect(config.pollSchedule).toBe('* * * * *');
    expect(config.database).toEqual({ url: undefined, dataDir: './data' });
    expect(config.slack.apiUrl).toBeUndefined();
  });

  it('lists every missing variable by name', () => {
    const problems = problemsOf({});
    for (const name of ['PUBLIC_URL', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'MIMO_CLIENT_ID', 'MIMO_CLIENT_SECRET', 'ENCRYPTION_KEY', 'APPROVALS_CHANNEL', 'SETTLEMENTS_CHANNEL']) {
      expect(problems.some((problem) => problem.startsWith(name)), name).toBe(true);
    }
  });

  it.each([
    ['DATABASE_URL', 'not a url', 'DATABASE_URL is not a valid URL'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1/test', 'DATABASE_URL must start with postgres://'],
    ['ENCRYPTION_KEY', Buffer.alloc(16).toString('base64'), 'ENCRYPTION_KEY must be 32 random bytes in base64 (got 16 bytes)'],
    ['ENCRYPTION_KEY', 'not base64!', 'ENCRYPTION_KEY must be 32 random bytes in base64 (got text that is not base64)'],
    ['PUBLIC_URL', '/relative/path', 'PUBLIC_URL must be an absolute http(s) URL'],
    ['PUBLIC_URL', 'ftp://files.example.com', 'PUBLIC_URL must use http or https'],
    ['PUBLIC_URL', 'https://pay.example.com/shop', 'PUBLIC_URL must be an origin without a path'],
    ['POLL_SCHEDULE', 'every minute', 'POLL_SCHEDULE is not a valid cron expression'],
    ['PORT', 'eighty', 'PORT must be a whole number'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    ['REFUND_APPROVERS', 'U0MANAGER,bob', 'REFUND_APPROVERS contains "bob"'],
    ['APPROVALS_CHANNEL', '#approvals', 'APPROVALS_CHANNEL must be a Slack channel id'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace or silent'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be development, production or test'],
  ])('rejects malformed %s', (name, value, message) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('accepts PUBLIC_URL with a trailing slash', () => {
    expect(loadConfig({ ...valid, PUBLIC_URL: 'https://pay.ng.example/' }).publicUrl).toBe('https://pay.ng.example');
  });

  it('warns about example values', () => {
    const warnings = configWarnings(loadConfig({ ...valid, PUBLIC_URL: 'https://pay.example.com', MERCHANT_NAME: undefined }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('PUBLIC_URL is still the example');
    expect(warnings[1]).toContain('MERCHANT_NAME is not set');
    expect(configWarnings(loadConfig(valid))).toEqual([]);
  });

  it('tells how to generate an encryption key', () => {
    const [problem] = problemsOf({ ...valid, ENCRYPTION_KEY: undefined });
    expect(problem).toContain("randomBytes(32).toString('base64')");
  });

  it('never quotes a secret value', () => {
    const secretish = { ...valid, SLACK_BOT_TOKEN: 'xoxp-leaky-value-123', ENCRYPTION_KEY: 'c2VjcmV0LWtleS12YWx1ZQ==', DATABASE_URL: 'mysql://root:hunter22@127.0.0.1/x' };
    const text = problemsOf(secretish).join('\n');
    expect(text).not.toContain('xoxp-leaky-value-123');
    expect(text).not.toContain('c2VjcmV0LWtleS12YWx1ZQ==');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain(TEST_SECRETS.signingSecret);
  });
});
