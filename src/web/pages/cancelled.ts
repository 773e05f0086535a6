import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

/** The party that stopped the payment: the customer on MiMo, the merchant before payment, or the merchant by voiding it. */
export type CancelledBy = 'customer' | 'merchant' | 'voided';

export function cancelledPage(summary: PaymentSummary, by: CancelledBy): Page {
  const { merchantName } = summary;
  const text = {
    customer: html`<h1>Payment cancelled</h1>
<p class="notice warn">You cancelled this payment on MiMo. No money moved.</p>
<p>If you still want to pay, ask ${merchantName} for a new payment link.</p>`,
    merchant: html`<h1>Payment request cancelled</h1>
<p class="notice warn">${merchantName} cancelled this payment request. No money moved.</p>
<p>Contact ${merchantName} if you still want to pay.</p>`,
    voided: html`<h1>Payment voided</h1>
<p class="notice warn">${merchantName} voided this payment, and MiMo returned the money to your account.</p>`,
  }[by];
  return {
    status: 200,
    title: by === 'voided' ? 'Payment voided' : 'Payment cancelled',
    body: html`${summaryHeader(summary)}
${text}`,
  };
}
