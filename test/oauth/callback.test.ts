import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mimoAuthorizations, paymentRequests } from '../../src/db/schema.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS } from '../support/test-env.js';
import {
  approveOnMimo,
  auditActions,
  auditOf,
  callbackBase,
  getCallbackPage, getPage,
  insertPayment,
  openPayLink,
  outboxOf,
  payThroughMimo,
  reload,
  submitConsent,
  transferOf,
  watchSandbox,
} from '../web/fixtures.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

let events: ReturnType<typeof watchSandbox>;

beforeEach(() => {
  h.sandbox.clearFaults();
  events = watchSandbox(h);
});

describe('callback happy path', () => {
  it('transfers once and shows a receipt', async () => {
    const { payment, page, transfer } = await payThroughMimo(h);

    expect(page.body).toContain('Payment received');
    expect(page.body).toContain('₦25,000.00');
    expect(page.body).toContain('Invoice 42');
    expect(page.body).toContain('Adaeze Fabrics Ltd');
    expect(page.body).toContain(`<dd id="transaction-id">${transfer.mimoTransactionId}</dd>`);
    expect(page.body).toContain('Chioma Okafor');
    expect(page.body).toMatch(/WAT/);
    expect(events('transfer.created')).toHaveLength(1);

    expect((await reload(h, payment)).state).toBe('transferred');
    expect(transfer.state).toBe('pending');
    expect(transfer.amountKobo).toBe(2_500_000);
  });

  it('audits each step and queues card updates', async () => {
    const { payment } = await payThroughMimo(h);

    expect(await auditActions(h, payment.id)).toEqual(['customer_approved', 'transfer_requested', 'transfer_created']);
    const audit = await auditOf(h, payment.id);
    expect(audit[0]!.actor).toBe('customer');
    expect(audit[2]!.actor).toBe('mimo');
    expect(audit[2]!.toState).toBe('transferred');

    const outbox = await outboxOf(h, payment.id);
    expect(outbox.filter((row) => row.kind === 'card')).toHaveLength(3);
    expect(outbox.filter((row) => row.kind === 'thread_reply')).toHaveLength(1);
  });

  it('stores code and token encrypted', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    const code = new URL(callback).searchParams.get('code')!;
    await getCallbackPage(callback);

    const [authorization] = await h.app.services.db
      .select()
      .from(mimoAuthorizations)
      .where(eq(mimoAuthorizations.paymentRequestId, payment.id));
    expect(authorization).toBeDefined();
    expect(authorization!.codeCiphertext).not.toContain(code);
    expect(h.app.services.secrets.decrypt(authorization!.codeCiphertext)).toBe(code);
    expect(authorization!.accessTokenCiphertext).toMatch(/^v1\./);
    expect(authorization!.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(authorization!.payerUsername).toBe('chioma.okafor');
    expect(authorization!.payerName).toBe('Chioma Okafor');
    const token = h.app.services.secrets.decrypt(authorization!.accessTokenCiphertext!);
    expect(h.logs.join('\n')).not.toContain(code);
    expect(h.logs.join('\n')).not.toContain(token);
  });

  it('shows security headers', async () => {
    const { callback } = await payThroughMimo(h);
    const page = await getCallbackPage(callback);

    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
  });
});

describe('callback decline', () => {
  it('declines and shows cancelled page', async () => {
    const payment = await insertPayment(h);
    const callback = await submitConsent(await openPayLink(h, payment), { decision: 'reject' });
    expect(new URL(callback).searchParams.get('response_type')).toBe('access_denied');

    const page = await getCallbackPage(callback);

    expect(page.status).toBe(200);
    expect(page.body).toContain('Payment cancelled');
    expect(page.body).toContain('No money moved');
    expect((await reload(h, payment)).state).toBe('declined');
    const audit = await auditOf(h, payment.id);
    expect(audit.map((row) => row.action)).toEqual(['customer_declined']);
    expect(audit[0]!.actor).toBe('customer');
    const outbox = await outboxOf(h, payment.id);
    expect(outbox.map((row) => row.kind)).toEqual(['card', 'thread_reply']);
    expect(events('token.issued')).toHaveLength(0);
  });

  it('ignores a decline after payment', async () => {
    const { payment } = await payThroughMimo(h);

    const page = await getCallbackPage(`${callbackBase(h, payment)}?response_type=access_denied`);

    expect(page.body).toContain('Payment received');
    expect((await reload(h, payment)).state).toBe('transferred');
  });
});

describe('callback repeats', () => {
  it('concurrent callbacks create one transfer', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);

    const pages = await Promise.all([getCallbackPage(callback), getCallbackPage(callback)]);

    expect(events('transfer.created')).toHaveLength(1);
    expect(events('transfer.rejected')).toHaveLength(0);
    expect(events('token.issued')).toHaveLength(1);
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    const receipts = pages.filter((page) => page.body.includes('Payment received'));
    const processing = pages.filter((page) => page.body.includes('<meta http-equiv="refresh" content="3">'));
    expect(receipts.length).toBeGreaterThanOrEqual(1);
    expect(receipts.length + processing.length).toBe(2);
    expect((await auditActions(h, payment.id)).filter((action) => action === 'transfer_created')).toHaveLength(1);
  });

  it('second request 300 ms later sees processing', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    h.sandbox.injectFault({ path: '/partner/users/card_id', kind: 'delay', delayMs: 800 });

    const first = getCallbackPage(callback);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await getCallbackPage(callback);

    expect(second.body).toContain('<meta http-equiv="refresh" content="3">');
    expect(second.body).toContain('Completing your payment');
    expect((await first).body).toContain('Payment received');
    expect(events('transfer.created')).toHaveLength(1);
  });

  it('replayed code shows the receipt', async () => {
    const { payment, callback, transfer } = await payThroughMimo(h);

    const replay = await getCallbackPage(callback);

    expect(replay.body).toContain('Payment received');
    expect(replay.body).toContain(transfer.mimoTransactionId);
    expect(events('transfer.created')).toHaveLength(1);
    expect(events('token.issued')).toHaveLength(1);
    expect((await auditActions(h, payment.id)).filter((action) => action === 'transfer_created')).toHaveLength(1);
  });

  it('code from another approval is refused once paid', async () => {
    const { payment } = await payThroughMimo(h);
    const other = await insertPayment(h);
    const otherCallback = await approveOnMimo(h, other);
    const code = new URL(otherCallback).searchParams.get('code')!;

    const page = await getCallbackPage(`${callbackBase(h, payment)}?code=${encodeURIComponent(code)}&response_type=code`);

    expect(page.body).toContain('Payment received');
    expect(events('transfer.created')).toHaveLength(1);
  });
});

describe('callback token exchange failure', () => {
  it('reopens the link and can be retried', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    h.sandbox.injectFault({ path: '/oauth/v2/token', kind: 'http_500', count: 4 });

    const failed = await getCallbackPage(callback);

    expect(failed.status).toBe(200);
    expect(failed.body).toContain('We could not complete your payment');
    expect(failed.body).toContain('No money moved');
    expect(failed.body).toContain(`href="${h.app.url}/pay/${payment.reference}"`);
    expect((await reload(h, payment)).state).toBe('awaiting');
    expect(await auditActions(h, payment.id)).toEqual(['customer_approved', 'token_exchange_failed']);
    expect(events('transfer.created')).toHaveLength(0);
    const replies = (await outboxOf(h, payment.id)).filter((row) => row.kind === 'thread_reply');
    expect(replies).toHaveLength(0);

    const retried = await getCallbackPage(callback);

    expect(retried.body).toContain('Payment received');
    expect(events('transfer.created')).toHaveLength(1);
  });
});

describe('callback create failure', () => {
  const unknownOutcomes = [
    { kind: 'http_500', created: 0 },
    { kind: 'delay', created: 1 },
    { kind: 'drop_after_commit', created: 1 },
    { kind: 'malformed_json', created: 1 },
  ] as const;

  for (const fault of unknownOutcomes) {
    it(`${fault.kind} needs review, no retry`, async () => {
      const payment = await insertPayment(h);
      const callback = await approveOnMimo(h, payment);
      h.sandbox.injectFault({ path: '/partner/transfers/create', kind: fault.kind, delayMs: 1_500 });

      const page = await getCallbackPage(callback);

      expect(page.body).toContain('We are confirming your payment');
      expect(page.body).toContain('Do not pay again');
      const stored = await reload(h, payment);
      expect(stored.state).toBe('needs_review');
      expect(stored.failureReason).toBeTruthy();
      expect(await transferOf(h, payment.id)).toBeNull();
      const approvals = (await outboxOf(h, payment.id)).filter((row) => row.kind === 'message');
      expect(approvals).toHaveLength(1);
      expect(approvals[0]!.target).toBe(TEST_CHANNELS.approvals);
      expect(String(approvals[0]!.payload.text)).toContain('needs review');

      const refreshed = await getCallbackPage(callback);
      await h.runJobs();
      await new Promise((resolve) => setTimeout(resolve, fault.kind === 'delay' ? 1_000 : 0));

      expect(refreshed.body).toContain('We are confirming your payment');
      expect(events('fault.injected').filter((event) => event.path === '/partner/transfers/create')).toHaveLength(1);
      expect(events('transfer.created')).toHaveLength(fault.created);
      expect(events('transfer.rejected')).toHaveLength(0);
      expect((await reload(h, payment)).state).toBe('needs_review');
    });
  }

  it('insufficient funds fails the payment', async () => {
    const payment = await insertPayment(h, { amountKobo: 500_000 });
    const callback = await approveOnMimo(h, payment, { username: 'emeka.obi', pin: '1234' });

    const page = await getCallbackPage(callback);

    expect(page.body).toContain('Payment not completed');
    expect(page.body).toContain('no money moved');
    expect(page.body).toContain('balance is below ₦5,000.00');
    const stored = await reload(h, payment);
    expect(stored.state).toBe('failed');
    expect(stored.failureReason).toContain('balance is below');
    expect(await auditActions(h, payment.id)).toEqual(['customer_approved', 'transfer_requested', 'transfer_rejected']);
    expect(events('transfer.rejected')).toHaveLength(1);
  });
  it('duplicate transfer needs review', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    // A transfer made with the same code outside this app's records, as after a lost write.
    const code = new URL(callback).searchParams.get('code')!;
    const { accessToken } = await h.app.services.mimo.exchangeCode(code);
    await h.app.services.mimo.createTransfer(accessToken);

    const page = await getCallbackPage(callback);

    expect(page.body).toContain('We are confirming your payment');
    expect(page.body).toContain('Do not pay again');
    const stored = await reload(h, payment);
    expect(stored.state).toBe('needs_review');
    expect(stored.failureReason).toContain('already made one for this approval');
    expect(await auditActions(h, payment.id)).toEqual(['customer_approved', 'transfer_requested', 'transfer_outcome_unknown']);
    expect(await transferOf(h, payment.id)).toBeNull();
    const approvals = (await outboxOf(h, payment.id)).filter((row) => row.kind === 'message');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.target).toBe(TEST_CHANNELS.approvals);
    expect(String(approvals[0]!.payload.text)).toContain('already made one for this approval');
    expect(events('transfer.created')).toHaveLength(1);
  });
});

describe('callback profile failure', () => {
  it('pays without the payer name', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    h.sandbox.injectFault({ path: '/partner/users/card_id', kind: 'http_500', count: 4 });

    const page = await getCallbackPage(callback);

    expect(page.body).toContain('Payment received');
    expect(page.body).not.toContain('Paid by');
    expect((await reload(h, payment)).state).toBe('transferred');
    expect(events('transfer.created')).toHaveLength(1);
    expect(events('profile.read')).toHaveLength(0);
    expect(h.logs.some((line) => line.includes('could not read the payer profile'))).toBe(true);
  });
});

describe('callback on a closed request', () => {
  it('expired link refuses the code', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    await h.app.services.db
      .update(paymentRequests)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(paymentRequests.id, payment.id));

    const page = await getCallbackPage(callback);

    expect(page.body).toContain('This payment link has expired');
    expect(events('token.issued')).toHaveLength(0);
    expect(await auditActions(h, payment.id)).toEqual([]);
  });

  it('cancelled request refuses the code', async () => {
    const payment = await insertPayment(h);
    const callback = await approveOnMimo(h, payment);
    await h.app.services.db.update(paymentRequests).set({ state: 'cancelled' }).where(eq(paymentRequests.id, payment.id));

    const page = await getCallbackPage(callback);

    expect(page.body).toContain('Payment request cancelled');
    expect(events('token.issued')).toHaveLength(0);
    expect(events('transfer.created')).toHaveLength(0);
  });
});

describe('callback with MiMo down', () => {
  it('refused connection reopens the link', async () => {
    const own = await startHarness();
    try {
      const ownEvents = watchSandbox(own);
      const payment = await insertPayment(own);
      const callback = await approveOnMimo(own, payment);
      own.sandbox.injectFault({ path: '/partner/users/card_id', kind: 'delay', delayMs: 10_000 });

      const pending = getCallbackPage(callback);
      await waitFor(() => ownEvents('fault.injected').length > 0);
      await own.sandbox.close();
      const page = await pending;

      expect(page.body).toContain('We could not complete your payment');
      expect((await reload(own, payment)).state).toBe('awaiting');
      expect(await auditActions(own, payment.id)).toEqual(['customer_approved', 'transfer_requested', 'transfer_not_sent']);
      expect(await transferOf(own, payment.id)).toBeNull();
      expect(ownEvents('transfer.created')).toHaveLength(0);
    } finally {
      await own.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
