import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { claimDueTransfers } from '../../src/db/transfers.js';
import { auditLog, transfers } from '../../src/db/schema.js';
import { backoffAfter, pollTransfers } from '../../src/jobs/poll-transfers.js';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS } from '../support/test-env.js';
import { outboxOf, payThroughMimo, reload, transferOf } from '../web/fixtures.js';

let h: Harness;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  h.sandbox.clearFaults();
  // Earlier tests leave pending transfers; keep them out of this test's polls.
  await h.app.services.db.update(transfers).set({ nextPollAt: sql`now() + interval '1 day'` }).where(eq(transfers.state, 'pending'));
});

async function makeDue(transferId: string): Promise<void> {
  await h.app.services.db.update(transfers).set({ nextPollAt: sql`now()` }).where(eq(transfers.id, transferId));
}

/** Pays a request through MiMo and makes its transfer due for polling. */
async function paidTransfer(notes = 'Invoice 42') {
  const paid = await payThroughMimo(h, { notes });
  await makeDue(paid.transfer.id);
  return paid;
}

describe('pollTransfers', () => {
  it('settles and posts to settlements', async () => {
    const { payment, transfer } = await paidTransfer('Ankara <@U0MANAGER>');
    h.sandbox.settle(transfer.mimoTransactionId);

    await h.runJobs();

    expect((await reload(h, payment)).state).toBe('settled');
    const settled = await transferOf(h, payment.id);
    expect(settled!.state).toBe('settled');
    expect(settled!.mimoStatus).toBe('completed');
    expect(settled!.settledAt).not.toBeNull();
    const post = await h.slack.waitFor(
      (call) => call.method === 'chat.postMessage' && call.args.channel === TEST_CHANNELS.settlements,
    );
    const text = String(post.args.text);
    expect(text).toContain('Settled');
    expect(text).toContain('₦25,000.00');
    expect(text).toContain(transfer.mimoTransactionId);
    expect(text).toContain('Chioma Okafor');
    expect(text).toContain('Ankara &lt;@U0MANAGER&gt;');
  });

  it('reads status case-insensitively', async () => {
    const { payment, transfer } = await paidTransfer();
    h.sandbox.setStatus(transfer.mimoTransactionId, 'COMPLETED');

    await pollTransfers(h.app.services, logger);

    expect((await reload(h, payment)).state).toBe('settled');
    expect((await transferOf(h, payment.id))!.mimoStatus).toBe('COMPLETED');
  });

  it('voids on voided', async () => {
    const { payment, transfer } = await paidTransfer();
    h.sandbox.setStatus(transfer.mimoTransactionId, 'Voided');

    await pollTransfers(h.app.services, logger);

    expect((await reload(h, payment)).state).toBe('voided');
    expect((await transferOf(h, payment.id))!.state).toBe('voided');
  });

  it('keeps pending as pending', async () => {
    const { payment } = await paidTransfer();

    await pollTransfers(h.app.services, logger);

    const stored = await transferOf(h, payment.id);
    expect(stored!.state).toBe('pending');
    expect(stored!.lastPolledAt).not.toBeNull();
    expect(stored!.nextPollAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await reload(h, payment)).state).toBe('transferred');
  });

  it('surfaces an unknown status', async () => {
    const { payment, transfer } = await paidTransfer();
    h.sandbox.setStatus(transfer.mimoTransactionId, 'On Hold <review>');
    const outboxBefore = (await outboxOf(h, payment.id)).length;

    await h.runJobs();

    const stored = await transferOf(h, payment.id);
    expect(stored!.state).toBe('pending');
    expect(stored!.mimoStatus).toBe('On Hold <review>');
    expect((await reload(h, payment)).state).toBe('transferred');
    expect(h.logs.some((line) => line.includes('"level":40') && line.includes('does not know'))).toBe(true);
    const queued = (await outboxOf(h, payment.id)).slice(outboxBefore);
    expect(queued.map((row) => row.kind)).toEqual(['card', 'thread_reply']);
    expect(String(queued[1]!.payload.summary)).toContain('On Hold <review>');
    const audit = await h.app.services.db.select().from(auditLog).where(eq(auditLog.entityId, transfer.id));
    expect(audit.map((row) => row.action)).toEqual(['mimo_status_unrecognised']);
    const { cardTs } = await reload(h, payment);
    const card = h.slack.messages.find((message) => message.ts === cardTs);
    expect(JSON.stringify(card?.blocks)).toContain('On Hold &lt;review&gt;');

    await makeDue(transfer.id);
    await pollTransfers(h.app.services, logger);

    expect((await outboxOf(h, payment.id)).length).toBe(outboxBefore + 2);
  });

  it('backs off after a read failure', async () => {
    const { payment, transfer } = await paidTransfer();
    h.sandbox.injectFault({ path: '/partner/transfers/details', kind: 'http_500', count: 4 });

    await pollTransfers(h.app.services, logger);

    const stored = await transferOf(h, payment.id);
    expect(stored!.pollFailures).toBe(1);
    expect(stored!.state).toBe('pending');
    expect(stored!.nextPollAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await reload(h, payment)).state).toBe('transferred');

    h.sandbox.settle(transfer.mimoTransactionId);
    await makeDue(transfer.id);
    await pollTransfers(h.app.services, logger);

    const settled = await transferOf(h, payment.id);
    expect(settled!.state).toBe('settled');
    expect(settled!.pollFailures).toBe(0);
  });

  it('skips transfers not yet due', async () => {
    const { payment, transfer } = await paidTransfer();
    await h.app.services.db.update(transfers).set({ nextPollAt: sql`now() + interval '1 hour'` }).where(eq(transfers.id, transfer.id));
    h.sandbox.settle(transfer.mimoTransactionId);

    await pollTransfers(h.app.services, logger);

    expect((await reload(h, payment)).state).toBe('transferred');
  });
});

describe('backoffAfter', () => {
  it('doubles up to the cap', () => {
    expect(backoffAfter(1)).toBe(60_000);
    expect(backoffAfter(2)).toBe(120_000);
    expect(backoffAfter(3)).toBe(240_000);
    expect(backoffAfter(50)).toBe(60 * 60_000);
  });
});

describe('claimDueTransfers', () => {
  it('concurrent pollers claim disjoint rows', async () => {
    const paid = [];
    for (let index = 0; index < 6; index += 1) {
      paid.push(await paidTransfer());
    }
    const ids = paid.map((item) => item.transfer.id);
    const db = h.app.services.db;

    const [first, second] = await Promise.all([claimDueTransfers(db, 3, 60_000), claimDueTransfers(db, 3, 60_000)]);

    const firstIds = first.map((row) => row.id);
    const secondIds = second.map((row) => row.id);
    expect(firstIds).toHaveLength(3);
    expect(secondIds).toHaveLength(3);
    expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    expect([...firstIds, ...secondIds].sort()).toEqual([...ids].sort());
    const leased = await db.select().from(transfers).where(inArray(transfers.id, ids));
    for (const row of leased) {
      expect(row.nextPollAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    }
  });

  it('skips rows another poller holds', async (context) => {
    if (h.database.kind !== 'postgres') {
      // PGlite has one connection, so a second transaction cannot run while one holds a lock.
      context.skip();
    }
    const held = await paidTransfer();
    const free = await paidTransfer();
    const db = h.app.services.db;

    const claimed = await db.transaction(async (tx) => {
      await tx.select().from(transfers).where(eq(transfers.id, held.transfer.id)).for('update');
      return claimDueTransfers(db, 10, 60_000);
    });

    const claimedIds = claimed.map((row) => row.id);
    expect(claimedIds).toContain(free.transfer.id);
    expect(claimedIds).not.toContain(held.transfer.id);
  });
});
