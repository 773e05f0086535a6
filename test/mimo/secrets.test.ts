import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { MimoClient } from '../../src/mimo/client.js';
import { MimoError } from '../../src/mimo/errors.js';
import { MemoryTokenStore } from '../../src/mimo/memory-token-store.js';
import { TokenCache } from '../../src/mimo/token-cache.js';
import { createSandbox, DEFAULT_CLIENT, type Sandbox } from '../../src/sandbox/index.js';
import { approvePayment } from './support/sandbox-flow.js';

const MINUTE = 60_000;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

/** Records every request URL and response body that passes through fetch. */
function recordingFetch(urls: string[], bodies: string[]): typeof globalThis.fetch {
  return async (input, init) => {
    urls.push(String(input));
    const response = await globalThis.fetch(input, init);
    bodies.push(await response.clone().text().catch(() => ''));
    return response;
  };
}

/** Collects the secret values sent to or received from MiMo: secret parameters and tokens. */
function secretsSeen(urls: string[], bodies: string[], extra: string[]): Set<string> {
  const secrets = new Set(extra);
  for (const url of urls) {
    const params = new URL(url).searchParams;
    for (const name of ['access_token', 'code', 'client_secret']) {
      const value = params.get(name);
      if (value) {
        secrets.add(value);
      }
    }
  }
  for (const body of bodies) {
    // Also matches a token cut short by a malformed body.
    for (const match of body.matchAll(/"access_token"\s*:\s*"([^"]+)/g)) {
      secrets.add(match[1]!);
    }
  }
  return new Set([...secrets].filter((secret) => secret.length >= 8));
}

/** Returns every text an error exposes: message, stack, cause chain and own properties. */
function errorText(error: unknown): string {
  const parts = [inspect(error, { depth: 10 }), JSON.stringify(error)];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? '');
    current = current.cause;
  }
  return parts.join('\n');
}

describe('secrets', () => {
  it('absent from logs and errors', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    const logger = createLogger({ level: 'debug', destination });
    const urls: string[] = [];
    const bodies: string[] = [];
    const errors: unknown[] = [];
    const codes: string[] = [];
    const wrongSecret = 'wrong-client-secret-0f9e';

    const options = {
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      timeoutMs: 1_000,
      readRetries: 1,
      retryBaseDelayMs: 1,
      logger,
      fetch: recordingFetch(urls, bodies),
    };
    const client = new MimoClient(options);
    const store = new MemoryTokenStore();
    const cache = new TokenCache({ client, store, logger });
    const expectFailure = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        errors.push(error);
        return;
      }
      throw new Error('expected the call to fail');
    };
    const approve = async (notes: string) => {
      const code = await approvePayment(sandbox, client, { amountKobo: 50_000, notes });
      codes.push(code);
      return code;
    };

    // A normal payment: consent, token, create, reads, refund.
    const code = await approve('Order 1');
    store.saveCode('auth-1', code);
    await cache.rememberToken('auth-1', await client.exchangeCode(code), new Date());
    const { transactionId } = await cache.withToken('auth-1', (token) => client.createTransfer(token));
    await cache.withToken('auth-1', (token) => client.userProfile(token));
    sandbox.settle(transactionId);
    await cache.withToken('auth-1', (token) => client.refundTransfer(token, transactionId, 1_000, 'Part refund'));

    // Faults on reads: one retried to success, one exhausted.
    sandbox.injectFault({ path: '/partner/transfers/details', kind: 'http_500', count: 1 });
    await cache.withToken('auth-1', (token) => client.transferDetails(token, transactionId));
    sandbox.injectFault({ path: '/partner/transfers/details', kind: 'malformed_json', count: 2 });
    await expectFailure(cache.withToken('auth-1', (token) => client.transferDetails(token, transactionId)));
    sandbox.injectFault({ path: '/partner/transfers/details', kind: 'drop_after_commit', count: 2 });
    await expectFailure(cache.withToken('auth-1', (token) => client.transferDetails(token, transactionId)));

    // A malformed token response quotes part of the new token.
    sandbox.injectFault({ path: '/oauth/v2/token', kind: 'malformed_json', count: 2 });
    await expectFailure(client.exchangeCode(code));

    // Money POSTs whose outcome is unknown.
    sandbox.injectFault({ path: '/partner/transfers/refund', kind: 'drop_after_commit', count: 1 });
    await expectFailure(cache.withToken('auth-1', (token) => client.refundTransfer(token, transactionId, 1_000, 'x')));
    sandbox.injectFault({ path: '/partner/transfers/refund', kind: 'malformed_json', count: 1 });
    await expectFailure(cache.withToken('auth-1', (token) => client.refundTransfer(token, transactionId, 1_000, 'x')));
    const second = await approve('Order 2');
    const secondToken = (await client.exchangeCode(second)).accessToken;
    sandbox.injectFault({ path: '/partner/transfers/create', kind: 'delay', count: 1, delayMs: 2_000 });
    await expectFailure(client.createTransfer(secondToken));

    // Rejections: expired token (renewed by the cache), bad code, bad client secret.
    sandbox.advanceClock(31 * MINUTE);
    await expectFailure(client.userProfile(secondToken));
    await cache.withToken('auth-1', (token) => client.transferDetails(token, transactionId));
    await expectFailure(client.exchangeCode('made-up-code-4d7a91'));
    await expectFailure(new MimoClient({ ...options, clientSecret: wrongSecret }).exchangeCode(code));
    await expectFailure(client.voidTransfer(secondToken, '999999'));

    const secrets = secretsSeen(urls, bodies, [DEFAULT_CLIENT.clientSecret, wrongSecret, ...codes]);
    const logText = lines.join('\n');
    const errorTexts = errors.map(errorText).join('\n');

    // The run must have exercised what it checks: secrets on the wire, logs and errors.
    expect(secrets.size).toBeGreaterThanOrEqual(8);
    expect(urls.join('\n')).toContain(DEFAULT_CLIENT.clientSecret);
    expect(errors).toHaveLength(10);
    expect(errors.every((error) => error instanceof MimoError)).toBe(true);
    expect(errors.map((error) => (error as MimoError).code)).toContain('outcome_unknown');
    expect(logText).toContain('[REDACTED]');
    expect(lines.filter((line) => line.includes('"msg":"MiMo request"')).length).toBeGreaterThan(15);
    expect(lines.some((line) => line.includes('"level":40'))).toBe(true);

    for (const secret of secrets) {
      expect(logText.includes(secret), `a log line contains the secret ${secret.slice(0, 3)}…`).toBe(false);
      expect(errorTexts.includes(secret), `an error contains the secret ${secret.slice(0, 3)}…`).toBe(false);
    }
  });

  // A plain pino logger without the app's redaction, so that only the client's own redaction is tested.
  it('request line redacted by client', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    const client = new MimoClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      logger: pino({ level: 'debug' }, destination),
    });
    const code = await approvePayment(sandbox, client, { amountKobo: 100, notes: 'x' });
    await client.exchangeCode(code);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line['level']).toBe(20);
    expect(line['method']).toBe('POST');
    expect(line['status']).toBe(200);
    expect(typeof line['durationMs']).toBe('number');
    expect(line['path']).toBe(
      '/oauth/v2/token?client_id=sandbox-client-id&client_secret=[REDACTED]&grant_type=authorization_code&code=[REDACTED]',
    );
  });
});
