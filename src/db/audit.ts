import { asc, and, eq } from 'drizzle-orm';
import type { Executor } from './database.js';
import { auditLog } from './schema.js';

export type AuditEntry = typeof auditLog.$inferInsert;
export type AuditRecord = typeof auditLog.$inferSelect;

/** Appends one entry to the audit log; call it in the transaction that makes the change. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditLog).values(entry);
}

export async function listAudit(executor: Executor, entityType: AuditRecord['entityType'], entityId: string): Promise<AuditRecord[]> {
  return executor
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
}
