import { and, asc, eq, inArray, lte, or, sql, isNull, lt } from 'drizzle-orm';
import type { Database, Executor } from './database.js';
import { slackOutbox, type OutboxKind } from './schema.js';

export type OutboxRow = typeof slackOutbox.$inferSelect;

export interface OutboxItem {
  paymentRequestId?: string | null;
  kind: OutboxKind;
  target?: string | null;
  payload?: Record<string, unknown>;
}

/** Queues Slack posts; call it in the transaction that makes the change they announce. */
export async function enqueueOutbox(executor: Executor, items: readonly OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  await executor.insert(slackOutbox).values(
    items.map((item) => ({
      paymentRequestId: item.paymentRequestId ?? null,
      kind: item.kind,
      target: item.target ?? null,
      payload: item.payload ?? {},
    })),
  );
}

/**
 * Claims up to `limit` deliverable rows for `leaseMs` and commits at once, so no
 * transaction stays open while Slack is called. A row is deliverable when it is
 * pending (or its lease ran out) and no older row of the same payment is undelivered,
 * which keeps a payment's card and thread replies in order. Rows locked by another
 * instance are skipped.
 */
export async function claimOutbox(db: Database, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const older = sql`exists (
      select 1 from ${slackOutbox} as earlier
      where earlier.payment_request_id = ${slackOutbox.paymentRequestId}
        and earlier.id < ${slackOutbox.id}
        and earlier.state in ('pending', 'sending')
    )`;
    const candidates = await tx
      .select({ id: slackOutbox.id })
      .from(slackOutbox)
      .where(
        and(
          or(
            and(eq(slackOutbox.state, 'pending'), lte(slackOutbox.availableAt, sql`now()`)),
            and(eq(slackOutbox.state, 'sending'), lt(slackOutbox.lockedUntil, sql`now()`)),
          ),
          or(isNull(slackOutbox.paymentRequestId), sql`not ${older}`),
        ),
      )
      .orderBy(asc(slackOutbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return [];
    return tx
      .update(slackOutbox)
      .set({
        state: 'sending',
        attempts: sql`${slackOutbox.attempts} + 1`,
        lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      })
      .where(inArray(slackOutbox.id, candidates.map((row) => row.id)))
      .returning();
  });
}

export async function markOutboxSent(executor: Executor, id: number): Promise<void> {
  await executor
    .update(slackOutbox)
    .set({ state: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(and(eq(slackOutbox.id, id), eq(slackOutbox.state, 'sending')));
}

/** Puts a row back to pending after a temporary failure, to be tried again after `delayMs`. */
export async function retryOutboxLater(executor: Executor, id: number, error: string, delayMs: number): Promise<void> {
  await executor
    .update(slackOutbox)
    .set({
      state: 'pending',
      lastError: error,
      lockedUntil: null,
      availableAt: sql`now() + ${`${delayMs} milliseconds`}::interval`,
    })
    .where(and(eq(slackOutbox.id, id), eq(slackOutbox.state, 'sending')));
}

/** Gives up on a row after a permanent failure, so it no longer blocks later rows. */
export async function markOutboxFailed(executor: Executor, id: number, error: string): Promise<void> {
  await executor
    .update(slackOutbox)
    .set({ state: 'failed', lastError: error, lockedUntil: null })
    .where(and(eq(slackOutbox.id, id), eq(slackOutbox.state, 'sending')));
}

/** Checks whether an earlier card row of the payment already failed with `error`. */
export async function hasEarlierCardFailure(executor: Executor, paymentRequestId: string, beforeId: number, error: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: slackOutbox.id })
    .from(slackOutbox)
    .where(
      and(
        eq(slackOutbox.paymentRequestId, paymentRequestId),
        eq(slackOutbox.kind, 'card'),
        eq(slackOutbox.state, 'failed'),
        eq(slackOutbox.lastError, error),
        lt(slackOutbox.id, beforeId),
      ),
    )
    .limit(1);
  return row !== undefined;
}
