import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

/** Builds the page for a transfer that MiMo rejected, so no money moved. `reason` is the stored failure reason. */
export function failedPage(summary: PaymentSummary, reason: string | null): Page {
  return {
    status: 200,
    title: 'Payment not completed',
    body: html`${summaryHeader(summary)}
<h1>Payment not completed</h1>
<p class="notice bad">MiMo did not accept this payment, so no money moved.</p>
${reason === null ? null : html`<p>Reason: ${reason}</p>`}
<p>If you still want to pay, ask ${summary.merchantName} for a new payment link.</p>`,
  };
}
