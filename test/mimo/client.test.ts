import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MimoClient } from '../../src/mimo/client.js';
import {
  MimoClientError,
  MimoError,
  MimoOutcomeUnknownError,
  MimoTokenRejectedError,
  MimoValidationError,
  type MimoErrorCode,
} from '../../src/mimo/errors.js';
import { DEFAULT_MAX_AMOUNT_KOBO } from '../../src/mimo/validation.js';
import { createSandbox, DEFAULT_CLIENT, type Sandbox } from '../../src/sandbox/index.js';
import { approvePayment, countEvents, countingFetch, createPayment } from './support/sandbox-flow.js';

const TIMEOUT_MS = 750;
const FAULT_DELAY_MS = 1_500;
const READ_RETRIES = 2;

let sandbox: Sandbox;
let client: MimoClient;
let requests: () => number;

function newClient(fetch: typeof globalThis.fetch, overrides: Partial<ConstructorParameters<typeof MimoClient>[0]> = {}) {
  return new MimoClient({
    baseUrl: sandbox.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    timeoutMs: TIMEOUT_MS,
    readRetries: READ_RETRIES,
    retryBaseDelayMs: 1,
    fetch,
    ...overrides,
  });
}

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
  const counting = countingFetch();
  requests = counting.count;
  client = newClient(counting.fetch);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

async function failure(promise: Promise<unknown>): Promise<MimoError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MimoError)) {
    throw new Error(`expected a MimoError, got ${String(error)}`);
  }
  return error;
}

/**
 * Waits until requests held back by a delay fault have reached the sandbox's handlers,
 * so that their events do not land in the next test.
 */
async function awaitDelayedEvents(kind: string, expected: number): Promise<void> {
  await vi.waitFor(() => expect(countEvents(sandbox, kind)).toBe(expected), {
    timeout: FAULT_DELAY_MS * 3,
    interval: 25,
  });
}

/** Creates a pending transfer of ₦1,500.25 with a fresh token. */
async function pendingTransfer(notes = 'Invoice 1001') {
  return createPayment(sandbox, client, { amountKobo: 150_025, notes });
}

/** Creates and settles a transfer of ₦1,500.25. */
async function completedTransfer() {
  const payment = await pendingTransfer();
  sandbox.settle(payment.transactionId);
  return payment;
}

describe('operations', () => {
  it('exchangeCode returns token', async () => {
    const code = await approvePayment(sandbox, client, { amountKobo: 98_099, notes: 'Invoice Nr. 234327' });
    const grant = await client.exchangeCode(code);
    expect(grant.accessToken.length).toBeGreaterThan(10);
    expect(grant.expiresInSeconds).toBeNull();
    expect(countEvents(sandbox, 'token.issued')).toBe(1);
  });

  it('createTransfer and details', async () => {
    const payment = await pendingTransfer();
    expect(payment.transactionId).toMatch(/^[1-9]\d*$/);
    expect(countEvents(sandbox, 'transfer.created')).toBe(1);

    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.transactionId).toBe(payment.transactionId);
    expect(details.amountKobo).toBe(150_025);
    expect(details.notes).toBe('Invoice 1001');
    expect(details.status).toEqual({ kind: 'pending', raw: 'pending' });
    expect(details.destination?.companyName).toBe(DEFAULT_CLIENT.merchantName);
    expect(Number.isNaN(Date.parse(details.datetime))).toBe(false);
  });

  it('voidTransfer voids pending', async () => {
    const payment = await pendingTransfer();
    const voided = await client.voidTransfer(payment.accessToken, payment.transactionId);
    expect(voided.transactionId).toBe(payment.transactionId);
    expect(voided.message).toBe('Transaction has been voided');
    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.status.kind).toBe('voided');
  });

  it('refundTransfer keeps original id', async () => {
    const payment = await completedTransfer();
    const first = await client.refundTransfer(payment.accessToken, payment.transactionId, 50_000, 'Part refund');
    expect(first.transactionId).toBe(payment.transactionId);
    expect(first.refundTransactionId).toMatch(/^[1-9]\d*$/);
    expect(first.refundTransactionId).not.toBe(payment.transactionId);

    const partly = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(partly.status.kind).toBe('completed');

    const second = await client.refundTransfer(payment.accessToken, payment.transactionId, 100_025, 'Rest');
    expect(second.refundTransactionId).not.toBe(first.refundTransactionId);
    const refunded = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(refunded.status.kind).toBe('refunded');
    expect(countEvents(sandbox, 'transfer.refunded')).toBe(2);
  });

  it('userProfile reads customer', async () => {
    const payment = await pendingTransfer();
    const profile = await client.userProfile(payment.accessToken);
    expect(profile.username).toBe('chioma.okafor');
    expect(profile.firstName).toBe('Chioma');
    expect(profile.level).toBe(3);
    expect(countEvents(sandbox, 'profile.read')).toBe(1);
  });

  it('null middle_name', async () => {
    const payment = await createPayment(sandbox, client, { amountKobo: 1_000, notes: 'x', username: 'emeka.obi' });
    const profile = await client.userProfile(payment.accessToken);
    expect(profile.middleName).toBeNull();
  });

  it('destination_user in details', async () => {
    const payment = await createPayment(sandbox, client, {
      amountKobo: 2_000,
      notes: 'Split',
      destinationUser: 'bola.adeyemi',
    });
    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.destination?.username).toBe('bola.adeyemi');
  });

  it('unknown status kept verbatim', async () => {
    const payment = await pendingTransfer();
    sandbox.setStatus(payment.transactionId, 'On Hold (AML)');
    const held = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(held.status).toEqual({ kind: 'unknown', raw: 'On Hold (AML)' });

    sandbox.setStatus(payment.transactionId, 'COMPLETED');
    const completed = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(completed.status).toEqual({ kind: 'completed', raw: 'COMPLETED' });
  });

  it('notes of 255 emoji round-trip', async () => {
    const notes = '🙂'.repeat(255);
    const payment = await pendingTransfer(notes);
    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.notes).toBe(notes);
  });

  it('Yoruba notes round-trip', async () => {
    const notes = 'Ọ̀jọ́ Ẹtì: aṣọ-òkè & gèlè #12';
    const payment = await pendingTransfer(notes);
    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.notes).toBe(notes);
  });

  it('refund notes of 255 emoji', async () => {
    const payment = await completedTransfer();
    const refund = await client.refundTransfer(payment.accessToken, payment.transactionId, 100, '🙂'.repeat(255));
    expect(refund.refundTransactionId).toMatch(/^\d+$/);
  });
});

describe('MiMo rejections', () => {
  it('duplicate create is client_error', async () => {
    const payment = await pendingTransfer();
    const error = await failure(client.createTransfer(payment.accessToken));
    expect(error).toBeInstanceOf(MimoClientError);
    expect(error.status).toBe(409);
    expect((error as MimoClientError).mimoError).toBe('duplicate_transfer');
  });

  it('insufficient funds', async () => {
    const code = await approvePayment(sandbox, client, { amountKobo: 300_000, notes: 'x', username: 'emeka.obi' });
    const { accessToken } = await client.exchangeCode(code);
    const error = await failure(client.createTransfer(accessToken));
    expect(error.code).toBe('client_error');
    expect((error as MimoClientError).mimoError).toBe('insufficient_funds');
  });

  it('void after settle', async () => {
    const payment = await completedTransfer();
    const error = await failure(client.voidTransfer(payment.accessToken, payment.transactionId));
    expect((error as MimoClientError).mimoError).toBe('invalid_state');
  });

  it('refund above remaining', async () => {
    const payment = await completedTransfer();
    const error = await failure(client.refundTransfer(payment.accessToken, payment.transactionId, 150_026, 'Too much'));
    expect((error as MimoClientError).mimoError).toBe('amount_exceeds_remaining');
  });

  it('details of unknown id', async () => {
    const payment = await pendingTransfer();
    const before = requests();
    const error = await failure(client.transferDetails(payment.accessToken, '999999'));
    expect(error.status).toBe(404);
    expect((error as MimoClientError).mimoError).toBe('not_found');
    expect(requests() - before).toBe(1);
  });

  it('unknown code is invalid_grant', async () => {
    const error = await failure(client.exchangeCode('no-such-code'));
    expect((error as MimoClientError).mimoError).toBe('invalid_grant');
  });

  it('wrong secret is invalid_client', async () => {
    const code = await approvePayment(sandbox, client, { amountKobo: 100, notes: 'x' });
    const wrong = newClient(globalThis.fetch, { clientSecret: 'not-the-secret' });
    const error = await failure(wrong.exchangeCode(code));
    expect(error.code).toBe('client_error');
    expect((error as MimoClientError).mimoError).toBe('invalid_client');
  });

  it('expired token is token_rejected', async () => {
    const payment = await pendingTransfer();
    sandbox.advanceClock(30 * 60_000);
    const error = await failure(client.transferDetails(payment.accessToken, payment.transactionId));
    expect(error).toBeInstanceOf(MimoTokenRejectedError);
    expect((error as MimoTokenRejectedError).mimoError).toBe('invalid_token');
  });
});

type FaultKind = 'http_500' | 'delay' | 'malformed_json' | 'drop_after_commit';

describe('faults on reads', () => {
  const DETAILS = '/partner/transfers/details';
  const kinds: FaultKind[] = ['http_500', 'delay', 'malformed_json', 'drop_after_commit'];

  it.each(kinds)('details retried after %s', async (kind) => {
    const payment = await pendingTransfer();
    sandbox.injectFault({ path: DETAILS, kind, count: 1, delayMs: FAULT_DELAY_MS });
    const before = requests();
    const details = await client.transferDetails(payment.accessToken, payment.transactionId);
    expect(details.transactionId).toBe(payment.transactionId);
    expect(requests() - before).toBe(2);
    expect(countEvents(sandbox, 'fault.injected')).toBe(1);
    if (kind === 'delay') {
      await awaitDelayedEvents('details.read', 2);
    }
  });

  const exhausted: Array<[FaultKind, MimoErrorCode]> = [
    ['http_500', 'server_error'],
    ['delay', 'timeout'],
    ['malformed_json', 'protocol'],
    ['drop_after_commit', 'network'],
  ];

  it.each(exhausted)('details gives up after %s', async (kind, code) => {
    const payment = await pendingTransfer();
    sandbox.injectFault({ path: DETAILS, kind, count: READ_RETRIES + 2, delayMs: FAULT_DELAY_MS });
    const before = requests();
    const error = await failure(client.transferDetails(payment.accessToken, payment.transactionId));
    expect(error.code).toBe(code);
    expect(requests() - before).toBe(READ_RETRIES + 1);
    expect(countEvents(sandbox, 'fault.injected')).toBe(READ_RETRIES + 1);
    if (kind === 'delay') {
      await awaitDelayedEvents('details.read', READ_RETRIES + 1);
    }
  });

  it.each(kinds)('profile retried after %s', async (kind) => {
    const payment = await pendingTransfer();
    sandbox.injectFault({ path: '/partner/users/card_id', kind, count: 1, delayMs: FAULT_DELAY_MS });
    const profile = await client.userProfile(payment.accessToken);
    expect(profile.username).toBe('chioma.okafor');
    expect(countEvents(sandbox, 'fault.injected')).toBe(1);
    if (kind === 'delay') {
      await awaitDelayedEvents('profile.read', 2);
    }
  });

  it.each(kinds)('token exchange retried after %s', async (kind) => {
    const code = await approvePayment(sandbox, client, { amountKobo: 100, notes: 'x' });
    sandbox.injectFault({ path: '/oauth/v2/token', kind, count: 1, delayMs: FAULT_DELAY_MS });
    const grant = await client.exchangeCode(code);
    const created = await client.createTransfer(grant.accessToken);
    expect(created.transactionId).toMatch(/^\d+$/);
    expect(countEvents(sandbox, 'fault.injected')).toBe(1);
    if (kind === 'delay') {
      await awaitDelayedEvents('token.issued', 2);
    }
  });
});

describe('faults on money POSTs', () => {
  type MoneyCase = {
    path: string;
    event: string;
    /** Prepares a transfer and returns the money-moving call to make. */
    prepare: () => Promise<() => Promise<unknown>>;
  };

  const operations: Record<string, MoneyCase> = {
    create: {
      path: '/partner/transfers/create',
      event: 'transfer.created',
      prepare: async () => {
        const code = await approvePayment(sandbox, client, { amountKobo: 10_000, notes: 'x' });
        const { accessToken } = await client.exchangeCode(code);
        return () => client.createTransfer(accessToken);
      },
    },
    void: {
      path: '/partner/transfers/void',
      event: 'transfer.voided',
      prepare: async () => {
        const payment = await pendingTransfer();
        return () => client.voidTransfer(payment.accessToken, payment.transactionId);
      },
    },
    refund: {
      path: '/partner/transfers/refund',
      event: 'transfer.refunded',
      prepare: async () => {
        const payment = await completedTransfer();
        return () => client.refundTransfer(payment.accessToken, payment.transactionId, 10_000, 'Refund');
      },
    },
  };

  const cases: Array<[string, FaultKind, MimoErrorCode, number]> = [];
  for (const name of Object.keys(operations)) {
    // A 5xx may come after MiMo acted, so it is outcome_unknown even though this fault moves no money.
    cases.push([name, 'http_500', 'outcome_unknown', 0]);
    cases.push([name, 'delay', 'outcome_unknown', 1]);
    cases.push([name, 'malformed_json', 'outcome_unknown', 1]);
    cases.push([name, 'drop_after_commit', 'outcome_unknown', 1]);
  }

  it.each(cases)('%s with %s is %s, sent once', async (name, kind, code, moneyEvents) => {
    const operation = operations[name]!;
    const call = await operation.prepare();
    // Two faults are queued, so a retry would meet the second one and add a second fault event.
    sandbox.injectFault({ path: operation.path, kind, count: 2, delayMs: FAULT_DELAY_MS });
    const before = requests();

    const error = await failure(call());

    expect(error.code).toBe(code);
    expect(requests() - before).toBe(1);
    expect(countEvents(sandbox, 'fault.injected')).toBe(1);
    if (kind === 'delay') {
      await awaitDelayedEvents(operation.event, moneyEvents);
    }
    expect(countEvents(sandbox, operation.event)).toBe(moneyEvents);
  });

  it('timed-out create reports unknown outcome', async () => {
    const call = await operations['create']!.prepare();
    sandbox.injectFault({ path: '/partner/transfers/create', kind: 'delay', count: 3, delayMs: FAULT_DELAY_MS });
    const error = await failure(call());
    expect(error).toBeInstanceOf(MimoOutcomeUnknownError);
    expect((error as MimoOutcomeUnknownError).reason).toBe('timeout');
    expect(error.operation).toBe('createTransfer');
    expect(error.message).toContain('not retried');
    await awaitDelayedEvents('transfer.created', 1);
    expect(countEvents(sandbox, 'fault.injected')).toBe(1);
  });
});

describe('bad input against sandbox', () => {
  const cases: Array<[string, number, string]> = [
    ['amount 0', 0, 'x'],
    ['negative amount', -100, 'x'],
    ['three decimals', 1_000.5, 'x'],
    ['non-integer kobo', 1e3 / 3, 'x'],
    ['string "1e3"', '1e3' as unknown as number, 'x'],
    ['NaN', Number.NaN, 'x'],
    ['above maximum', DEFAULT_MAX_AMOUNT_KOBO + 1, 'x'],
    ['notes of 256', 100, 'n'.repeat(256)],
    ['notes of 256 emoji', 100, '🙂'.repeat(256)],
    ['Yoruba notes of 256', 100, 'ọ'.repeat(256)],
  ];

  it.each(cases)('refund rejects %s unsent', async (_name, amountKobo, notes) => {
    const payment = await completedTransfer();
    const eventsBefore = sandbox.events().length;
    const requestsBefore = requests();
    const error = await failure(client.refundTransfer(payment.accessToken, payment.transactionId, amountKobo, notes));
    expect(error).toBeInstanceOf(MimoValidationError);
    expect(requests()).toBe(requestsBefore);
    expect(sandbox.events()).toHaveLength(eventsBefore);
  });

  it.each(cases)('consent URL rejects %s', (_name, amountKobo, notes) => {
    const requestsBefore = requests();
    expect(() => client.buildAuthenticateUrl({ callbackUrl: 'https://shop.test/cb', amountKobo, notes })).toThrow(
      MimoValidationError,
    );
    expect(requests()).toBe(requestsBefore);
    expect(sandbox.events()).toHaveLength(0);
  });
});
