/**
 * Plays the customer on the sandbox's consent page over HTTP, as a browser without
 * JavaScript does: load the page, submit its form with the customer's choice, and read
 * the redirect without following it. The demo, the benchmark and the tests use it.
 */
import { unescapeHtml } from '../html-escape.js';

export interface ConsentChoice {
  decision: 'approve' | 'reject';
  /** Sandbox test customer who pays, such as `chioma.okafor`. */
  username: string;
  pin: string;
}

/**
 * Loads the consent page at `consentUrl`, submits its form with `choice` and returns the
 * absolute URL of the 302 redirect to the merchant's callback. That URL carries the code
 * on approval, so callers must not print it. Throws when the page does not load with
 * HTTP 200 or the form submission is not answered with a redirect, for example after a
 * wrong PIN; the message contains the error the page shows.
 */
export async function submitConsent(consentUrl: string | URL, choice: ConsentChoice): Promise<string> {
  const page = await fetch(consentUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) {
    throw new Error(`The consent page ${describeUrl(consentUrl)} returned HTTP ${page.status}.${pageError(html)}`);
  }

  const form = readConsentForm(html);
  form.fields.set('username', choice.username);
  form.fields.set('pin', choice.pin);
  form.fields.set('decision', choice.decision);
  const action = new URL(form.action, consentUrl);
  const submitted = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields.toString(),
  });
  const answer = await submitted.text();
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || location === null) {
    throw new Error(
      `The consent form returned HTTP ${submitted.status} instead of a redirect to the callback.${pageError(answer)}`,
    );
  }
  return new URL(location, action).href;
}

interface ConsentForm {
  action: string;
  fields: URLSearchParams;
}

/** Reads the POST form of the consent page: its action and its hidden fields. */
function readConsentForm(html: string): ConsentForm {
  const formTag = /<form\b[^>]*>/i.exec(html)?.[0];
  const action = formTag === undefined ? undefined : attribute(formTag, 'action');
  if (action === undefined) {
    throw new Error('The consent page has no form with an action.');
  }
  const fields = new URLSearchParams();
  for (const [input] of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (attribute(input, 'type') === 'hidden' && name !== undefined) {
      fields.set(name, attribute(input, 'value') ?? '');
    }
  }
  return { action, fields };
}

/** Returns the unescaped value of a double-quoted attribute of one HTML tag. */
function attribute(tag: string, name: string): string | undefined {
  const quoted = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  return quoted === undefined ? undefined : unescapeHtml(quoted);
}

/** Returns the error that a sandbox page shows (wrong PIN, invalid request) as a sentence to append, or "". */
function pageError(html: string): string {
  const alert = /<p class="alert"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
  return alert === undefined ? '' : ` The page shows: ${unescapeHtml(alert)}`;
}

/** Returns the origin and path of a URL, leaving out the query to keep messages short. */
function describeUrl(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
