import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS } from '../support/test-env.js';
import { approveOnMimo, getCallbackPage, getPage, insertPayment, outboxOf, reload } from '../web/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('callback when recording fails', () => {
  it('tells approvals the transaction id', async () => {
    const db = h.app.services.db;
    // Make the transfer row impossible to write, as a full disk or a lost connection would.
    await db.execute(sql.raw(`create function reject_transfer() returns trigger language plpgsql as $$
      begin raise exception 'transfers are read-only in this test'; end; $$`));
    await db.execute(sql.raw('create trigger reject_transfer before insert on transfers for each row execute function reject_transfer()'));
    try {
      const payment = await insertPayment(h);
      const page = await getCallbackPage(await approveOnMimo(h, payment));

      expect(page.status).toBe(500);
      expect(page.body).not.toContain('read-only');
      const created = h.sandbox.events().filter((event) => event.kind === 'transfer.created');
      expect(created).toHaveLength(1);
      expect((await reload(h, payment)).state).toBe('transferring');
      const notices = (await outboxOf(h, payment.id)).filter((row) => row.kind === 'message' && row.target === TEST_CHANNELS.approvals);
      expect(notices).toHaveLength(1);
      expect(String(notices[0]!.payload.text)).toContain(`transaction ${created[0]!.transactionId}`);
      expect(h.logs.some((line) => line.includes('MiMo created the transfer but it could not be recorded'))).toBe(true);
    } finally {
      await db.execute(sql.raw('drop trigger reject_transfer on transfers'));
      await db.execute(sql.raw('drop function reject_transfer()'));
    }
  });
});
