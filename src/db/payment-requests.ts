import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Executor, Transaction } from './database.js';
import { paymentRequests, type PaymentState } from './schema.js';

export type PaymentRequest = typeof paymentRequests.$inferSelect;
export type NewPaymentRequest = typeof paymentRequests.$inferInsert;

export async function insertPaymentRequest(executor: Executor, values: NewPaymentRequest): Promise<PaymentRequest> {
  const [row] = await executor.insert(paymentRequests).values(values).returning();
  return row!;
}

export async function findPaymentById(executor: Executor, id: string): Promise<PaymentRequest | null> {
  const [row] = await executor.select().from(paymentRequests).where(eq(paymentRequests.id, id));
  return row ?? null;
}

export async function findPaymentByReference(executor: Executor, reference: string): Promise<PaymentRequest | null> {
  const [row] = await executor.select().from(paymentRequests).where(eq(paymentRequests.reference, reference));
  return row ?? null;
}

/** Locks a payment request's row for the rest of the transaction and returns its state. */
export async function lockPaymentState(executor: Executor, id: string): Promise<PaymentState | null> {
  const [row] = await executor
    .select({ state: paymentRequests.state })
    .from(paymentRequests)
    .where(eq(paymentRequests.id, id))
    .for('update');
  return row?.state ?? null;
}

/**
 * Moves a payment request from one of `from` to `to` in one conditional UPDATE.
 * Returns the updated row, or null when the request was not in any of `from`
 * (someone else moved it first), so repeated or concurrent steps do nothing.
 */
export async function updatePaymentState(
  executor: Executor,
  id: string,
  from: readonly PaymentState[],
  to: PaymentState,
  patch: Partial<Pick<NewPaymentRequest, 'failureReason' | 'cardTs'>> = {},
  options: { onlyIfUnexpired?: boolean } = {},
): Promise<PaymentRequest | null> {
  const conditions = [eq(paymentRequests.id, id), inArray(paymentRequests.state, [...from])];
  if (options.onlyIfUnexpired) {
    conditions.push(sql`${paymentRequests.expiresAt} > now()`);
  }
  const [row] = await executor
    .update(paymentRequests)
    .set({ ...patch, state: to, updatedAt: sql`now()` })
    .where(and(...conditions))
    .returning();
  return row ?? null;
}

/** Records the card's message timestamp the first time it is posted. */
export async function setCardTs(executor: Executor, id: string, cardTs: string): Promise<void> {
  await executor
    .update(paymentRequests)
    .set({ cardTs })
    .where(and(eq(paymentRequests.id, id), sql`${paymentRequests.cardTs} is null`));
}

/**
 * Locks up to `limit` requests in `state` that a job should move (those whose link has
 * expired, `{ expired: true }`, or those unchanged for `unchangedForMs`) and runs `work`
 * on their ids in the same transaction. Rows another instance has locked are skipped,
 * so instances share the work. `work` must only use `tx` and must not call MiMo or Slack.
 */
export async function withDuePayments<T>(
  db: Database,
  state: PaymentState,
  due: { expired: true } | { unchangedForMs: number },
  limit: number,
  work: (tx: Transaction, ids: string[]) => Promise<T>,
): Promise<T> {
  const dueCondition =
    'expired' in due
      ? lte(paymentRequests.expiresAt, sql`now()`)
      : lte(paymentRequests.updatedAt, sql`now() - ${`${due.unchangedForMs} milliseconds`}::interval`);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: paymentRequests.id })
      .from(paymentRequests)
      .where(and(eq(paymentRequests.state, state), dueCondition))
      .orderBy(asc(paymentRequests.updatedAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return work(tx, rows.map((row) => row.id));
  });
}
