/** Helpers that drive the sandbox over HTTP, the way a merchant's server and a customer's browser do. */
import { DEFAULT_CLIENT, createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export const CLIENT = DEFAULT_CLIENT;
export const CALLBACK = 'https://shop.example/mimo/callback';

export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({ port: 0, ...options });
}

export interface PaymentRequest {
  clientId?: string;
  url?: string;
  amount?: string;
  notes?: string;
  destinationUser?: string;
}

export function authenticateParams(request: PaymentRequest = {}): Record<string, string> {
  const params: Record<string, string> = {
    client_id: request.clientId ?? CLIENT.clientId,
    url: request.url ?? CALLBACK,
    amount: request.amount ?? '980.99',
    notes: request.notes ?? 'Invoice 234327',
    response_type: 'code',
  };
  if (request.destinationUser !== undefined) {
    params.destination_user = request.destinationUser;
  }
  return params;
}

export function authenticateUrl(sandbox: Sandbox, params: Record<string, string>): string {
  const url = new URL('/oauth/v2/authenticate', sandbox.url);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.href;
}

/** Submits the consent form as a browser would, without following the redirect. */
export function submitConsent(sandbox: Sandbox, fields: Record<string, string>): Promise<Response> {
  return fetch(`${sandbox.url}/oauth/v2/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Approves a payment on the consent page and returns the authentication code from the redirect. */
export async function approvePayment(
  sandbox: Sandbox,
  request: PaymentRequest & { username?: string; pin?: string } = {},
): Promise<string> {
  const response = await submitConsent(sandbox, {
    destination_user: '',
    ...authenticateParams(request),
    username: request.username ?? 'chioma.okafor',
    pin: request.pin ?? '1234',
    decision: 'approve',
  });
  if (response.status !== 302) {
    throw new Error(`Consent approval returned ${response.status}: ${await response.text()}`);
  }
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
  if (!code) {
    throw new Error('The consent redirect has no code.');
  }
  return code;
}

export function requestToken(
  sandbox: Sandbox,
  params: Partial<Record<'client_id' | 'client_secret' | 'grant_type' | 'code', string>>,
): Promise<Response> {
  const url = new URL('/oauth/v2/token', sandbox.url);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(name, value);
    }
  }
  return fetch(url, { method: 'POST' });
}

export async function exchangeCode(sandbox: Sandbox, code: string, client = CLIENT): Promise<string> {
  const response = await requestToken(sandbox, {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    grant_type: 'authorization_code',
    code,
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`Token exchange returned ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

/** POSTs to a sandbox endpoint with the parameters in the query string, as MiMo expects. */
export function post(sandbox: Sandbox, path: string, params: Record<string, string | number> = {}): Promise<Response> {
  const url = new URL(path, sandbox.url);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, String(value));
  }
  return fetch(url, { method: 'POST' });
}

export async function getJson<T>(sandbox: Sandbox, path: string): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`);
  return (await response.json()) as T;
}

/** Runs consent and token exchange and returns the access token. */
export async function authorizePayment(
  sandbox: Sandbox,
  request: PaymentRequest & { username?: string; pin?: string } = {},
): Promise<string> {
  return exchangeCode(sandbox, await approvePayment(sandbox, request));
}

/** Authorizes a payment and creates the transfer; returns the token and the transaction id. */
export async function createTransfer(
  sandbox: Sandbox,
  request: PaymentRequest & { username?: string; pin?: string } = {},
): Promise<{ token: string; transactionId: number }> {
  const token = await authorizePayment(sandbox, request);
  const response = await post(sandbox, '/partner/transfers/create', { access_token: token });
  const body = (await response.json()) as { transactionId?: number };
  if (response.status !== 200 || typeof body.transactionId !== 'number') {
    throw new Error(`Transfer creation returned ${response.status}: ${JSON.stringify(body)}`);
  }
  return { token, transactionId: body.transactionId };
}

export async function balanceOf(sandbox: Sandbox, username: string): Promise<number> {
  const customers = await getJson<{ username: string; balanceKobo: number }[]>(sandbox, '/sandbox/customers');
  const customer = customers.find((candidate) => candidate.username === username);
  if (!customer) {
    throw new Error(`No customer ${username}`);
  }
  return customer.balanceKobo;
}

export interface ControlTransaction {
  id: number;
  type: string;
  status: string;
  amountKobo: number;
  refundedKobo: number;
  originalTransactionId: number | null;
}

export function listTransactions(sandbox: Sandbox): Promise<ControlTransaction[]> {
  return getJson<ControlTransaction[]>(sandbox, '/sandbox/transactions');
}
