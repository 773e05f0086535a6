import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  authorizePayment,
  balanceOf,
  createTransfer,
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

async function expectError(response: Response, status: number, error: string): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status).toBe(status);
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  return body;
}

async function details(token: string, transactionId: number): Promise<Record<string, unknown>> {
  const response = await post(sandbox, '/partner/transfers/details', { access_token: token, transaction_id: transactionId });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function refund(token: string, transactionId: number, amount: string, notes = 'Refund'): Promise<Response> {
  return post(sandbox, '/partner/transfers/refund', { access_token: token, transaction_id: transactionId, amount, notes });
}

describe('transfer create', () => {
  it('returns documented shape', async () => {
    const token = await authorizePayment(sandbox);
    const response = await post(sandbox, '/partner/transfers/create', { access_token: token });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toBe('{"message":"Money was successfully transferred.","transactionId":11234}');
  });

  it('debits the customer', async () => {
    await createTransfer(sandbox, { amount: '980.99' });
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000 - 98_099);
  });

  it('starts pending', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    expect((await details(token, transactionId)).status).toBe('pending');
  });

  it('assigns increasing ids', async () => {
    const first = await createTransfer(sandbox);
    const second = await createTransfer(sandbox, { username: 'bola.adeyemi', pin: '4321' });

    expect(first.transactionId).toBe(11234);
    expect(second.transactionId).toBe(11235);
  });

  it('rejects second create per code', async () => {
    const { token } = await createTransfer(sandbox);
    await expectError(await post(sandbox, '/partner/transfers/create', { access_token: token }), 409, 'duplicate_transfer');
    expect(await listTransactions(sandbox)).toHaveLength(1);
  });

  it('rejects insufficient balance', async () => {
    const token = await authorizePayment(sandbox, { username: 'emeka.obi', amount: '2000.01' });
    await expectError(await post(sandbox, '/partner/transfers/create', { access_token: token }), 402, 'insufficient_funds');

    expect(await balanceOf(sandbox, 'emeka.obi')).toBe(200_000);
    expect(await listTransactions(sandbox)).toEqual([]);
    expect(sandbox.events().at(-1)?.kind).toBe('transfer.rejected');
  });

  it('accepts exact balance', async () => {
    await createTransfer(sandbox, { username: 'emeka.obi', amount: '2000.00' });
    expect(await balanceOf(sandbox, 'emeka.obi')).toBe(0);
  });
});

describe('transfer void', () => {
  it('voids pending transfer', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '100' });
    const response = await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Transaction has been voided' });
    expect((await details(token, transactionId)).status).toBe('voided');
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000);
  });

  it('rejects second void', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });
    const response = await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });

    await expectError(response, 409, 'invalid_state');
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000);
  });

  it('rejects settled transfer', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));
    const response = await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });

    await expectError(response, 409, 'invalid_state');
    expect((await details(token, transactionId)).status).toBe('completed');
  });

  it('rejects unknown id', async () => {
    const { token } = await createTransfer(sandbox);
    await expectError(
      await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: 99999 }),
      404,
      'not_found',
    );
  });

  it('rejects malformed id', async () => {
    const { token } = await createTransfer(sandbox);
    for (const transactionId of ['', 'abc', '-1', '1.5', '0']) {
      const response = await post(sandbox, '/partner/transfers/void', { access_token: token, transaction_id: transactionId });
      await expectError(response, 400, 'invalid_request');
    }
  });
});

describe('transfer refund', () => {
  it('rejects pending transfer', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    await expectError(await refund(token, transactionId, '1.00'), 409, 'invalid_state');
  });

  it('refunds settled transfer', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '1000' });
    sandbox.settle(String(transactionId));
    const response = await refund(token, transactionId, '400.50');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"message":"Money was successfully refunded.","refundtransactionId":11235}');
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000 - 100_000 + 40_050);
    expect((await details(token, transactionId)).status).toBe('completed');
  });

  it('gives each refund a new id', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '1000' });
    sandbox.settle(String(transactionId));
    const first = (await (await refund(token, transactionId, '100')).json()) as { refundtransactionId: number };
    const second = (await (await refund(token, transactionId, '200')).json()) as { refundtransactionId: number };

    expect(first.refundtransactionId).toBe(11235);
    expect(second.refundtransactionId).toBe(11236);
  });

  it('limits sum to original', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '1000' });
    sandbox.settle(String(transactionId));
    expect((await refund(token, transactionId, '600')).status).toBe(200);

    const body = await expectError(await refund(token, transactionId, '400.01'), 400, 'amount_exceeds_remaining');
    expect(body.error_description).toContain('40000 kobo not yet refunded');

    expect((await refund(token, transactionId, '400')).status).toBe(200);
    expect((await details(token, transactionId)).status).toBe('refunded');
    expect(await balanceOf(sandbox, 'chioma.okafor')).toBe(500_000_000);

    await expectError(await refund(token, transactionId, '0.01'), 409, 'invalid_state');
  });

  it('marks full refund refunded', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '50.25' });
    sandbox.settle(String(transactionId));
    expect((await refund(token, transactionId, '50.25')).status).toBe(200);

    const transactions = await listTransactions(sandbox);
    expect(transactions.map((transaction) => [transaction.id, transaction.type, transaction.status])).toEqual([
      [11234, 'transfer', 'refunded'],
      [11235, 'refund', 'completed'],
    ]);
    expect(transactions[0]?.refundedKobo).toBe(5_025);
    expect(transactions[1]?.originalTransactionId).toBe(11234);
  });

  it('rejects invalid amounts', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));
    for (const amount of ['0', '-1', '1.001', '1e2', 'ten']) {
      await expectError(await refund(token, transactionId, amount), 400, 'invalid_amount');
    }
    await expectError(await refund(token, transactionId, ''), 400, 'invalid_request');
  });

  it('rejects long notes', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));
    const body = await expectError(await refund(token, transactionId, '1.00', 'r'.repeat(256)), 400, 'invalid_request');

    expect(body.error_description).toBe('notes has 256 characters. The maximum is 255.');
  });

  it('rejects refund of refund', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));
    const { refundtransactionId } = (await (await refund(token, transactionId, '1.00')).json()) as {
      refundtransactionId: number;
    };

    await expectError(await refund(token, refundtransactionId, '0.50'), 409, 'invalid_state');
  });
});

describe('transfer details', () => {
  it('returns documented shape', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '25000.50', notes: 'Invoice 9' });
    const body = await details(token, transactionId);

    expect(body).toEqual({
      id: 11234,
      datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/),
      type: 'Money In',
      destination: {
        account_type: 'merchant',
        company_name: 'Adaeze Fabrics Ltd',
        first_name: 'Sandbox',
        id: 1001,
        middle_name: null,
        surname: 'Merchant',
        username: 'adaeze_fabrics_ltd',
        photo_url: '/images/thumb_default.png',
        email: 'adaeze_fabrics_ltd@example.com',
        account_number: '3000000001',
      },
      amount: '25000.5',
      notes: 'Invoice 9',
      status: 'pending',
    });
  });

  it('uses Lagos time', async () => {
    const before = Date.now();
    const { token, transactionId } = await createTransfer(sandbox);
    const datetime = String((await details(token, transactionId)).datetime);
    const parsed = Date.parse(datetime);

    expect(parsed).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(parsed).toBeLessThanOrEqual(Date.now());
  });

  it('formats whole amounts', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { amount: '1000000' });
    expect((await details(token, transactionId)).amount).toBe('1000000.0');
  });

  it('names destination user', async () => {
    const { token, transactionId } = await createTransfer(sandbox, { destinationUser: 'bola.adeyemi' });
    const destination = (await details(token, transactionId)).destination as Record<string, unknown>;

    expect(destination.username).toBe('bola.adeyemi');
    expect(destination.account_type).toBe('personal');
    expect(destination.company_name).toBe('');
    expect(destination.middle_name).toBe('Oluwaseun');
  });

  it('shows refund transaction', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.settle(String(transactionId));
    await refund(token, transactionId, '10', 'Damaged item');
    const body = await details(token, 11235);

    expect(body.type).toBe('Refund');
    expect(body.amount).toBe('10.0');
    expect(body.notes).toBe('Damaged item');
    expect(body.status).toBe('completed');
    expect((body.destination as Record<string, unknown>).username).toBe('chioma.okafor');
  });

  it('shows status set by control', async () => {
    const { token, transactionId } = await createTransfer(sandbox);
    sandbox.setStatus(String(transactionId), 'on_hold');
    expect((await details(token, transactionId)).status).toBe('on_hold');
  });

  it("hides another code's transaction", async () => {
    const { transactionId } = await createTransfer(sandbox);
    const otherToken = await authorizePayment(sandbox, { username: 'bola.adeyemi', pin: '4321' });

    for (const path of ['/partner/transfers/details', '/partner/transfers/void']) {
      const response = await post(sandbox, path, { access_token: otherToken, transaction_id: transactionId });
      await expectError(response, 404, 'not_found');
    }
    expect((await listTransactions(sandbox))[0]?.status).toBe('pending');
  });

  it('settles after configured delay', async () => {
    const timed = await startSandbox({ settleAfterMs: 60_000 });
    try {
      const { token, transactionId } = await createTransfer(timed);
      const read = async () => {
        const response = await post(timed, '/partner/transfers/details', { access_token: token, transaction_id: transactionId });
        return ((await response.json()) as { status: string }).status;
      };

      timed.advanceClock(59_000);
      expect(await read()).toBe('pending');
      timed.advanceClock(1_000);
      expect(await read()).toBe('completed');
      expect(timed.events().filter((event) => event.kind === 'transfer.settled')).toHaveLength(1);
    } finally {
      await timed.close();
    }
  });
});

describe('user profile', () => {
  it('returns documented shape', async () => {
    const token = await authorizePayment(sandbox);
    const response = await post(sandbox, '/partner/users/card_id', { access_token: token });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      account_number: '2010119701',
      account_type: 'personal',
      company_name: '',
      first_name: 'Chioma',
      id: 1,
      middle_name: 'Adaora',
      surname: 'Okafor',
      username: 'chioma.okafor',
      photo_url: '/images/thumb_default.png',
      email: 'chioma.okafor@example.com',
      level: 3,
    });
  });

  it('sends null middle name', async () => {
    const token = await authorizePayment(sandbox, { username: 'emeka.obi', amount: '1.00' });
    const text = await (await post(sandbox, '/partner/users/card_id', { access_token: token })).text();

    expect(text).toContain('"middle_name":null');
    expect(JSON.parse(text).username).toBe('emeka.obi');
  });
});
