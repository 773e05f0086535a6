import { html } from './html.js';
import type { Page } from './layout.js';

/** Builds the 400 page for missing or malformed parameters. It repeats nothing of the request. */
export function badRequestPage(): Page {
  return {
    status: 400,
    title: 'Link not valid',
    body: html`<h1>This link is not valid</h1>
<p>The address is incomplete or was changed. Open the payment link from the merchant again.</p>`,
  };
}
