/**
 * Plays a customer's part over HTTP, as a browser without JavaScript would: open the
 * pay link, follow it to MiMo's consent page, submit the form, and follow MiMo's
 * redirect back to our callback.
 */

export interface CustomerResult {
  /** The callback URL MiMo redirected to (carries the code; never print it). */
  callbackUrl: string;
  /** Status and HTML of the page our callback returned. */
  status: number;
  html: string;
}

function formFields(html: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(match[0])?.[1];
    const value = /value="([^"]*)"/.exec(match[0])?.[1] ?? '';
    if (name) fields.set(name, decodeEntities(value));
  }
  return fields;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function expectRedirect(response: Response, step: string): Promise<string> {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || !location) {
    throw new Error(`${step}: expected a redirect, got HTTP ${response.status}`);
  }
  return new URL(location, response.url).toString();
}

/** Approves (or rejects) the payment behind `payLink` as the sandbox customer `username`. */
export async function actAsCustomer(
  payLink: string,
  choice: { decision: 'approve' | 'reject'; username: string; pin: string },
): Promise<CustomerResult> {
  const consentUrl = await expectRedirect(await fetch(payLink, { redirect: 'manual' }), 'pay link');
  const consent = await fetch(consentUrl);
  if (consent.status !== 200) {
    throw new Error(`consent page: HTTP ${consent.status}`);
  }
  const fields = formFields(await consent.text());
  fields.set('username', choice.username);
  fields.set('pin', choice.pin);
  fields.set('decision', choice.decision);

  const action = new URL('/oauth/v2/authenticate', consentUrl);
  const decision = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...fields]).toString(),
  });
  const callbackUrl = await expectRedirect(decision, 'consent decision');
  const page = await fetch(callbackUrl);
  return { callbackUrl, status: page.status, html: await page.text() };
}
