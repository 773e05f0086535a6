import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface TestDatabase {
  /** postgres:// URL of a fresh database, or undefined for in-memory PGlite. */
  url: string | undefined;
  dataDir: string;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * Makes an empty database for one test: a new PostgreSQL database on the server in
 * TEST_DATABASE_URL when it is set, in-memory PGlite otherwise.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return { url: undefined, dataDir: 'memory://', kind: 'pglite', drop: async () => {} };
  }
  const name = `mimo_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir: 'memory://',
    kind: 'postgres',
    drop: async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
