import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startSlackStandin, type SlackStandin } from '../../src/slack-standin/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { signSlackRequest } from '../../src/slack-standin/sign-request.js';
import { TEST_SECRETS, TEST_USERS, TEST_CHANNELS, testEnv } from './test-env.js';

export interface Harness {
  app: RunningApp;
  config: Config;
  sandbox: Sandbox;
  slack: SlackStandin;
  database: TestDatabase;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** Sends a signed slash command to /slack/events and returns the HTTP response. */
  command(name: string, text: string, options?: { userId?: string; channelId?: string; triggerId?: string }): Promise<Response>;
  /** Sends a signed interactivity payload (block_actions, view_submission) to /slack/events. */
  interaction(payload: Record<string, unknown>): Promise<Response>;
  /** Runs every job once, then delivers the outbox until it is empty. */
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Creates a writable stream that appends every log line to `lines`. */
export function captureLines(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
}

/**
 * Starts the whole product for a test: the MiMo sandbox, the Slack stand-in, a fresh
 * database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and the app on a free port,
 * with scheduled jobs off so tests run them by hand.
 */
export async function startHarness(overrides: Record<string, string | undefined> = {}): Promise<Harness> {
  const sandbox = await createSandbox({ port: 0 });
  const slack = await startSlackStandin({
    botToken: TEST_SECRETS.botToken,
    users: {
      [TEST_USERS.rep]: { name: 'tunde', realName: 'Tunde Bakare' },
      [TEST_USERS.manager]: { name: 'ngozi', realName: 'Ngozi Eze' },
      [TEST_USERS.customer]: { name: 'chioma', realName: 'Chioma Okafor' },
    },
  });
  const database = await createTestDatabase();
  const port = await freePort();
  const env = {
    ...testEnv({ mimoUrl: sandbox.url, slackApiUrl: slack.apiUrl, publicUrl: `http://127.0.0.1:${port}`, databaseUrl: database.url }),
    PORT: String(port),
    ...overrides,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: captureLines(logs) });
  const app = await startApp({ config, logger, schedule: false });

  const post = (body: string, contentType: string) =>
    fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signSlackRequest(TEST_SECRETS.signingSecret, body) },
      body,
    });

  let commandCount = 0;
  return {
    app,
    config,
    sandbox,
    slack,
    database,
    logs,
    command(name, text, options = {}) {
      commandCount += 1;
      const body = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: 'T0STANDIN',
        team_domain: 'standin',
        channel_id: options.channelId ?? TEST_CHANNELS.sales,
        channel_name: 'sales',
        user_id: options.userId ?? TEST_USERS.rep,
        user_name: 'tunde',
        command: name,
        text,
        api_app_id: 'A0MIMO',
        response_url: `${slack.responseUrl}/${commandCount}`,
        trigger_id: options.triggerId ?? `trigger.${commandCount}`,
      }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    interaction(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    async runJobs() {
      await app.scheduler.runAllOnce();
    },
    async close() {
      await app.close();
      await Promise.all([sandbox.close(), slack.close()]);
      await database.drop();
    },
  };
}
