import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from './schema.js';

export type Schema = typeof schema;

/** The drizzle database, whichever driver (PGlite or postgres.js) is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database or an open transaction: query modules take this as their first argument. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /**
   * Runs `work` while this process holds the PostgreSQL session advisory lock `key`,
   * taken on a connection of its own, so other instances wait for it.
   */
  withAdvisoryLock<T>(key: bigint, work: () => Promise<T>): Promise<T>;
  /** Runs `select 1`; rejects when the database does not respond. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
