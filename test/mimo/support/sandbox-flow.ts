import type { MimoClient } from '../../../src/mimo/client.js';
import { TEST_CUSTOMERS, type Sandbox } from '../../../src/sandbox/index.js';

/** Callback URL of the consent flow. The redirect to it is read, never followed. */
export const CALLBACK_URL = 'http://127.0.0.1:9/mimo/callback';

export interface PaymentRequest {
  amountKobo: number;
  notes: string;
  /** Test customer who pays. Default chioma.okafor. */
  username?: string;
  destinationUser?: string;
}

/**
 * Runs the consent step over HTTP as a browser would: loads the consent page, then
 * posts the approval form with the customer's PIN. Returns the authentication code
 * from the redirect to the callback URL.
 */
export async function approvePayment(
  sandbox: Pick<Sandbox, 'url'>,
  client: MimoClient,
  request: PaymentRequest,
): Promise<string> {
  const username = request.username ?? 'chioma.okafor';
  const customer = TEST_CUSTOMERS.find((candidate) => candidate.username === username);
  if (!customer) {
    throw new Error(`${username} is not a sandbox test customer.`);
  }
  const consentUrl = new URL(
    client.buildAuthenticateUrl({
      callbackUrl: CALLBACK_URL,
      amountKobo: request.amountKobo,
      notes: request.notes,
      ...(request.destinationUser === undefined ? {} : { destinationUser: request.destinationUser }),
    }),
  );
  if (!consentUrl.href.startsWith(`${sandbox.url}/`)) {
    throw new Error(`The consent URL ${consentUrl.origin} is not the sandbox.`);
  }

  const page = await fetch(consentUrl);
  await page.text();
  if (page.status !== 200) {
    throw new Error(`The consent page responded with HTTP ${page.status}.`);
  }

  const form = new URLSearchParams(consentUrl.searchParams);
  form.set('username', customer.username);
  form.set('pin', customer.pin);
  form.set('decision', 'approve');
  const approval = await fetch(`${sandbox.url}/oauth/v2/authenticate`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  await approval.text();
  const location = approval.headers.get('location');
  if (approval.status !== 302 || location === null) {
    throw new Error(`The consent form responded with HTTP ${approval.status} and no redirect.`);
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) {
    throw new Error('The redirect to the callback URL has no code.');
  }
  return code;
}

export interface CreatedPayment {
  code: string;
  accessToken: string;
  transactionId: string;
}

/** Approves a payment, exchanges the code and creates the transfer. */
export async function createPayment(
  sandbox: Pick<Sandbox, 'url'>,
  client: MimoClient,
  request: PaymentRequest,
): Promise<CreatedPayment> {
  const code = await approvePayment(sandbox, client, request);
  const { accessToken } = await client.exchangeCode(code);
  const { transactionId } = await client.createTransfer(accessToken);
  return { code, accessToken, transactionId };
}

/** Counts sandbox events of one kind. */
export function countEvents(sandbox: Sandbox, kind: string): number {
  return sandbox.events().filter((event) => event.kind === kind).length;
}

/** Wraps fetch and counts the requests sent through it. */
export function countingFetch(): { fetch: typeof globalThis.fetch; count: () => number } {
  let count = 0;
  const wrapped: typeof globalThis.fetch = (input, init) => {
    count += 1;
    return globalThis.fetch(input, init);
  };
  return { fetch: wrapped, count: () => count };
}
