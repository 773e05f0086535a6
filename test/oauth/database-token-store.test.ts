import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto.js';
import { saveAuthorizationCode, findAuthorizationById } from '../../src/db/authorizations.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { insertPaymentRequest } from '../../src/db/payment-requests.js';
import { createLogger } from '../../src/logger.js';
import { DatabaseTokenStore } from '../../src/oauth/database-token-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { newReference } from '../web/fixtures.js';

const secrets = new SecretBox(Buffer.alloc(32, 9));
let testDatabase: TestDatabase;
let handle: DatabaseHandle;
let store: DatabaseTokenStore;

beforeAll(async () => {
  const logger = createLogger({ level: 'silent' });
  testDatabase = await createTestDatabase();
  handle = await openDatabase({ url: testDatabase.url, dataDir: testDatabase.dataDir, logger });
  await migrateDatabase(handle, logger);
  store = new DatabaseTokenStore(handle.db, secrets);
});

afterAll(async () => {
  await handle?.close();
  await testDatabase?.drop();
});

async function newAuthorization(code: string) {
  const payment = await insertPaymentRequest(handle.db, {
    reference: newReference(),
    amountKobo: 100,
    notes: 'n',
    requestedBy: 'U0SALESREP',
    channelId: 'C0SALES',
    expiresAt: new Date(Date.now() + 60_000),
  });
  return saveAuthorizationCode(handle.db, payment.id, secrets.encrypt(code));
}

describe('DatabaseTokenStore', () => {
  it('loads the code it stored', async () => {
    const authorization = await newAuthorization('code-1234');

    expect(await store.loadCode(authorization.id)).toBe('code-1234');
    expect(authorization.codeCiphertext).not.toContain('code-1234');
  });

  it('has no token before one is saved', async () => {
    const authorization = await newAuthorization('code-a');

    expect(await store.loadToken(authorization.id)).toBeNull();
  });

  it('round-trips an encrypted token', async () => {
    const authorization = await newAuthorization('code-b');
    const expiresAt = new Date('2026-12-04T20:00:00.000Z');

    await store.saveToken(authorization.id, 'token-5678', expiresAt);

    expect(await store.loadToken(authorization.id)).toEqual({ accessToken: 'token-5678', expiresAt });
    const row = await findAuthorizationById(handle.db, authorization.id);
    expect(row!.accessTokenCiphertext).not.toContain('token-5678');
    expect(row!.accessTokenCiphertext).toMatch(/^v1\./);
  });

  it('new code clears the old token', async () => {
    const authorization = await newAuthorization('code-c');
    await store.saveToken(authorization.id, 'token-old', new Date(Date.now() + 60_000));

    const replaced = await saveAuthorizationCode(handle.db, authorization.paymentRequestId, secrets.encrypt('code-d'));

    expect(replaced.id).toBe(authorization.id);
    expect(await store.loadToken(authorization.id)).toBeNull();
    expect(await store.loadCode(authorization.id)).toBe('code-d');
  });

  it('unknown authorization throws without secrets', async () => {
    const id = randomUUID();

    await expect(store.loadCode(id)).rejects.toThrow(id);
    await expect(store.saveToken(id, 'token-x', new Date())).rejects.not.toThrow('token-x');
    expect(await store.loadToken(id)).toBeNull();
  });

  it('wrong key cannot read the code', async () => {
    const authorization = await newAuthorization('code-e');
    const other = new DatabaseTokenStore(handle.db, new SecretBox(Buffer.alloc(32, 1)));

    await expect(other.loadCode(authorization.id)).rejects.toThrow();
  });
});
