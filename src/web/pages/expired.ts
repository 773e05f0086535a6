import { formatLagosTime } from '../../time.js';
import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

export function expiredPage(summary: PaymentSummary, expiredAt: Date): Page {
  return {
    status: 200,
    title: 'Payment link expired',
    body: html`${summaryHeader(summary)}
<h1>This payment link has expired</h1>
<p class="notice warn">The link stopped working on ${formatLagosTime(expiredAt)}. No money moved.</p>
<p>Ask ${summary.merchantName} for a new payment link.</p>`,
  };
}
