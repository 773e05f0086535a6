import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/payments/actor.js';
import { findPaymentById, type PaymentRequest } from '../../src/db/payment-requests.js';
import { mimoAuthorizations, transfers, type PaymentState } from '../../src/db/schema.js';
import { transitionPayment } from '../../src/payments/transition.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS } from '../support/test-env.js';
import { blockText, cardOf, createByCommand, deliverAll, repliesOf } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Step {
  to: PaymentState;
  actor: Actor;
  label: string;
  by: string;
  failureReason?: string;
  write?: (payment: PaymentRequest) => Promise<void>;
}

let transactionId = 11_000;

async function addTransfer(payment: PaymentRequest): Promise<void> {
  const db = h.app.services.db;
  const [authorization] = await db
    .insert(mimoAuthorizations)
    .values({ paymentRequestId: payment.id, codeCiphertext: h.app.services.secrets.encrypt('code'), payerName: 'Chioma <Okafor>' })
    .returning();
  transactionId += 1;
  await db.insert(transfers).values({
    paymentRequestId: payment.id,
    authorizationId: authorization!.id,
    mimoTransactionId: String(transactionId),
    amountKobo: payment.amountKobo,
  });
}

async function setRefunded(payment: PaymentRequest, refundedKobo: number): Promise<void> {
  await h.app.services.db.update(transfers).set({ refundedKobo }).where(eq(transfers.paymentRequestId, payment.id));
}

/** Drives a new request through `steps`, checking after each that the one card changed in place and got a thread reply. */
async function runPath(notes: string, steps: Step[]): Promise<PaymentRequest> {
  const created = await createByCommand(h, `<@U0CUSTOMER> 2500 ${notes}`);
  await deliverAll(h);
  let payment = (await findPaymentById(h.app.services.db, created.id))!;
  expect(payment.cardTs).not.toBeNull();
  expect(cardOf(h, payment)!.edits).toBe(0);

  for (const [index, step] of steps.entries()) {
    if (step.write) await step.write(payment);
    const moved = await transitionPayment(h.app.services.db, {
      paymentId: payment.id,
      from: [payment.state],
      to: step.to,
      actor: step.actor,
      action: `test_${step.to}`,
      summary: `Moved to ${step.to}`,
      ...(step.failureReason ? { failureReason: step.failureReason } : {}),
    });
    expect(moved?.state).toBe(step.to);
    await deliverAll(h);
    payment = (await findPaymentById(h.app.services.db, payment.id))!;

    const cards = h.slack.messages.filter((message) => message.channel === TEST_CHANNELS.sales && message.text.includes(`(${notes})`) && !message.threadTs);
    expect(cards).toHaveLength(1);
    const card = cardOf(h, payment)!;
    expect(card.edits).toBe(index + 1);
    expect(blockText(card)).toContain(`*${step.label}*`);
    const replies = repliesOf(h, payment);
    expect(replies).toHaveLength(index + 1);
    const reply = blockText(replies.at(-1));
    expect(reply).toContain(`*${step.label}*: Moved to ${step.to}`);
    expect(reply).toContain(`By ${step.by}`);
    expect(reply).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} WAT/);
  }
  return payment;
}

describe('payment card', () => {
  test('follows paid path to refund', async () => {
    const payment = await runPath('Paid path', [
      { to: 'exchanging', actor: 'customer', label: 'Processing', by: 'the customer' },
      { to: 'transferring', actor: 'system', label: 'Processing', by: 'mimo-slack' },
      { to: 'transferred', actor: 'mimo', label: 'Transferred', by: 'MiMo', write: addTransfer },
      { to: 'settled', actor: 'job:poll-transfers', label: 'Settled', by: 'the scheduled job poll-transfers' },
      { to: 'refunded_partial', actor: 'slack:U0MANAGER', label: 'Refunded in part', by: '<@U0MANAGER>', write: (p) => setRefunded(p, 100_000) },
      { to: 'refunded', actor: 'slack:U0MANAGER', label: 'Refunded', by: '<@U0MANAGER>', write: (p) => setRefunded(p, 250_000) },
    ]);
    const text = blockText(cardOf(h, payment));
    expect(text).toContain(`*MiMo transaction*\n${transactionId}`);
    expect(text).toContain('*Paid by*\nChioma &lt;Okafor&gt;');
    expect(text).toContain('*Refunded*\n₦2,500.00 of ₦2,500.00');
  });

  test('shows voided', async () => {
    await runPath('Voided path', [
      { to: 'exchanging', actor: 'customer', label: 'Processing', by: 'the customer' },
      { to: 'transferring', actor: 'system', label: 'Processing', by: 'mimo-slack' },
      { to: 'transferred', actor: 'mimo', label: 'Transferred', by: 'MiMo', write: addTransfer },
      { to: 'voided', actor: 'slack:U0MANAGER', label: 'Voided', by: '<@U0MANAGER>' },
    ]);
  });

  test('shows declined', async () => {
    await runPath('Declined path', [{ to: 'declined', actor: 'customer', label: 'Declined', by: 'the customer' }]);
  });

  test('shows expired', async () => {
    await runPath('Expired path', [{ to: 'expired', actor: 'job:expire-links', label: 'Expired', by: 'the scheduled job expire-links' }]);
  });

  test('shows failed with reason', async () => {
    const payment = await runPath('Failed path', [
      { to: 'exchanging', actor: 'customer', label: 'Processing', by: 'the customer' },
      { to: 'transferring', actor: 'system', label: 'Processing', by: 'mimo-slack' },
      { to: 'failed', actor: 'mimo', label: 'Failed', by: 'MiMo', failureReason: 'insufficient_funds' },
    ]);
    expect(blockText(cardOf(h, payment))).toContain('Reason: insufficient_funds');
  });

  test('shows needs review', async () => {
    const payment = await runPath('Review path', [
      { to: 'exchanging', actor: 'customer', label: 'Processing', by: 'the customer' },
      { to: 'transferring', actor: 'system', label: 'Processing', by: 'mimo-slack' },
      { to: 'needs_review', actor: 'mimo', label: 'Needs review', by: 'MiMo' },
    ]);
    expect(blockText(cardOf(h, payment))).toContain('Check the transaction on MiMo');
  });
});
