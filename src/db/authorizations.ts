import { eq, sql } from 'drizzle-orm';
import type { Executor } from './database.js';
import { mimoAuthorizations } from './schema.js';

export type Authorization = typeof mimoAuthorizations.$inferSelect;

/**
 * Stores the authentication code of a payment request's authorization, creating the
 * row or replacing the code of an earlier attempt. Replacing the code clears the cached
 * token, because that token belongs to the old code. Returns the row.
 */
export async function saveAuthorizationCode(
  executor: Executor,
  paymentRequestId: string,
  codeCiphertext: string,
): Promise<Authorization> {
  const [row] = await executor
    .insert(mimoAuthorizations)
    .values({ paymentRequestId, codeCiphertext })
    .onConflictDoUpdate({
      target: mimoAuthorizations.paymentRequestId,
      set: { codeCiphertext, accessTokenCiphertext: null, tokenExpiresAt: null, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function findAuthorizationById(executor: Executor, id: string): Promise<Authorization | null> {
  const [row] = await executor.select().from(mimoAuthorizations).where(eq(mimoAuthorizations.id, id));
  return row ?? null;
}

export async function findAuthorizationByPayment(executor: Executor, paymentRequestId: string): Promise<Authorization | null> {
  const [row] = await executor
    .select()
    .from(mimoAuthorizations)
    .where(eq(mimoAuthorizations.paymentRequestId, paymentRequestId));
  return row ?? null;
}

/** Replaces the cached access token. Returns false when the authorization does not exist. */
export async function saveAuthorizationToken(
  executor: Executor,
  id: string,
  accessTokenCiphertext: string,
  tokenExpiresAt: Date,
): Promise<boolean> {
  const rows = await executor
    .update(mimoAuthorizations)
    .set({ accessTokenCiphertext, tokenExpiresAt, updatedAt: sql`now()` })
    .where(eq(mimoAuthorizations.id, id))
    .returning({ id: mimoAuthorizations.id });
  return rows.length > 0;
}

export interface PayerProfile {
  username: string;
  /** Full name as MiMo shows it, or null when MiMo sent no name. */
  name: string | null;
  accountNumber: string | null;
}

export async function savePayerProfile(executor: Executor, id: string, payer: PayerProfile): Promise<void> {
  await executor
    .update(mimoAuthorizations)
    .set({
      payerUsername: payer.username,
      payerName: payer.name,
      payerAccountNumber: payer.accountNumber,
      updatedAt: sql`now()`,
    })
    .where(eq(mimoAuthorizations.id, id));
}
