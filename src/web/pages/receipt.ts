import { formatLagosTime } from '../../time.js';
import { html } from './html.js';
import { summaryHeader, type Page, type PaymentSummary } from './layout.js';

export interface ReceiptDetails extends PaymentSummary {
  notes: string;
  transactionId: string;
  paidAt: Date;
  /** The payer's name from their MiMo profile, or null when MiMo did not return it. */
  payerName: string | null;
  /** The payment's current status in words, such as "Paid and settled". */
  status: string;
}

export function receiptPage(receipt: ReceiptDetails): Page {
  return {
    status: 200,
    title: `Receipt – ${receipt.merchantName}`,
    body: html`${summaryHeader(receipt)}
<h1>Payment received</h1>
<p class="notice ok">You paid ${receipt.merchantName} through MiMo. Keep this page as your receipt.</p>
<dl>
<dt>Paid to</dt><dd>${receipt.merchantName}</dd>
<dt>Notes</dt><dd>${receipt.notes}</dd>
<dt>MiMo transaction</dt><dd id="transaction-id">${receipt.transactionId}</dd>
<dt>Paid at</dt><dd>${formatLagosTime(receipt.paidAt)}</dd>
${receipt.payerName === null ? null : html`<dt>Paid by</dt><dd>${receipt.payerName}</dd>`}
<dt>Status</dt><dd>${receipt.status}</dd>
</dl>`,
  };
}
