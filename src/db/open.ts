import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Logger } from '../logger.js';
import { redactUrl } from '../redact.js';
import * as schema from './schema.js';
import type { Database, DatabaseHandle } from './database.js';
import { lockDataDir } from './data-dir-lock.js';

export const MEMORY_DATA_DIR = 'memory://';

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite database in `dataDir`. */
  url?: string | undefined;
  /** Folder of the embedded database, or `memory://` for one that lives only in this process. */
  dataDir: string;
  logger: Logger;
  /** Connections in the postgres.js pool. */
  maxConnections?: number;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Describes a connection URL without its password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? 'REDACTED' : '';
    return redactUrl(parsed.toString());
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Opens the database: PostgreSQL through postgres.js when `url` is set, the embedded
 * PGlite otherwise. Checks that the database responds before returning.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    return openPostgres(options.url, options);
  }
  return openPglite(options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    connect_timeout: 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    kind: 'postgres',
    withAdvisoryLock: async (key, work) => {
      const connection = await client.reserve();
      try {
        await connection`select pg_advisory_lock(${key.toString()}::bigint)`;
        try {
          return await work();
        } finally {
          await connection`select pg_advisory_unlock(${key.toString()}::bigint)`;
        }
      } finally {
        connection.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
  try {
    await handle.ping();
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    const reason = rootCauseMessage(error);
    throw new DatabaseUnavailableError(
      `DATABASE_URL: could not connect to ${describeDatabaseUrl(url)}: ${redactUrl(reason)}. Check that the server is running and the URL is right.`,
    );
  }
  options.logger.info({ database: describeDatabaseUrl(url) }, 'connected to PostgreSQL');
  return handle;
}

/** Returns the message of the innermost `cause`, where the driver states what went wrong. */
function rootCauseMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) {
    current = current.cause;
  }
  if (current instanceof Error) {
    const code = (current as NodeJS.ErrnoException).code;
    return code && !current.message.includes(code) ? `${current.message} (${code})` : current.message;
  }
  return String(current);
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const inMemory = options.dataDir === MEMORY_DATA_DIR;
  const release = inMemory ? () => {} : lockDataDir(options.dataDir);
  let client: PGlite;
  try {
    client = inMemory ? new PGlite() : new PGlite(options.dataDir);
    await client.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  options.logger.info({ dataDir: options.dataDir }, 'opened embedded PGlite database');
  return {
    db,
    kind: 'pglite',
    // One process owns a PGlite directory (see lockDataDir), so no other process can hold the lock.
    withAdvisoryLock: async (_key, work) => work(),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}
