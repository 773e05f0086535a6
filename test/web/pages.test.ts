import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../src/db/payment-requests.js';
import { PAYMENT_STATES } from '../../src/db/schema.js';
import type { Transfer } from '../../src/db/transfers.js';
import { escapeHtml, html } from '../../src/web/pages/html.js';
import { PAGE_HEADERS, renderDocument } from '../../src/web/pages/layout.js';
import { pageForPayment } from '../../src/web/pages/payment-state.js';

const now = new Date('2026-12-04T19:15:00Z');

function payment(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    reference: 'r'.repeat(32),
    state: 'awaiting',
    amountKobo: 2_500_050,
    notes: 'Invoice 42',
    customerSlackUserId: null,
    customerLabel: null,
    destinationUser: null,
    teamId: null,
    requestedBy: 'U0SALESREP',
    channelId: 'C0SALES',
    cardTs: null,
    expiresAt: new Date(now.getTime() + 60_000),
    failureReason: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const transfer = { mimoTransactionId: '11234', createdAt: now } as Transfer;

function view(overrides: Partial<PaymentRequest> = {}, withTransfer = true) {
  return {
    payment: payment(overrides),
    transfer: withTransfer ? transfer : null,
    payerName: 'Chioma <Okafor>',
    merchantName: 'Adaeze & Sons',
    payLinkUrl: 'https://pay.example/pay/abc',
    now,
  };
}

describe('html tag', () => {
  it('escapes interpolated text', () => {
    expect(html`<p>${'<a href="x">&\''}</p>`.value).toBe('<p>&lt;a href=&quot;x&quot;&gt;&amp;&#39;</p>');
  });

  it('keeps nested html and skips empty values', () => {
    expect(html`<div>${html`<b>${'<'}</b>`}${null}${false}${undefined}${[html`<i>`, 'x&']}</div>`.value).toBe('<div><b>&lt;</b><i>x&amp;</div>');
  });

  it('escapeHtml covers quotes', () => {
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});

describe('layout', () => {
  it('CSP allows exactly the page style', () => {
    const document = renderDocument({ status: 200, title: 't', body: html`<p>x</p>` });
    const style = /<style>([\s\S]*?)<\/style>/.exec(document)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');

    expect(PAGE_HEADERS['Content-Security-Policy']).toContain(`style-src 'sha256-${hash}'`);
  });

  it('adds meta refresh only when asked', () => {
    expect(renderDocument({ status: 200, title: 't', body: html``, refreshSeconds: 3 })).toContain('<meta http-equiv="refresh" content="3">');
    expect(renderDocument({ status: 200, title: 't', body: html`` })).not.toContain('refresh');
  });

  it('escapes the title', () => {
    expect(renderDocument({ status: 200, title: '</title><script>', body: html`` })).toContain('<title>&lt;/title&gt;&lt;script&gt;</title>');
  });
});

describe('pageForPayment', () => {
  it('has a page for every state', () => {
    for (const state of PAYMENT_STATES) {
      const page = pageForPayment(view({ state }));
      expect(page.status, state).toBe(200);
      expect(page.body.value, state).toContain('₦25,000.50');
      expect(page.body.value, state).toContain('Adaeze &amp; Sons');
    }
  });

  it('receipt shows transaction, payer and Lagos time', () => {
    const body = pageForPayment(view({ state: 'settled' })).body.value;

    expect(body).toContain('11234');
    expect(body).toContain('Chioma &lt;Okafor&gt;');
    expect(body).toContain('4 Dec 2026, 20:15 WAT');
    expect(body).toContain('Paid and settled');
  });

  it('paid state without transfer asks to wait', () => {
    expect(pageForPayment(view({ state: 'transferred' }, false)).body.value).toContain('We are confirming your payment');
  });

  it('awaiting past expiry shows expired', () => {
    const page = pageForPayment(view({ state: 'awaiting', expiresAt: new Date(now.getTime() - 1) }));

    expect(page.body.value).toContain('This payment link has expired');
  });

  it('awaiting offers the pay link again', () => {
    const page = pageForPayment(view({ state: 'awaiting' }));

    expect(page.body.value).toContain('href="https://pay.example/pay/abc"');
  });

  it('processing page refreshes', () => {
    expect(pageForPayment(view({ state: 'exchanging' })).refreshSeconds).toBe(3);
    expect(pageForPayment(view({ state: 'transferring' })).refreshSeconds).toBe(3);
    expect(pageForPayment(view({ state: 'needs_review' })).refreshSeconds).toBeUndefined();
  });
});
