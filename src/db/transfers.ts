import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Executor } from './database.js';
import { transfers, type TransferState } from './schema.js';

export type Transfer = typeof transfers.$inferSelect;
export type NewTransfer = typeof transfers.$inferInsert;

/**
 * Inserts the transfer of a payment request. The unique constraints on the payment
 * request and on MiMo's transaction id reject a second transfer for either.
 */
export async function insertTransfer(executor: Executor, values: NewTransfer): Promise<Transfer> {
  const [row] = await executor.insert(transfers).values(values).returning();
  return row!;
}

export async function findTransferByPayment(executor: Executor, paymentRequestId: string): Promise<Transfer | null> {
  const [row] = await executor.select().from(transfers).where(eq(transfers.paymentRequestId, paymentRequestId));
  return row ?? null;
}

export async function findTransferByTransactionId(executor: Executor, mimoTransactionId: string): Promise<Transfer | null> {
  const [row] = await executor.select().from(transfers).where(eq(transfers.mimoTransactionId, mimoTransactionId));
  return row ?? null;
}

/**
 * Claims up to `limit` pending transfers whose next poll is due and commits at once,
 * so no transaction stays open while MiMo is called. The claim moves `next_poll_at`
 * `leaseMs` ahead: that lease keeps other pollers away until this one records its
 * result, and lets them take the transfer over if this one stops. Rows that another
 * poller has locked are skipped.
 */
export async function claimDueTransfers(db: Database, limit: number, leaseMs: number): Promise<Transfer[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(eq(transfers.state, 'pending'), lte(transfers.nextPollAt, sql`now()`)))
      .orderBy(asc(transfers.nextPollAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(transfers)
      .set({ nextPollAt: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(inArray(transfers.id, due.map((row) => row.id)))
      .returning();
  });
}

/**
 * Records a successful read of MiMo's status while the transfer stays pending, and
 * schedules the next poll `delayMs` from now. With `previousMimoStatus`, it writes only
 * if the stored status is still that one. Returns whether a row was written.
 */
export async function recordPollResult(
  executor: Executor,
  id: string,
  mimoStatus: string,
  delayMs: number,
  options: { previousMimoStatus?: string } = {},
): Promise<boolean> {
  const conditions = [eq(transfers.id, id)];
  if (options.previousMimoStatus !== undefined) {
    conditions.push(eq(transfers.mimoStatus, options.previousMimoStatus));
  }
  const updated = await executor
    .update(transfers)
    .set({
      mimoStatus,
      pollFailures: 0,
      lastPolledAt: sql`now()`,
      nextPollAt: sql`now() + ${`${delayMs} milliseconds`}::interval`,
      updatedAt: sql`now()`,
    })
    .where(and(...conditions))
    .returning({ id: transfers.id });
  return updated.length > 0;
}

/** Counts a failed read of MiMo's status and schedules the next poll `delayMs` from now. */
export async function recordPollFailure(executor: Executor, id: string, delayMs: number): Promise<void> {
  await executor
    .update(transfers)
    .set({
      pollFailures: sql`${transfers.pollFailures} + 1`,
      lastPolledAt: sql`now()`,
      nextPollAt: sql`now() + ${`${delayMs} milliseconds`}::interval`,
      updatedAt: sql`now()`,
    })
    .where(eq(transfers.id, id));
}

/**
 * Moves a transfer from one of `from` to `to` in one conditional UPDATE, storing MiMo's
 * status text. Sets `settled_at` when `to` is `settled`. Returns the updated row, or null
 * when the transfer was in no state of `from`.
 */
export async function updateTransferState(
  executor: Executor,
  id: string,
  from: readonly TransferState[],
  to: TransferState,
  mimoStatus: string,
): Promise<Transfer | null> {
  const [row] = await executor
    .update(transfers)
    .set({
      state: to,
      mimoStatus,
      pollFailures: 0,
      lastPolledAt: sql`now()`,
      updatedAt: sql`now()`,
      ...(to === 'settled' ? { settledAt: sql`now()` } : {}),
    })
    .where(and(eq(transfers.id, id), inArray(transfers.state, [...from])))
    .returning();
  return row ?? null;
}
