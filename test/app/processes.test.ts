import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { startSlackStandin, type SlackStandin } from '../../src/slack-standin/server.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { freePort } from '../support/harness.js';
import { createTestDatabase } from '../support/test-database.js';
import { TEST_SECRETS, testEnv } from '../support/test-env.js';

let slack: SlackStandin;
const running: AppProcess[] = [];
const folders: string[] = [];

beforeAll(async () => {
  slack = await startSlackStandin({ botToken: TEST_SECRETS.botToken });
});
afterAll(async () => {
  for (const app of running) app.child.kill('SIGKILL');
  await slack.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string | undefined>): AppProcess {
  const app = spawnApp(env);
  running.push(app);
  return app;
}

function baseEnv(port: number, dataDir: string) {
  return {
    ...testEnv({ mimoUrl: 'http://127.0.0.1:9', slackApiUrl: slack.apiUrl, publicUrl: `http://127.0.0.1:${port}` }),
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATA_DIR: dataDir,
  };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimo-app-'));
  folders.push(dir);
  return dir;
}

describe('app process', () => {
  it('names a missing variable and exits', async () => {
    const port = await freePort();
    const app = start({ ...baseEnv(port, tempDir()), MIMO_CLIENT_SECRET: undefined });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('MIMO_CLIENT_SECRET is missing');
  });

  it('serves healthz and stops on SIGTERM', async () => {
    const port = await freePort();
    const app = start(baseEnv(port, tempDir()));
    const health = await app.waitHealthy(port);
    expect(health).toMatchObject({ status: 'ok', database: 'pglite' });
    expect(slack.callsOf('auth.test').length).toBeGreaterThan(0);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('shutdown complete');
  });

  it('rejects a second process on one data folder', async () => {
    const dataDir = tempDir();
    const firstPort = await freePort();
    const first = start(baseEnv(firstPort, dataDir));
    await first.waitHealthy(firstPort);
    const secondPort = await freePort();
    const second = start(baseEnv(secondPort, dataDir));
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by process ${first.child.pid}`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('reports an unreachable database by variable', async () => {
    const port = await freePort();
    const unused = await freePort();
    const app = start({ ...baseEnv(port, tempDir()), DATABASE_URL: `postgres://postgres:pw-not-shown@127.0.0.1:${unused}/test` });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('DATABASE_URL: could not connect');
    expect(app.output()).toContain('ECONNREFUSED');
    expect(app.output()).not.toContain('pw-not-shown');
  });

  it('names a rejected bot token', async () => {
    const port = await freePort();
    const app = start({ ...baseEnv(port, tempDir()), SLACK_BOT_TOKEN: 'xoxb-revoked-token-4471' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('SLACK_BOT_TOKEN was rejected by Slack (auth.test returned invalid_auth)');
    expect(app.output()).not.toContain('xoxb-revoked-token-4471');
  });

  it('names an unreachable Slack API URL', async () => {
    const port = await freePort();
    const closed = await freePort();
    const app = start({ ...baseEnv(port, tempDir()), SLACK_API_URL: `http://127.0.0.1:${closed}/api` });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain(`Could not reach Slack's Web API at http://127.0.0.1:${closed}/api`);
    expect(app.output()).toContain('check SLACK_API_URL');
  });

  it.runIf(process.env.TEST_DATABASE_URL)('migrates once when three start together', async () => {
    const database = await createTestDatabase();
    try {
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      const apps = ports.map((port) => start({ ...baseEnv(port, 'memory://'), DATABASE_URL: database.url }));
      const health = await Promise.all(apps.map((app, index) => app.waitHealthy(ports[index]!)));
      expect(health.map((item) => item.database)).toEqual(['postgres', 'postgres', 'postgres']);

      const sql = postgres(database.url!, { max: 1, onnotice: () => {} });
      const applied = await sql`select hash from drizzle.__drizzle_migrations`;
      const triggers = await sql`select count(*)::int as count from pg_trigger where tgname = 'audit_log_append_only'`;
      await sql.end();
      expect(applied).toHaveLength(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
      expect(triggers[0]!.count).toBe(1);

      for (const app of apps) app.child.kill('SIGTERM');
      expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0, 0]);
    } finally {
      await database.drop();
    }
  });
});
