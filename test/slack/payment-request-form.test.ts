import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';
import { allPayments, auditOf, deliverAll, formSubmission, outboxRows, paymentLinkedIn, waitForCall, type FormValues } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const valid: FormValues = { customerUser: TEST_USERS.customer, amount: '₦25,000.50', notes: 'Invoice 42', expiryDays: '7' };

async function submit(values: FormValues, options?: Parameters<typeof formSubmission>[1]) {
  const response = await h.interaction(formSubmission(values, options));
  expect(response.status).toBe(200);
  const text = await response.text();
  return text === '' ? null : (JSON.parse(text) as { response_action: string; errors: Record<string, string> });
}

describe('payment request form', () => {
  test.each<[string, FormValues, string, RegExp]>([
    ['no customer', { ...valid, customerUser: null }, 'customer_user', /Choose the customer/],
    ['two customers', { ...valid, customerLabel: 'Bola' }, 'customer_label', /not both/],
    ['zero amount', { ...valid, amount: '0' }, 'amount', /zero/],
    ['missing amount', { ...valid, amount: '' }, 'amount', /missing/],
    ['exponent amount', { ...valid, amount: '1e3' }, 'amount', /exponent/],
    ['large amount', { ...valid, amount: '10,000,001' }, 'amount', /above the maximum/],
    ['missing notes', { ...valid, notes: '   ' }, 'notes', /notes are missing/],
    ['long notes', { ...valid, notes: 'n'.repeat(256) }, 'notes', /256 characters/],
    ['bad username', { ...valid, destinationUser: 'bola adeyemi' }, 'destination_user', /not a valid MiMo username/],
    ['zero days', { ...valid, expiryDays: '0' }, 'expiry_days', /from 1 to 90/],
    ['too many days', { ...valid, expiryDays: '91' }, 'expiry_days', /from 1 to 90/],
    ['decimal days', { ...valid, expiryDays: '1.5' }, 'expiry_days', /from 1 to 90/],
  ])('rejects %s', async (_label, values, blockId, message) => {
    const body = await submit(values);
    expect(body?.response_action).toBe('errors');
    expect(Object.keys(body!.errors)).toEqual([blockId]);
    expect(body!.errors[blockId]).toMatch(message);
    expect(await allPayments(h)).toEqual([]);
  });

  test('reports every bad field at once', async () => {
    const body = await submit({ customerUser: null, amount: 'abc', notes: '', expiryDays: '100' });
    expect(Object.keys(body!.errors).sort()).toEqual(['amount', 'customer_user', 'expiry_days', 'notes']);
  });

  test('creates request for Slack customer', async () => {
    const since = h.slack.calls.length;
    const body = await submit({ ...valid, destinationUser: '@bola.adeyemi', expiryDays: '3' });
    expect(body).toBeNull();
    const ephemeral = await waitForCall(h, since, (call) => call.method === 'chat.postEphemeral');
    const payment = await paymentLinkedIn(h, String(ephemeral.args.text));
    expect(payment).toMatchObject({
      amountKobo: 2_500_050,
      notes: 'Invoice 42',
      customerSlackUserId: TEST_USERS.customer,
      customerLabel: null,
      destinationUser: 'bola.adeyemi',
      channelId: TEST_CHANNELS.sales,
      requestedBy: TEST_USERS.rep,
    });
    const days = (payment!.expiresAt.getTime() - payment!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(3, 2);
    expect(ephemeral.args).toMatchObject({ channel: TEST_CHANNELS.sales, user: TEST_USERS.rep });
    expect(String(ephemeral.args.text)).toContain(`/pay/${payment!.reference}`);
    expect((await auditOf(h, payment!.id)).map((entry) => entry.action)).toEqual(['created']);
    await deliverAll(h);
    const kinds = (await outboxRows(h)).filter((row) => row.paymentRequestId === payment!.id).map((row) => [row.kind, row.target]);
    expect(kinds).toEqual([
      ['card', null],
      ['direct_message', TEST_USERS.customer],
    ]);
  });

  test('creates request for named customer', async () => {
    const since = h.slack.calls.length;
    await submit({ customerLabel: '  Bola <b@example.com>  ', amount: '500', notes: 'Deposit', expiryDays: '90' });
    const ephemeral = await waitForCall(h, since, (call) => call.method === 'chat.postEphemeral');
    const payment = await paymentLinkedIn(h, String(ephemeral.args.text));
    expect(payment).toMatchObject({ notes: 'Deposit', customerSlackUserId: null, customerLabel: 'Bola <b@example.com>', destinationUser: null });
    await deliverAll(h);
    expect((await outboxRows(h)).filter((row) => row.paymentRequestId === payment!.id).map((row) => row.kind)).toEqual(['card']);
  });

  test('falls back to DM when ephemeral fails', async () => {
    await deliverAll(h);
    const since = h.slack.calls.length;
    h.slack.failNext('chat.postEphemeral', 'channel_not_found');
    await submit({ ...valid, notes: 'Fallback' });
    const dm = await waitForCall(h, since, (call) => call.method === 'chat.postMessage' && call.args.channel === TEST_USERS.rep);
    const payment = await paymentLinkedIn(h, String(dm.args.text));
    expect(payment.notes).toBe('Fallback');
    expect(String(dm.args.text)).toContain(`/pay/${payment!.reference}`);
  });
});
