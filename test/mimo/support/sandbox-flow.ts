import type { MimoClient } from '../../../src/mimo/client.js';
import { submitConsent } from '../../../src/sandbox/consent-client.js';
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
 * Runs the consent step over HTTP as a browser would (see src/sandbox/consent-client.ts)
 * and returns the authentication code from the redirect to the callback URL.
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

  const location = await submitConsent(consentUrl, { decision: 'approve', username: customer.username, pin: customer.pin });
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
