import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

/** Builds the page for a payment that stopped before any money moved, with the pay link to try again. */
export function tryAgainPage(summary: PaymentSummary, payLinkUrl: string): Page {
  return {
    status: 200,
    title: 'Payment not completed',
    body: html`${summaryHeader(summary)}
<h1>We could not complete your payment</h1>
<p class="notice bad">We could not reach an answer from MiMo. No money moved.</p>
<p>You can try again now. MiMo will ask you to approve the payment once more.</p>
<a class="button" href="${payLinkUrl}">Try again</a>`,
  };
}
