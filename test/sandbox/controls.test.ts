import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { Sandbox, SandboxEvent } from '../../src/sandbox/index.js';
import {
  CLIENT,
  approvePayment,
  authenticateParams,
  authenticateUrl,
  balanceOf,
  createTransfer,
  exchangeCode,
  getJson,
  listTransactions,
  post,
  startSandbox,
} from './helpers.js';

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

describe('sandbox events', () => {
  it('lists flow in order', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    await post(sandbox, '/partner/transfers/details', { access_token: token, transaction_id: transactionId });
    await post(sandbox, '/partner/users/card_id', { access_token: token });
    await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });

    const events = await getJson<SandboxEvent[]>(sandbox, '/sandbox/events');
    expect(events.map((event) => event.kind)).toEqual([
      'authenticate.approved',
      'token.issued',
      'transfer.created',
      'details.read',
      'profile.read',
      'transfer.voided',
    ]);
    expect(events[2]?.transactionId).toBe('11234');
    expect(events[2]?.detail).toEqual({ grantId: 1, username: 'chioma.okafor', amountKobo: 98_099 });
    expect(Number.isNaN(Date.parse(events[0]?.at ?? ''))).toBe(false);
  });

  it('match programmatic events', async () => {
    await createTransfer(sandbox);
    expect(await getJson<SandboxEvent[]>(sandbox, '/sandbox/events')).toEqual(sandbox.events());
  });
});

describe('sandbox settle control', () => {
  it('settles over HTTP', async () => {
    const { transactionId } = await createTransfer(sandbox);
    const response = await post(sandbox, `/sandbox/transactions/${transactionId}/settle`);
    const body = (await response.json()) as { id: number; status: string };

    expect(response.status).toBe(200);
    expect(body.id).toBe(transactionId);
    expect(body.status).toBe('completed');
  });

  it('rejects unknown transaction', async () => {
    const response = await post(sandbox, '/sandbox/transactions/99999/settle');
    expect(response.status).toBe(404);
    expect(() => sandbox.settle('99999')).toThrow('Transaction 99999 was not found.');
  });

  it('rejects settled transaction', async () => {
    const { transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));

    expect((await post(sandbox, `/sandbox/transactions/${transactionId}/settle`)).status).toBe(409);
    expect(() => sandbox.settle(String(transactionId))).toThrow(/Only pending transfers can be settled/);
  });

  it('rejects malformed id', async () => {
    expect((await post(sandbox, '/sandbox/transactions/abc/settle')).status).toBe(400);
    expect(() => sandbox.settle('abc')).toThrow(RangeError);
  });
});

describe('sandbox status control', () => {
  it('sets any status', async () => {
    const { transactionId } = await createTransfer(sandbox);
    const response = await post(sandbox, `/sandbox/transactions/${transactionId}/status`, { status: 'reversed_by_bank' });

    expect(response.status).toBe(200);
    expect((await listTransactions(sandbox))[0]?.status).toBe('reversed_by_bank');
  });

  it('requires status', async () => {
    const { transactionId } = await createTransfer(sandbox);
    expect((await post(sandbox, `/sandbox/transactions/${transactionId}/status`)).status).toBe(400);
  });
});

describe('sandbox clock control', () => {
  it('advances clock', async () => {
    const before = Date.now();
    const response = await post(sandbox, '/sandbox/clock/advance', { seconds: 3600 });
    const body = (await response.json()) as { now: string };

    expect(response.status).toBe(200);
    expect(Date.parse(body.now) - before).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.parse(body.now) - before).toBeLessThan(3_660_000);
  });

  it('rejects negative seconds', async () => {
    expect((await post(sandbox, '/sandbox/clock/advance', { seconds: -5 })).status).toBe(400);
    expect(() => sandbox.advanceClock(-1)).toThrow(RangeError);
  });
});

describe('sandbox reset', () => {
  it('restores start state', async () => {
    const { transactionId } = await createTransfer(sandbox, { username: 'emeka.obi', amount: '500' });
    sandbox.injectFault({ path: '/partner/users/card_id', kind: 'http_500' });
    const response = await post(sandbox, '/sandbox/reset');

    expect(response.status).toBe(204);
    expect(transactionId).toBe(11234);
    expect(await listTransactions(sandbox)).toEqual([]);
    expect(sandbox.events()).toEqual([]);
    expect(await balanceOf(sandbox, 'emeka.obi')).toBe(200_000);

    const again = await createTransfer(sandbox);
    expect(again.transactionId).toBe(11234);
    expect((await post(sandbox, '/partner/users/card_id', { access_token: again.token })).status).toBe(200);
  });
});

describe('sandbox routing', () => {
  it('returns JSON 404', async () => {
    const response = await post(sandbox, '/partner/transfers/unknown');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      error_description: 'No endpoint for POST /partner/transfers/unknown.',
    });
  });
});

describe('sandbox logging', () => {
  it('logs one line without secrets', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        callback();
      },
    });
    const logged = await startSandbox({ logger: createLogger({ destination }) });
    try {
      await fetch(authenticateUrl(logged, authenticateParams()));
      const code = await approvePayment(logged);
      const token = await exchangeCode(logged, code);
      await post(logged, '/partner/transfers/create', { access_token: token });

      const output = lines.join('\n');
      expect(lines).toHaveLength(4);
      expect(lines.map((line) => (JSON.parse(line) as { path: string }).path)).toEqual([
        '/oauth/v2/authenticate',
        '/oauth/v2/authenticate',
        '/oauth/v2/token',
        '/partner/transfers/create',
      ]);
      expect(output).not.toContain(code);
      expect(output).not.toContain(token);
      expect(output).not.toContain(CLIENT.clientSecret);
      expect(output).not.toContain('"pin"');
    } finally {
      await logged.close();
    }
  });
});
