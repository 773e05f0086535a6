/**
 * Starts the sandbox for people and demos (`npm run sandbox`). Configuration comes from
 * SANDBOX_PORT (default 4010), SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET,
 * SANDBOX_MERCHANT_NAME and SANDBOX_SETTLE_AFTER_SECONDS (default 30).
 */
import { createLogger } from '../logger.js';
import { DEFAULT_CLIENT, DEFAULT_PORT, createSandbox, type Sandbox } from './index.js';

const DEFAULT_SETTLE_AFTER_SECONDS = 30;

function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') {
    return DEFAULT_PORT;
  }
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new Error(`SANDBOX_PORT "${value}" is not a port number. Use an integer from 0 to 65535.`);
  }
  return port;
}

function readSettleAfterMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') {
    return DEFAULT_SETTLE_AFTER_SECONDS * 1000;
  }
  if (!/^\d+(?:\.\d+)?$/.test(value.trim())) {
    throw new Error(`SANDBOX_SETTLE_AFTER_SECONDS "${value}" is not a number of seconds >= 0.`);
  }
  return Math.round(Number(value) * 1000);
}

function readText(value: string | undefined, fallback: string): string {
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

async function main(): Promise<void> {
  const logger = createLogger({ pretty: process.stdout.isTTY === true, level: process.env.LOG_LEVEL ?? 'info' });

  let port: number;
  let settleAfterMs: number;
  try {
    port = readPort(process.env.SANDBOX_PORT);
    settleAfterMs = readSettleAfterMs(process.env.SANDBOX_SETTLE_AFTER_SECONDS);
  } catch (error) {
    logger.error({ err: error }, 'Invalid sandbox configuration');
    process.exitCode = 1;
    return;
  }
  const client = {
    clientId: readText(process.env.SANDBOX_CLIENT_ID, DEFAULT_CLIENT.clientId),
    clientSecret: readText(process.env.SANDBOX_CLIENT_SECRET, DEFAULT_CLIENT.clientSecret),
    merchantName: readText(process.env.SANDBOX_MERCHANT_NAME, DEFAULT_CLIENT.merchantName),
  };

  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({ port, clients: [client], settleAfterMs, logger });
  } catch (error) {
    logger.error(
      { err: error, port },
      'Failed to start the MiMo sandbox. If the port is already in use, set SANDBOX_PORT to another port.',
    );
    process.exitCode = 1;
    return;
  }

  const example = new URL('/oauth/v2/authenticate', sandbox.url);
  example.searchParams.set('client_id', client.clientId);
  example.searchParams.set('url', `${sandbox.url}/sandbox/callback-echo`);
  example.searchParams.set('amount', '980.99');
  example.searchParams.set('notes', 'Invoice 234327');
  example.searchParams.set('response_type', 'code');
  logger.info(
    { url: sandbox.url, clientId: client.clientId, merchantName: client.merchantName, settleAfterMs },
    `MiMo sandbox listening on ${sandbox.url}. To try the consent page, open ${example.href}`,
  );

  const stop = (signal: NodeJS.Signals): void => {
    sandbox.close().then(
      () => logger.info({ signal }, 'MiMo sandbox stopped'),
      (error: unknown) => {
        logger.error({ err: error, signal }, 'MiMo sandbox failed to stop cleanly');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
