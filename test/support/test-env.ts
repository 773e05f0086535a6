/** Configuration values shared by the tests; each is a recognisable fake secret. */
export const TEST_SECRETS = {
  signingSecret: 'test-signing-secret-5f2a9c',
  botToken: 'xoxb-test-bot-token-8d1e7b',
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  encryptionKey: Buffer.alloc(32, 7).toString('base64'),
} as const;

export const TEST_CHANNELS = { approvals: 'C0APPROVALS', settlements: 'C0SETTLEMENTS', sales: 'C0SALES' } as const;
export const TEST_USERS = { rep: 'U0SALESREP', manager: 'U0MANAGER', customer: 'U0CUSTOMER', stranger: 'U0STRANGER' } as const;

/** Returns a complete environment for loadConfig, pointing MiMo and Slack at loopback servers. */
export function testEnv(parts: { mimoUrl: string; slackApiUrl: string; publicUrl?: string; databaseUrl?: string | undefined }): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    PORT: '0',
    PUBLIC_URL: parts.publicUrl ?? 'http://127.0.0.1:3000',
    SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
    SLACK_API_URL: parts.slackApiUrl,
    MIMO_BASE_URL: parts.mimoUrl,
    MIMO_CLIENT_ID: TEST_SECRETS.clientId,
    MIMO_CLIENT_SECRET: TEST_SECRETS.clientSecret,
    MIMO_TIMEOUT_MS: '1000',
    DATABASE_URL: parts.databaseUrl,
    DATA_DIR: 'memory://',
    ENCRYPTION_KEY: TEST_SECRETS.encryptionKey,
    REFUND_APPROVERS: TEST_USERS.manager,
    APPROVALS_CHANNEL: TEST_CHANNELS.approvals,
    SETTLEMENTS_CHANNEL: TEST_CHANNELS.settlements,
    MERCHANT_NAME: 'Adaeze Fabrics Ltd',
  };
}
