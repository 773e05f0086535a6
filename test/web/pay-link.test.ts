import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { getPage, insertPayment, payLink, payThroughMimo } from './fixtures.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('pay link', () => {
  it('redirects to MiMo consent page', async () => {
    const payment = await insertPayment(h, { destinationUser: 'bola.adeyemi' });

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(303);
    const location = new URL(page.headers.get('location')!);
    expect(location.origin).toBe(h.sandbox.url);
    expect(location.pathname).toBe('/oauth/v2/authenticate');
    expect(location.searchParams.get('client_id')).toBe('sandbox-client-id');
    expect(location.searchParams.get('url')).toBe(`${h.app.url}/mimo/callback/${payment.reference}`);
    expect(location.searchParams.get('amount')).toBe('25000.00');
    expect(location.searchParams.get('notes')).toBe('Invoice 42');
    expect(location.searchParams.get('destination_user')).toBe('bola.adeyemi');
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(page.body).toContain(`href="${location.href.replace(/&/g, '&amp;')}"`);
  });

  it('sets no-store, CSP and referrer headers', async () => {
    const payment = await insertPayment(h);

    const page = await getPage(payLink(h, payment));

    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("form-action 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });

  it('expired link shows expired page', async () => {
    const payment = await insertPayment(h, { expiresAt: new Date(Date.now() - 60_000) });

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('This payment link has expired');
    expect(page.body).toContain('No money moved');
  });

  it('expired state shows expired page', async () => {
    const payment = await insertPayment(h, { state: 'expired', expiresAt: new Date(Date.now() - 60_000) });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('This payment link has expired');
  });

  it('cancelled request shows cancelled page', async () => {
    const payment = await insertPayment(h, { state: 'cancelled' });

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('Payment request cancelled');
    expect(page.body).toContain('Adaeze Fabrics Ltd cancelled this payment request');
  });

  it('declined request shows cancelled page', async () => {
    const payment = await insertPayment(h, { state: 'declined' });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('You cancelled this payment on MiMo');
  });

  it('paid request shows the receipt', async () => {
    const { payment, transfer } = await payThroughMimo(h);

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('Payment received');
    expect(page.body).toContain(transfer.mimoTransactionId);
  });

  it('in-flight request shows processing', async () => {
    const payment = await insertPayment(h, { state: 'transferring' });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('<meta http-equiv="refresh" content="3">');
  });

  it('needs review shows confirming page', async () => {
    const payment = await insertPayment(h, { state: 'needs_review' });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('We are confirming your payment');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });

  it('failed request shows the reason', async () => {
    const payment = await insertPayment(h, { state: 'failed', failureReason: 'The payer\'s MiMo balance is below ₦25,000.00.' });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('Payment not completed');
    expect(page.body).toContain('balance is below ₦25,000.00');
  });

  it('renders for a 360 px screen', async () => {
    const payment = await insertPayment(h, { state: 'cancelled' });

    const page = await getPage(payLink(h, payment));

    expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.body).not.toContain('<script');
  });
});
