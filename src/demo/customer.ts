/**
 * Plays a customer's part over HTTP, as a browser without JavaScript would: open the
 * pay link, follow it to MiMo's consent page, submit the form, and follow MiMo's
 * redirect back to our callback.
 */
import { submitConsent, type ConsentChoice } from '../sandbox/consent-client.js';

export interface CustomerResult {
  /** The callback URL MiMo redirected to (carries the code; never print it). */
  callbackUrl: string;
  /** Status and HTML of the page our callback returned. */
  status: number;
  html: string;
}

/** Approves (or rejects) the payment behind `payLink` as the sandbox customer `choice.username`. */
export async function actAsCustomer(payLink: string, choice: ConsentChoice): Promise<CustomerResult> {
  const payLinkResponse = await fetch(payLink, { redirect: 'manual' });
  await payLinkResponse.body?.cancel();
  const consentUrl = payLinkResponse.headers.get('location');
  if (payLinkResponse.status < 300 || payLinkResponse.status > 399 || consentUrl === null) {
    throw new Error(`The pay link returned HTTP ${payLinkResponse.status} instead of a redirect to MiMo's consent page.`);
  }

  const callbackUrl = await submitConsent(new URL(consentUrl, payLink), choice);
  const page = await fetch(callbackUrl);
  return { callbackUrl, status: page.status, html: await page.text() };
}
