import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MimoClient } from '../../src/mimo/client.js';
import { MimoClientError, MimoTokenRejectedError } from '../../src/mimo/errors.js';
import { MemoryTokenStore } from '../../src/mimo/memory-token-store.js';
import { TokenCache } from '../../src/mimo/token-cache.js';
import { createSandbox, DEFAULT_CLIENT, type Sandbox } from '../../src/sandbox/index.js';
import { approvePayment, countEvents } from './support/sandbox-flow.js';

const MINUTE = 60_000;
const AUTHORIZATION = 'authorization-1';

let sandbox: Sandbox;
let client: MimoClient;

/** A clock for the cache that moves only when the test moves it, together with the sandbox's. */
class TestClock {
  private nowMs = Date.parse('2025-03-01T09:00:00Z');
  readonly now = (): Date => new Date(this.nowMs);

  advance(ms: number, options: { sandboxToo: boolean } = { sandboxToo: true }): void {
    this.nowMs += ms;
    if (options.sandboxToo) {
      sandbox.advanceClock(ms);
    }
  }
}

interface Setup {
  cache: TokenCache;
  store: MemoryTokenStore;
  clock: TestClock;
  transactionId: string;
  firstToken: string;
}

/**
 * Approves a payment, stores its code, remembers the first token as the callback
 * would, and creates the transfer with it.
 */
async function setUp(): Promise<Setup> {
  const store = new MemoryTokenStore();
  const clock = new TestClock();
  const cache = new TokenCache({ client, store, clock: clock.now });
  const code = await approvePayment(sandbox, client, { amountKobo: 25_000, notes: 'Order 7' });
  store.saveCode(AUTHORIZATION, code);
  const grant = await client.exchangeCode(code);
  await cache.rememberToken(AUTHORIZATION, grant, clock.now());
  const { transactionId } = await cache.withToken(AUTHORIZATION, (token) => client.createTransfer(token));
  return { cache, store, clock, transactionId, firstToken: grant.accessToken };
}

function readDetails(setup: Setup) {
  return setup.cache.withToken(AUTHORIZATION, (token) => client.transferDetails(token, setup.transactionId));
}

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
  client = new MimoClient({
    baseUrl: sandbox.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    readRetries: 0,
  });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

describe('TokenCache', () => {
  it('reuses remembered token', async () => {
    const setup = await setUp();
    for (let i = 0; i < 5; i += 1) {
      await readDetails(setup);
      setup.clock.advance(5 * MINUTE);
    }
    expect(countEvents(sandbox, 'token.issued')).toBe(1);
    expect(countEvents(sandbox, 'details.read')).toBe(5);
    expect((await setup.store.loadToken(AUTHORIZATION))?.accessToken).toBe(setup.firstToken);
  });

  it('stores expiry of 30 minutes', async () => {
    const setup = await setUp();
    const stored = await setup.store.loadToken(AUTHORIZATION);
    expect(stored?.expiresAt.getTime()).toBe(setup.clock.now().getTime() + 30 * MINUTE);
  });

  it('renews within renewBeforeMs', async () => {
    const setup = await setUp();
    setup.clock.advance(29 * MINUTE + 1);
    await readDetails(setup);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
    expect(countEvents(sandbox, 'token.invalid')).toBe(0);
    const stored = await setup.store.loadToken(AUTHORIZATION);
    expect(stored?.accessToken).not.toBe(setup.firstToken);
    expect(stored?.expiresAt.getTime()).toBe(setup.clock.now().getTime() + 30 * MINUTE);
  });

  it('keeps token before renewBeforeMs', async () => {
    const setup = await setUp();
    setup.clock.advance(29 * MINUTE - 1);
    await readDetails(setup);
    expect(countEvents(sandbox, 'token.issued')).toBe(1);
  });

  it('renews after expiry', async () => {
    const setup = await setUp();
    setup.clock.advance(45 * MINUTE);
    const details = await readDetails(setup);
    expect(details.transactionId).toBe(setup.transactionId);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
    expect(countEvents(sandbox, 'token.invalid')).toBe(0);
  });

  it('renews once after rejection', async () => {
    const setup = await setUp();
    // Only MiMo's clock moves, so the cache still trusts the token that MiMo now rejects.
    sandbox.advanceClock(31 * MINUTE);
    const details = await readDetails(setup);
    expect(details.transactionId).toBe(setup.transactionId);
    expect(countEvents(sandbox, 'token.invalid')).toBe(1);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
  });

  it('create retried after rejection', async () => {
    const store = new MemoryTokenStore();
    const clock = new TestClock();
    const cache = new TokenCache({ client, store, clock: clock.now });
    const code = await approvePayment(sandbox, client, { amountKobo: 25_000, notes: 'Order 8' });
    store.saveCode(AUTHORIZATION, code);
    await cache.rememberToken(AUTHORIZATION, await client.exchangeCode(code), clock.now());
    sandbox.advanceClock(31 * MINUTE);

    const created = await cache.withToken(AUTHORIZATION, (token) => client.createTransfer(token));

    expect(created.transactionId).toMatch(/^\d+$/);
    expect(countEvents(sandbox, 'token.invalid')).toBe(1);
    expect(countEvents(sandbox, 'transfer.created')).toBe(1);
  });

  it('calls at most twice', async () => {
    const setup = await setUp();
    let calls = 0;
    const rejected = setup.cache.withToken(AUTHORIZATION, async () => {
      calls += 1;
      throw new MimoTokenRejectedError('rejected for the test', 'invalid_token', null);
    });
    await expect(rejected).rejects.toBeInstanceOf(MimoTokenRejectedError);
    expect(calls).toBe(2);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
  });

  it('does not renew on other errors', async () => {
    const setup = await setUp();
    let calls = 0;
    const failed = setup.cache.withToken(AUTHORIZATION, async () => {
      calls += 1;
      throw new MimoClientError('rejected for the test', 'invalid_state', null);
    });
    await expect(failed).rejects.toBeInstanceOf(MimoClientError);
    expect(calls).toBe(1);
    expect(countEvents(sandbox, 'token.issued')).toBe(1);
  });

  it('shares one renewal on expiry', async () => {
    const setup = await setUp();
    setup.clock.advance(40 * MINUTE);
    const results = await Promise.all(Array.from({ length: 12 }, () => readDetails(setup)));
    expect(results).toHaveLength(12);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
    expect(countEvents(sandbox, 'details.read')).toBe(12);
  });

  it('shares one renewal on rejection', async () => {
    const setup = await setUp();
    sandbox.advanceClock(31 * MINUTE);
    const results = await Promise.all(Array.from({ length: 8 }, () => readDetails(setup)));
    expect(results.every((details) => details.transactionId === setup.transactionId)).toBe(true);
    expect(countEvents(sandbox, 'token.invalid')).toBe(8);
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
  });

  it('renews separately per authorization', async () => {
    const store = new MemoryTokenStore();
    const clock = new TestClock();
    const cache = new TokenCache({ client, store, clock: clock.now });
    for (const id of ['a', 'b', 'c']) {
      store.saveCode(id, await approvePayment(sandbox, client, { amountKobo: 100, notes: id }));
    }
    const profiles = await Promise.all(
      ['a', 'b', 'c', 'a', 'b', 'c'].map((id) => cache.withToken(id, (token) => client.userProfile(token))),
    );
    expect(profiles).toHaveLength(6);
    expect(countEvents(sandbox, 'token.issued')).toBe(3);
  });

  it('honours renewBeforeMs option', async () => {
    const store = new MemoryTokenStore();
    const clock = new TestClock();
    const cache = new TokenCache({ client, store, clock: clock.now, renewBeforeMs: 10 * MINUTE });
    store.saveCode(AUTHORIZATION, await approvePayment(sandbox, client, { amountKobo: 100, notes: 'x' }));
    await cache.currentToken(AUTHORIZATION);
    clock.advance(20 * MINUTE + 1);
    await cache.withToken(AUTHORIZATION, (token) => client.userProfile(token));
    expect(countEvents(sandbox, 'token.issued')).toBe(2);
  });

  it('fails without stored code', async () => {
    const cache = new TokenCache({ client, store: new MemoryTokenStore() });
    await expect(cache.withToken('missing', async () => 1)).rejects.toThrow(/No MiMo authentication code/);
    expect(countEvents(sandbox, 'token.issued')).toBe(0);
  });
});
