import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

/** Builds the page for a transfer that MiMo did not confirm. The money may have moved, so it asks the customer not to pay again. */
export function confirmingPage(summary: PaymentSummary): Page {
  return {
    status: 200,
    title: 'Confirming your payment',
    body: html`${summaryHeader(summary)}
<h1>We are confirming your payment</h1>
<p class="notice warn">MiMo did not tell us whether your payment went through. Do not pay again.</p>
<p>${summary.merchantName} is checking the payment with MiMo and will contact you.</p>`,
  };
}
