import { html } from './html.js';
import type { Page } from './layout.js';

/** Builds the page for unexpected failures. `referenceId` is the request id logged with the error. */
export function errorPage(referenceId: string, merchantName: string): Page {
  return {
    status: 500,
    title: 'Something went wrong',
    body: html`<h1>Something went wrong</h1>
<p class="notice bad">We could not show this page.</p>
<p>If you were paying, do not pay again until ${merchantName} confirms whether the payment went through. Give them this reference:</p>
<p><code id="reference-id">${referenceId}</code></p>`,
  };
}
