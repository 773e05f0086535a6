/**
 * Helpers for the payment web tests: payment rows inserted directly, and the customer's
 * way through the pay link, MiMo's consent page and the callback, all over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { insertPaymentRequest, type NewPaymentRequest, type PaymentRequest } from '../../src/db/payment-requests.js';
import { auditLog, paymentRequests, slackOutbox, transfers } from '../../src/db/schema.js';
import { submitConsent as submitConsentForm, type ConsentChoice } from '../../src/sandbox/consent-client.js';
import type { SandboxEvent } from '../../src/sandbox/index.js';
import type { Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function newReference(): string {
  return randomBytes(18).toString('base64url');
}

/** Inserts a payment request awaiting the customer: ₦25,000.00 for "Invoice 42", link valid for a week. */
export async function insertPayment(h: Harness, overrides: Partial<NewPaymentRequest> = {}): Promise<PaymentRequest> {
  return insertPaymentRequest(h.app.services.db, {
    reference: newReference(),
    amountKobo: 2_500_000,
    notes: 'Invoice 42',
    requestedBy: TEST_USERS.rep,
    channelId: TEST_CHANNELS.sales,
    customerLabel: 'Chioma',
    expiresAt: new Date(Date.now() + 7 * DAY_MS),
    ...overrides,
  });
}

export function payLink(h: Harness, payment: PaymentRequest): string {
  return `${h.app.url}/pay/${payment.reference}`;
}

export function callbackBase(h: Harness, payment: PaymentRequest): string {
  return `${h.app.url}/mimo/callback/${payment.reference}`;
}

export interface FetchedPage {
  status: number;
  body: string;
  headers: Headers;
}

/** GETs a URL without following redirects. */
export async function getPage(url: string): Promise<FetchedPage> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * GETs MiMo's callback URL as a browser would. Once the request has left `awaiting`,
 * the app responds with 303 to the pay link. This checks that the new address carries
 * no code, and follows it.
 */
export async function getCallbackPage(url: string): Promise<FetchedPage & { redirected: boolean }> {
  const first = await getPage(url);
  if (first.status !== 303) {
    return { ...first, redirected: false };
  }
  const location = first.headers.get('location') ?? '';
  expect(new URL(location).pathname).toMatch(/^\/pay\/[\w-]+$/);
  expect(location).not.toContain('code=');
  expect(first.headers.get('referrer-policy')).toBe('no-referrer');
  return { ...(await getPage(location)), redirected: true };
}

/** Opens the pay link and returns the MiMo consent page URL it redirects to. */
export async function openPayLink(h: Harness, payment: PaymentRequest): Promise<string> {
  const page = await getPage(payLink(h, payment));
  expect(page.status).toBe(303);
  const location = page.headers.get('location');
  expect(location).toBeTruthy();
  return location!;
}

/**
 * Submits MiMo's consent form at `authenticateUrl` as chioma.okafor with PIN 1234 (or
 * as `choice` sets) and returns the callback URL that MiMo redirects to. It throws
 * unless the page loads with HTTP 200 and the form submission gets a 302 redirect.
 */
export async function submitConsent(authenticateUrl: string, choice: Partial<ConsentChoice> = {}): Promise<string> {
  return submitConsentForm(authenticateUrl, {
    decision: choice.decision ?? 'approve',
    username: choice.username ?? 'chioma.okafor',
    pin: choice.pin ?? '1234',
  });
}

/** Pay link, consent page and approval: returns the callback URL carrying the code, not yet opened. */
export async function approveOnMimo(h: Harness, payment: PaymentRequest, choice: Partial<ConsentChoice> = {}): Promise<string> {
  return submitConsent(await openPayLink(h, payment), choice);
}

/** Runs the whole journey and returns the receipt page and MiMo's transaction id. */
export async function payThroughMimo(h: Harness, overrides: Partial<NewPaymentRequest> = {}) {
  const payment = await insertPayment(h, overrides);
  const callback = await approveOnMimo(h, payment);
  const page = await getCallbackPage(callback);
  expect(page.status).toBe(200);
  const transfer = await transferOf(h, payment.id);
  expect(transfer).not.toBeNull();
  return { payment, callback, page, transfer: transfer! };
}

export async function reload(h: Harness, payment: PaymentRequest): Promise<PaymentRequest> {
  const [row] = await h.app.services.db.select().from(paymentRequests).where(eq(paymentRequests.id, payment.id));
  return row!;
}

export async function transferOf(h: Harness, paymentId: string) {
  const [row] = await h.app.services.db.select().from(transfers).where(eq(transfers.paymentRequestId, paymentId));
  return row ?? null;
}

export async function auditActions(h: Harness, paymentId: string): Promise<string[]> {
  const rows = await h.app.services.db.select().from(auditLog).where(eq(auditLog.entityId, paymentId)).orderBy(auditLog.id);
  return rows.map((row) => row.action);
}

export async function auditOf(h: Harness, paymentId: string) {
  return h.app.services.db.select().from(auditLog).where(eq(auditLog.entityId, paymentId)).orderBy(auditLog.id);
}

export async function outboxOf(h: Harness, paymentId: string) {
  return h.app.services.db.select().from(slackOutbox).where(eq(slackOutbox.paymentRequestId, paymentId)).orderBy(slackOutbox.id);
}

/**
 * Starts counting sandbox events: the returned function lists the events of one kind,
 * such as `transfer.created`, recorded since this call. Tests share one sandbox and do
 * not reset it, because a reset restarts MiMo's transaction ids.
 */
export function watchSandbox(h: Harness): (kind: string) => SandboxEvent[] {
  const start = h.sandbox.events().length;
  return (kind) => h.sandbox.events().slice(start).filter((event) => event.kind === kind);
}
