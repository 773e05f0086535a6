import { html } from './html.js';
import type { Page } from './layout.js';

export function notFoundPage(): Page {
  return {
    status: 404,
    title: 'Page not found',
    body: html`<h1>Page not found</h1>
<p>There is no page at this address. If you followed a payment link, check that you copied all of it, or ask the merchant to send it again.</p>`,
  };
}
