import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPaymentById, type PaymentRequest } from '../../src/db/payment-requests.js';
import { transitionPayment } from '../../src/payments/transition.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_USERS } from '../support/test-env.js';
import { auditOf, blockText, cancelClick, cardOf, createByCommand, deliverAll, repliesOf } from '../slack/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function postedRequest(notes: string): Promise<PaymentRequest> {
  const payment = await createByCommand(h, `<@U0CUSTOMER> 1500 ${notes}`);
  await deliverAll(h);
  return (await findPaymentById(h.app.services.db, payment.id))!;
}

async function click(payment: PaymentRequest, userId: string) {
  const payload = cancelClick(h, payment, userId);
  const response = await h.interaction(payload);
  expect(response.status).toBe(200);
  return String(payload.response_url).split('/').at(-1)!;
}

function replyTo(responseId: string) {
  return h.slack.waitFor((call) => call.method === 'response_url' && call.args.responseId === responseId);
}

async function waitForState(paymentId: string, state: string) {
  for (let tries = 0; tries < 200; tries += 1) {
    const payment = await findPaymentById(h.app.services.db, paymentId);
    if (payment?.state === state) return payment;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`payment ${paymentId} never reached ${state}`);
}

describe('cancel request button', () => {
  test('requester cancels', async () => {
    const payment = await postedRequest('Requester cancels');
    await click(payment, TEST_USERS.rep);
    await waitForState(payment.id, 'cancelled');
    await deliverAll(h);

    const audit = await auditOf(h, payment.id);
    expect(audit.map((entry) => [entry.action, entry.fromState, entry.toState, entry.actor])).toEqual([
      ['created', null, 'awaiting', `slack:${TEST_USERS.rep}`],
      ['cancelled', 'awaiting', 'cancelled', `slack:${TEST_USERS.rep}`],
    ]);
    const card = cardOf(h, payment);
    expect(card!.edits).toBe(1);
    expect(blockText(card)).toContain('*Cancelled*');
    expect(JSON.stringify(card!.blocks)).not.toContain('cancel_request');
    const replies = repliesOf(h, payment);
    expect(replies).toHaveLength(1);
    expect(blockText(replies[0])).toContain(`By <@${TEST_USERS.rep}>`);
  });

  test('approver cancels', async () => {
    const payment = await postedRequest('Approver cancels');
    await click(payment, TEST_USERS.manager);
    await waitForState(payment.id, 'cancelled');
    const audit = await auditOf(h, payment.id);
    expect(audit.at(-1)).toMatchObject({ action: 'cancelled', actor: `slack:${TEST_USERS.manager}` });
  });

  test('stranger is refused', async () => {
    const payment = await postedRequest('Stranger tries');
    const responseId = await click(payment, TEST_USERS.stranger);
    const reply = await replyTo(responseId);
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.args.text)).toContain(`Only <@${TEST_USERS.rep}>, who made this request, or a refund approver can cancel it`);
    expect((await findPaymentById(h.app.services.db, payment.id))!.state).toBe('awaiting');
    expect(await auditOf(h, payment.id)).toHaveLength(1);
  });

  test('double click cancels once', async () => {
    const payment = await postedRequest('Double click');
    const [first, second] = await Promise.all([click(payment, TEST_USERS.rep), click(payment, TEST_USERS.rep)]);
    const reply = await Promise.race([replyTo(first!), replyTo(second!)]);
    expect(String(reply.args.text)).toContain('can no longer be cancelled. Its status is now: Cancelled.');
    await deliverAll(h);
    const audit = await auditOf(h, payment.id);
    expect(audit.filter((entry) => entry.action === 'cancelled')).toHaveLength(1);
    expect(repliesOf(h, payment)).toHaveLength(1);
  });

  test('too late after payment started', async () => {
    const payment = await postedRequest('Customer already approved');
    await transitionPayment(h.app.services.db, {
      paymentId: payment.id,
      from: ['awaiting'],
      to: 'exchanging',
      actor: 'customer',
      action: 'customer_approved',
      summary: 'Customer approved on MiMo',
    });
    const reply = await replyTo(await click(payment, TEST_USERS.rep));
    expect(String(reply.args.text)).toContain('Its status is now: Processing.');
    expect((await findPaymentById(h.app.services.db, payment.id))!.state).toBe('exchanging');
  });

  test('unknown payment is reported', async () => {
    const payment = await postedRequest('Unknown');
    const reply = await replyTo(await click({ ...payment, id: '00000000-0000-4000-8000-000000000000' }, TEST_USERS.rep));
    expect(String(reply.args.text)).toContain('no longer exists');
    const malformed = await replyTo(await click({ ...payment, id: 'not-a-uuid' }, TEST_USERS.rep));
    expect(String(malformed.args.text)).toContain('no longer exists');
  });
});
