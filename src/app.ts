import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { App, ExpressReceiver } from '@slack/bolt';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Services } from './context.js';
import { SecretBox } from './crypto.js';
import { openDatabase } from './db/open.js';
import { migrateDatabase } from './db/migrate.js';
import type { DatabaseHandle } from './db/database.js';
import { MimoClient } from './mimo/client.js';
import { TokenCache } from './mimo/token-cache.js';
import { DatabaseTokenStore } from './oauth/database-token-store.js';
import { createBoltLogger } from './slack/bolt-logger.js';
import { explainSlackStartupError } from './slack/startup-error.js';
import { registerSlackListeners } from './slack/listeners.js';
import { registerWebRoutes } from './web/routes.js';
import { healthzHandler } from './web/healthz.js';
import { requestLogger } from './web/request-logger.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Run the cron jobs and the outbox sweep (tests turn it off and run jobs by hand). */
  schedule?: boolean;
}

export interface RunningApp {
  services: Services;
  database: DatabaseHandle;
  scheduler: Scheduler;
  express: express.Express;
  /** Base URL the HTTP server listens on, such as http://127.0.0.1:3000. */
  url: string;
  /** Stops taking requests, lets running requests and jobs finish (bounded), closes the database. */
  close(): Promise<void>;
}

/** How long shutdown waits for requests and jobs before closing connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Composition root: opens the database, applies migrations, builds the MiMo and
 * Slack clients, registers Slack listeners, web routes and jobs, and starts the
 * HTTP server on `config.port`.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const database = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, logger });
  try {
    await migrateDatabase(database, logger);
  } catch (error) {
    await database.close();
    throw error;
  }

  const secrets = new SecretBox(config.encryptionKey);
  const mimo = new MimoClient({
    baseUrl: config.mimo.baseUrl,
    clientId: config.mimo.clientId,
    clientSecret: config.mimo.clientSecret,
    timeoutMs: config.mimo.timeoutMs,
    maxAmountKobo: config.maxAmountKobo,
    logger: logger.child({ component: 'mimo' }),
  });
  const tokens = new TokenCache({
    client: mimo,
    store: new DatabaseTokenStore(database.db, secrets),
    logger: logger.child({ component: 'mimo-tokens' }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestLogger(logger));

  const boltLogger = createBoltLogger(logger);
  const socketMode = config.slack.appToken !== undefined;
  const receiver = socketMode
    ? undefined
    : new ExpressReceiver({
        signingSecret: config.slack.signingSecret,
        endpoints: '/slack/events',
        app,
        logger: boltLogger,
      });
  const slackApp = new App({
    token: config.slack.botToken,
    logger: boltLogger,
    deferInitialization: true,
    // The global error handler (src/slack/listeners.ts) needs the request body to reply to the person.
    extendedErrorHandler: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: `${config.slack.apiUrl}/` } : {}),
      // The outbox retries failed posts itself, with its own backoff. Rate-limited calls
      // fail at once with Slack's Retry-After, instead of the client sleeping through it.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    },
    ...(receiver
      ? { receiver }
      : { socketMode: true, appToken: config.slack.appToken, signingSecret: config.slack.signingSecret }),
  });

  let scheduler: Scheduler | undefined;
  const services: Services = {
    config,
    logger,
    db: database.db,
    mimo,
    tokens,
    secrets,
    slack: slackApp.client,
    kickOutbox: () => scheduler?.kickOutbox(),
  };
  scheduler = startScheduler(() => services, { enabled: options.schedule ?? true });

  registerSlackListeners(slackApp, services);
  app.get('/healthz', healthzHandler(database, logger));
  registerWebRoutes(app, services);

  let server: Server | undefined;
  try {
    await slackApp.init().catch((error: unknown) => {
      throw explainSlackStartupError(error, config);
    });
    if (socketMode) {
      await slackApp.start();
    }
    server = await listen(app, config.port);
  } catch (error) {
    await scheduler.stop(0);
    await database.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  logger.info({ port: address.port, socketMode, database: database.kind }, 'mimo-slack is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown({ server: server!, scheduler: scheduler!, database, slackApp, socketMode, logger });
    return closing;
  };
  return { services, database, scheduler, express: app, url, close };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`PORT ${port} is already in use: stop the other process or set PORT to a free port`) : error);
    });
  });
}

async function shutdown(parts: {
  server: Server;
  scheduler: Scheduler;
  database: DatabaseHandle;
  slackApp: InstanceType<typeof App>;
  socketMode: boolean;
  logger: Logger;
}): Promise<void> {
  const { server, scheduler, database, slackApp, socketMode, logger } = parts;
  logger.info('shutting down: no new requests; waiting for running requests and jobs');
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const forceClose = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  if (socketMode) {
    await slackApp.stop().catch((error: unknown) => logger.warn({ err: error }, 'Socket Mode did not stop cleanly'));
  }
  await Promise.all([serverClosed, scheduler.stop(SHUTDOWN_GRACE_MS)]);
  clearTimeout(forceClose);
  await database.close();
  logger.info('shutdown complete');
}
