import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { expireLinks } from '../../src/jobs/expire-links.js';
import { withDuePayments, type PaymentRequest } from '../../src/db/payment-requests.js';
import { paymentRequests } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS } from '../support/test-env.js';
import { auditOf, insertPayment, outboxOf, reload } from '../web/fixtures.js';

let h: Harness;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function ageBy(payment: PaymentRequest, minutes: number): Promise<void> {
  await h.app.services.db
    .update(paymentRequests)
    .set({ updatedAt: sql`now() - ${`${minutes} minutes`}::interval` })
    .where(eq(paymentRequests.id, payment.id));
}

describe('expireLinks', () => {
  it('expires awaiting links past expiry', async () => {
    const due = await insertPayment(h, { expiresAt: new Date(Date.now() - 1_000) });
    const fresh = await insertPayment(h);

    await expireLinks(h.app.services, logger);

    expect((await reload(h, due)).state).toBe('expired');
    expect((await reload(h, fresh)).state).toBe('awaiting');
    const [entry] = await auditOf(h, due.id);
    expect(entry!.action).toBe('link_expired');
    expect(entry!.actor).toBe('job:expire-links');
    expect((await outboxOf(h, due.id)).map((row) => row.kind)).toEqual(['card', 'thread_reply']);
  });

  it('reopens stale exchanging', async () => {
    const stale = await insertPayment(h, { state: 'exchanging' });
    await ageBy(stale, 10);
    const recent = await insertPayment(h, { state: 'exchanging' });

    await expireLinks(h.app.services, logger);

    expect((await reload(h, stale)).state).toBe('awaiting');
    expect((await reload(h, recent)).state).toBe('exchanging');
    expect((await auditOf(h, stale.id)).map((row) => row.action)).toEqual(['exchange_abandoned']);
    expect((await outboxOf(h, stale.id)).map((row) => row.kind)).toEqual(['card']);
  });

  it('flags stale transferring for review', async () => {
    const stale = await insertPayment(h, { state: 'transferring', notes: 'Order <!channel> & co' });
    await ageBy(stale, 10);
    const recent = await insertPayment(h, { state: 'transferring' });

    await expireLinks(h.app.services, logger);

    const stored = await reload(h, stale);
    expect(stored.state).toBe('needs_review');
    expect(stored.failureReason).toContain('no answer was recorded');
    expect((await reload(h, recent)).state).toBe('transferring');
    const message = (await outboxOf(h, stale.id)).find((row) => row.kind === 'message');
    expect(message?.target).toBe(TEST_CHANNELS.approvals);
    const text = String(message?.payload.text);
    expect(text).toContain('needs review');
    expect(text).toContain('Order &lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
  });

  it('expires a reopened link on the next run', async () => {
    const stale = await insertPayment(h, { state: 'exchanging', expiresAt: new Date(Date.now() - 1_000) });
    await ageBy(stale, 10);

    await expireLinks(h.app.services, logger);
    expect((await reload(h, stale)).state).toBe('awaiting');
    await expireLinks(h.app.services, logger);

    expect((await reload(h, stale)).state).toBe('expired');
  });

  it('posts the review notice to Slack', async () => {
    const stale = await insertPayment(h, { state: 'transferring' });
    await ageBy(stale, 10);

    await h.runJobs();

    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.args.channel === TEST_CHANNELS.approvals);
    expect((await reload(h, stale)).state).toBe('needs_review');
  });
});

describe('withDuePayments', () => {
  it('skips rows another transaction holds', async (context) => {
    if (h.database.kind !== 'postgres') {
      // PGlite has one connection, so a second transaction cannot run while one holds a lock.
      context.skip();
    }
    const held = await insertPayment(h, { expiresAt: new Date(Date.now() - 1_000) });
    const free = await insertPayment(h, { expiresAt: new Date(Date.now() - 1_000) });
    const db = h.app.services.db;

    const claimed = await db.transaction(async (tx) => {
      await tx.select().from(paymentRequests).where(eq(paymentRequests.id, held.id)).for('update');
      return withDuePayments(db, 'awaiting', { expired: true }, 100, async (_locked, ids) => ids);
    });

    expect(claimed).toContain(free.id);
    expect(claimed).not.toContain(held.id);
  });
});

describe('expireLinks concurrency', () => {
  it('two runs at once expire each link once', async () => {
    const payments = await Promise.all([1, 2, 3].map(() => insertPayment(h, { expiresAt: new Date(Date.now() - 1_000) })));

    await Promise.all([expireLinks(h.app.services, logger), expireLinks(h.app.services, logger)]);

    for (const payment of payments) {
      expect((await reload(h, payment)).state).toBe('expired');
      const expiries = (await auditOf(h, payment.id)).filter((entry) => entry.action === 'link_expired');
      expect(expiries).toHaveLength(1);
      const cards = (await outboxOf(h, payment.id)).filter((row) => row.kind === 'thread_reply');
      expect(cards).toHaveLength(1);
    }
  });
});
