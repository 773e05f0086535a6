import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  approvePayment,
  authorizePayment,
  balanceOf,
  createTransfer,
  listTransactions,
  post,
  requestToken,
  startSandbox,
} from './helpers.js';
import { CLIENT } from './helpers.js';

const CREATE = '/partner/transfers/create';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

describe('fault http_500', () => {
  it('fails before the work', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'http_500' });
    const response = await post(sandbox, CREATE, { access_token: token });

    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toBe('server_error');
    expect(await listTransactions(sandbox)).toEqual([]);
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000);
  });

  it('counts down per request', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'http_500', count: 2 });

    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(500);
    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(500);
    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(200);
    expect(sandbox.events().filter((event) => event.kind === 'fault.injected')).toHaveLength(2);
  });

  it('applies to its path only', async () => {
    const code = await approvePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'http_500' });
    const tokenResponse = await requestToken(sandbox, {
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      grant_type: 'authorization_code',
      code,
    });

    expect(tokenResponse.status).toBe(200);
  });

  it('applies to token endpoint', async () => {
    const code = await approvePayment(sandbox);
    sandbox.injectFault({ path: '/oauth/v2/token', kind: 'http_500' });
    const response = await requestToken(sandbox, {
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      grant_type: 'authorization_code',
      code,
    });

    expect(response.status).toBe(500);
  });

  it('is removed by clearFaults', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'http_500', count: 5 });
    sandbox.clearFaults();

    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(200);
  });
});

describe('fault delay', () => {
  it('waits then does the work', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'delay', delayMs: 300 });
    const started = performance.now();
    const response = await post(sandbox, CREATE, { access_token: token });
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(((await response.json()) as { transactionId: number }).transactionId).toBe(11234);
  });

  it('does nothing while waiting', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'delay', delayMs: 400 });
    const pending = post(sandbox, CREATE, { access_token: token });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(await listTransactions(sandbox)).toEqual([]);
    expect((await pending).status).toBe(200);
    expect(await listTransactions(sandbox)).toHaveLength(1);
  });

  it('close ends delayed requests', async () => {
    const own = await startSandbox();
    const token = await authorizePayment(own);
    own.injectFault({ path: CREATE, kind: 'delay' });
    const pending = post(own, CREATE, { access_token: token }).then(
      (response) => response.status,
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await own.close();

    expect(await pending).toBe('failed');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('fault malformed_json', () => {
  it('does the work with broken body', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'malformed_json' });
    const response = await post(sandbox, CREATE, { access_token: token });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(text).toBe('{"message":"Money was successfully transferred.","transactionId":11');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect((await listTransactions(sandbox)).map((transaction) => transaction.id)).toEqual([11234]);
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000 - 98_099);
  });

  it('turns errors into 200', async () => {
    sandbox.injectFault({ path: CREATE, kind: 'malformed_json' });
    const response = await post(sandbox, CREATE, { access_token: 'made-up' });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });
});

describe('fault drop_after_commit', () => {
  it('moves money then drops', async () => {
    const token = await authorizePayment(sandbox);
    sandbox.injectFault({ path: CREATE, kind: 'drop_after_commit' });

    await expect(post(sandbox, CREATE, { access_token: token })).rejects.toThrow(TypeError);
    expect((await listTransactions(sandbox)).map((transaction) => transaction.status)).toEqual(['pending']);
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000 - 98_099);

    const retry = await post(sandbox, CREATE, { access_token: token });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { error: string }).error).toBe('duplicate_transfer');
  });

  it('voids then drops', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.injectFault({ path: '/partner/transfers/void', kind: 'drop_after_commit' });

    await expect(post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId })).rejects.toThrow(
      TypeError,
    );
    expect((await listTransactions(sandbox))[0]?.status).toBe('voided');
  });
});

describe('fault control', () => {
  it('injects over HTTP', async () => {
    const token = await authorizePayment(sandbox);
    const response = await post(sandbox, '/sandbox/faults', { path: CREATE, kind: 'http_500', count: 1 });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: CREATE, kind: 'http_500', remaining: 1, delayMs: 30_000 });
    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(500);
    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(200);
  });

  it('passes delay_ms', async () => {
    const response = await post(sandbox, '/sandbox/faults', { path: CREATE, kind: 'delay', delay_ms: 5 });
    expect(((await response.json()) as { delayMs: number }).delayMs).toBe(5);
  });

  it('clears over HTTP', async () => {
    const token = await authorizePayment(sandbox);
    await post(sandbox, '/sandbox/faults', { path: CREATE, kind: 'http_500', count: 3 });
    const cleared = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });

    expect(cleared.status).toBe(204);
    expect((await post(sandbox, CREATE, { access_token: token })).status).toBe(200);
  });

  const invalidFaults: [string, Record<string, string>][] = [
    ['unknown kind', { path: CREATE, kind: 'explode' }],
    ['missing path', { kind: 'http_500' }],
    ['relative path', { path: 'partner/transfers/create', kind: 'http_500' }],
    ['control path', { path: '/sandbox/reset', kind: 'http_500' }],
    ['zero count', { path: CREATE, kind: 'http_500', count: '0' }],
    ['negative delay', { path: CREATE, kind: 'delay', delay_ms: '-1' }],
  ];

  for (const [name, params] of invalidFaults) {
    it(`rejects ${name}`, async () => {
      const response = await post(sandbox, '/sandbox/faults', params);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    });
  }

  it('rejects invalid programmatic fault', () => {
    expect(() => sandbox.injectFault({ path: CREATE, kind: 'http_500', count: 0 })).toThrow(RangeError);
  });

  it('records each faulted request', async () => {
    sandbox.injectFault({ path: CREATE, kind: 'http_500' });
    await post(sandbox, CREATE);
    const faulted = sandbox.events().filter((event) => event.kind === 'fault.injected');

    expect(faulted).toHaveLength(1);
    expect(faulted[0]?.path).toBe(CREATE);
    expect(faulted[0]?.detail).toEqual({ kind: 'http_500', remaining: 0 });
  });
});
