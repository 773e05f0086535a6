import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Logger } from '../logger.js';
import type { DatabaseHandle } from './database.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Advisory lock key for schema migrations: the bytes of "mimomigr" as a signed 64-bit integer. */
export const MIGRATION_LOCK_KEY = 0x6d696d6f6d696772n;

/**
 * Applies pending migrations. Instances that start together queue on an advisory lock;
 * the first applies each migration and the others find nothing left to do.
 */
export async function migrateDatabase(handle: DatabaseHandle, logger: Logger): Promise<void> {
  const started = Date.now();
  await handle.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    const config = { migrationsFolder: MIGRATIONS_FOLDER };
    if (handle.kind === 'pglite') {
      await migratePglite(handle.db as unknown as PgliteDatabase<Record<string, unknown>>, config);
    } else {
      await migratePostgres(handle.db as unknown as PostgresJsDatabase<Record<string, unknown>>, config);
    }
  });
  logger.info({ durationMs: Date.now() - started }, 'database schema is up to date');
}
