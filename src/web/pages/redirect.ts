import { html } from './html.js';
import type { Page } from './layout.js';

/**
 * Builds the 303 redirect to MiMo's consent page. Its body carries the same link for clients
 * that do not follow redirects.
 */
export function redirectPage(authenticateUrl: string, merchantName: string): Page {
  return {
    status: 303,
    location: authenticateUrl,
    title: 'Continue to MiMo',
    body: html`<h1>Continue to MiMo</h1>
<p>Approve the payment to ${merchantName} on MiMo.</p>
<a class="button" href="${authenticateUrl}">Continue to MiMo</a>`,
  };
}
