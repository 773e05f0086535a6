import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

/** Seconds between reloads of the processing page. */
export const PROCESSING_REFRESH_SECONDS = 3;

/** Builds the page shown while the payment is completed with MiMo. It reloads itself until the state changes. */
export function processingPage(summary: PaymentSummary): Page {
  return {
    status: 200,
    title: 'Completing your payment',
    refreshSeconds: PROCESSING_REFRESH_SECONDS,
    body: html`${summaryHeader(summary)}
<h1>Completing your payment</h1>
<p class="notice warn">We are completing your payment with MiMo. Do not pay again.</p>
<p class="muted">This page updates by itself every few seconds.</p>`,
  };
}
