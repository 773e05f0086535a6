import { describe, expect, test } from 'vitest';
import { PAYMENT_STATES, type PaymentState } from '../../src/db/schema.js';
import type { PaymentRequest } from '../../src/db/payment-requests.js';
import type { PaymentView } from '../../src/payments/payment-view.js';
import { buildPaymentCard } from '../../src/slack/blocks/payment-card.js';
import { MAX_BLOCKS, MAX_TEXT_OBJECT_LENGTH } from '../../src/slack/mrkdwn.js';
import { blockText } from './helpers.js';

const PAY_LINK = 'https://pay.example.com/pay/AbCdEfGhIjKlMnOpQrStUvWxYz012345';

function paymentView(overrides: Partial<PaymentRequest> = {}, extra: Partial<PaymentView> = {}): PaymentView {
  const payment: PaymentRequest = {
    id: '6f1c2a9e-3b4d-4c5e-8f70-123456789abc',
    reference: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    state: 'awaiting',
    amountKobo: 123_450,
    notes: 'Invoice 42',
    customerSlackUserId: 'U0CUSTOMER',
    customerLabel: null,
    destinationUser: null,
    teamId: 'T0STANDIN',
    requestedBy: 'U0SALESREP',
    channelId: 'C0SALES',
    cardTs: null,
    expiresAt: new Date('2026-12-11T19:15:00Z'),
    failureReason: null,
    createdAt: new Date('2026-12-04T19:15:00Z'),
    updatedAt: new Date('2026-12-04T19:20:00Z'),
    ...overrides,
  };
  return { payment, transfer: null, payerName: null, payLink: PAY_LINK, ...extra };
}

function buttons(view: PaymentView) {
  const card = buildPaymentCard(view);
  const actions = card.blocks.filter((block) => block.type === 'actions');
  return actions.flatMap((block) => ('elements' in block ? block.elements : [])) as unknown as Array<Record<string, unknown>>;
}

describe('buildPaymentCard', () => {
  test('awaiting card shows amount and people', () => {
    const card = buildPaymentCard(paymentView());
    const text = blockText(card);
    expect(text).toContain('Awaiting the customer');
    expect(text).toContain('₦1,234.50');
    expect(text).toContain('<@U0CUSTOMER>');
    expect(text).toContain('<@U0SALESREP>');
    expect(text).toContain('11 Dec 2026, 20:15 WAT');
    expect(text).toContain('Requested 4 Dec 2026, 20:15 WAT');
    expect(card.text).toBe('Payment request for ₦1,234.50 (Invoice 42): Awaiting the customer');
  });

  test('awaiting card has link and cancel', () => {
    const elements = buttons(paymentView());
    expect(elements).toHaveLength(2);
    expect(elements[0]).toMatchObject({ action_id: 'open_pay_link', url: PAY_LINK });
    expect(elements[1]).toMatchObject({ action_id: 'cancel_request', value: '6f1c2a9e-3b4d-4c5e-8f70-123456789abc', style: 'danger' });
    expect(elements[1]!.confirm).toBeDefined();
    expect(blockText(buildPaymentCard(paymentView()))).toContain(`Pay link: <${PAY_LINK}|${PAY_LINK}>`);
  });

  test('link keeps its query string', () => {
    const link = 'https://pay.example.com/pay/abc?utm=a&b=c';
    const text = blockText(buildPaymentCard(paymentView({}, { payLink: link })));
    expect(text).toContain('<https://pay.example.com/pay/abc?utm=a&amp;b=c|');
  });

  test.each(PAYMENT_STATES.filter((state) => state !== 'awaiting'))('%s card has no buttons', (state) => {
    expect(buttons(paymentView({ state }))).toEqual([]);
    expect(blockText(buildPaymentCard(paymentView({ state })))).not.toContain('Pay link:');
  });

  const labels: Record<PaymentState, string> = {
    awaiting: 'Awaiting the customer',
    exchanging: 'Processing',
    transferring: 'Processing',
    transferred: 'Transferred',
    settled: 'Settled',
    declined: 'Declined',
    cancelled: 'Cancelled',
    expired: 'Expired',
    failed: 'Failed',
    needs_review: 'Needs review',
    voided: 'Voided',
    refunded_partial: 'Refunded in part',
    refunded: 'Refunded',
  };
  test.each(PAYMENT_STATES)('%s card names its state', (state) => {
    const card = buildPaymentCard(paymentView({ state }));
    expect(card.blocks[0]).toMatchObject({ text: { text: expect.stringContaining(`*${labels[state]}*`) } });
    expect(card.text).toContain(labels[state]);
  });

  test('transferred card shows transaction and payer', () => {
    const view = paymentView(
      { state: 'transferred' },
      { transfer: { mimoTransactionId: '11234', amountKobo: 123_450, refundedKobo: 0, mimoStatus: 'pending' }, payerName: 'Chioma <b>Okafor</b>' },
    );
    const text = blockText(buildPaymentCard(view));
    expect(text).toContain('*MiMo transaction*\n11234');
    expect(text).toContain('*Paid by*\nChioma &lt;b&gt;Okafor&lt;/b&gt;');
    expect(text).not.toContain('Refunded');
  });

  test('partial refund shows amounts', () => {
    const view = paymentView(
      { state: 'refunded_partial' },
      { transfer: { mimoTransactionId: '11234', amountKobo: 123_450, refundedKobo: 50_000, mimoStatus: 'completed' } },
    );
    expect(blockText(buildPaymentCard(view))).toContain('*Refunded*\n₦500.00 of ₦1,234.50');
  });

  test('unknown MiMo status shown verbatim', () => {
    const view = paymentView(
      { state: 'transferred' },
      { transfer: { mimoTransactionId: '11234', amountKobo: 123_450, refundedKobo: 0, mimoStatus: 'ON_HOLD <!here>' } },
    );
    const text = blockText(buildPaymentCard(view));
    expect(text).toContain('*MiMo status (not recognised)*\nON_HOLD &lt;!here&gt;');
  });

  test('known MiMo status adds no field', () => {
    const view = paymentView(
      { state: 'transferred' },
      { transfer: { mimoTransactionId: '11234', amountKobo: 123_450, refundedKobo: 0, mimoStatus: 'Pending' } },
    );
    expect(blockText(buildPaymentCard(view))).not.toContain('MiMo status');
  });

  test('failed card shows escaped reason', () => {
    const text = blockText(buildPaymentCard(paymentView({ state: 'failed', failureReason: 'insufficient_funds <!here>' })));
    expect(text).toContain('Reason: insufficient_funds &lt;!here&gt;');
    expect(text).toContain('No money moved');
  });

  test('needs review warns about money', () => {
    expect(blockText(buildPaymentCard(paymentView({ state: 'needs_review' })))).toContain('did not confirm whether the money moved');
  });

  test('escapes notes and label', () => {
    const card = buildPaymentCard(
      paymentView({ notes: '<!channel> <@U0BOSS> <script>alert(1)</script> & co', customerSlackUserId: null, customerLabel: '<!here> Bola' }),
    );
    const text = blockText(card);
    expect(text).toContain('&lt;!channel&gt; &lt;@U0BOSS&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(text).toContain('*Customer*\n&lt;!here&gt; Bola');
    expect(text).not.toMatch(/<!channel>|<!here>|<@U0BOSS>|<script>/);
    expect(card.text).not.toMatch(/<!channel>|<script>/);
  });

  test('unnamed customer is explained', () => {
    const text = blockText(buildPaymentCard(paymentView({ customerSlackUserId: null })));
    expect(text).toContain('anyone with the link can pay');
  });

  test('shows destination user', () => {
    expect(blockText(buildPaymentCard(paymentView({ destinationUser: 'bola.adeyemi' })))).toContain('MiMo user bola.adeyemi');
  });

  test('respects Block Kit limits', () => {
    const view = paymentView(
      { state: 'failed', notes: '<'.repeat(255), failureReason: 'x'.repeat(10_000), customerSlackUserId: null, customerLabel: '&'.repeat(120) },
      { payerName: '>'.repeat(5_000), transfer: { mimoTransactionId: '9'.repeat(20), amountKobo: 1, refundedKobo: 1, mimoStatus: 'completed' } },
    );
    const card = buildPaymentCard(view);
    expect(card.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (key === 'text' && typeof item === 'string') expect([...item].length).toBeLessThanOrEqual(MAX_TEXT_OBJECT_LENGTH);
          else visit(item);
        }
      }
    };
    visit(card.blocks);
    const fields = card.blocks.flatMap((block) => ('fields' in block && block.fields ? block.fields : []));
    expect(fields.length).toBeLessThanOrEqual(10);
    for (const field of fields) expect([...field.text].length).toBeLessThanOrEqual(2000);
  });

  test('same view gives same card', () => {
    expect(buildPaymentCard(paymentView())).toEqual(buildPaymentCard(paymentView()));
  });
});
