import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MimoClient } from '../../src/mimo/client.js';
import {
  MimoClientError,
  MimoError,
  MimoNetworkError,
  MimoOutcomeUnknownError,
  MimoProtocolError,
  MimoServerError,
  MimoTokenRejectedError,
} from '../../src/mimo/errors.js';
import { MemoryTokenStore } from '../../src/mimo/memory-token-store.js';
import { TokenCache } from '../../src/mimo/token-cache.js';
import { dropConnection, reply, replySequence, startStubServer, type StubServer } from './support/stub-server.js';

const CLIENT_SECRET = 'stub-client-secret-5f2a';
const TOKEN = 'stub-access-token-9c1e';
const CODE = 'stub-auth-code-77b3';

let stub: StubServer;
let client: MimoClient;

beforeAll(async () => {
  stub = await startStubServer();
  client = new MimoClient({
    baseUrl: stub.url,
    clientId: 'stub-client',
    clientSecret: CLIENT_SECRET,
    readRetries: 2,
    retryBaseDelayMs: 1,
    timeoutMs: 2_000,
  });
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => {
  stub.requests.length = 0;
});

async function failure(promise: Promise<unknown>): Promise<MimoError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MimoError)) {
    throw new Error(`expected a MimoError, got ${String(error)}`);
  }
  return error;
}

describe('error bodies', () => {
  it('error on 200 is client_error', async () => {
    stub.respondWith(reply(200, '{ "error": "access_denied" }'));
    const error = await failure(client.exchangeCode(CODE));
    expect(error).toBeInstanceOf(MimoClientError);
    expect((error as MimoClientError).mimoError).toBe('access_denied');
    expect((error as MimoClientError).mimoErrorDescription).toBeNull();
    expect(error.status).toBe(200);
    expect(stub.requests).toHaveLength(1);
  });

  it('error on 200 create is not unknown', async () => {
    stub.respondWith(reply(200, '{"error":"insufficient_funds","error_description":"Balance too low"}'));
    const error = await failure(client.createTransfer(TOKEN));
    expect(error.code).toBe('client_error');
    expect(error.message).toContain('insufficient_funds: Balance too low');
  });

  it('non-string error field', async () => {
    stub.respondWith(reply(400, '{"error":{"reason":"bad"}}'));
    const error = await failure(client.userProfile(TOKEN));
    expect(error).toBeInstanceOf(MimoClientError);
    expect((error as MimoClientError).mimoError).toContain('reason');
  });

  it('401 invalid_client is client_error', async () => {
    stub.respondWith(reply(401, '{"error":"invalid_client","error_description":"Unknown client"}'));
    const error = await failure(client.exchangeCode(CODE));
    expect(error.code).toBe('client_error');
    expect(stub.requests).toHaveLength(1);
  });

  it('401 without body rejects token', async () => {
    stub.respondWith(reply(401, ''));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error).toBeInstanceOf(MimoTokenRejectedError);
    expect(stub.requests).toHaveLength(1);
  });

  it('invalid_token on 400 rejects token', async () => {
    stub.respondWith(reply(400, '{"error":"invalid_token"}'));
    const error = await failure(client.voidTransfer(TOKEN, '5'));
    expect(error.code).toBe('token_rejected');
  });

  it('500 on create is outcome_unknown', async () => {
    stub.respondWith(reply(500, '{"error":"internal","error_description":"try later"}'));
    const error = await failure(client.createTransfer(TOKEN));
    expect(error).toBeInstanceOf(MimoOutcomeUnknownError);
    expect((error as MimoOutcomeUnknownError).reason).toBe('server_error');
    expect(stub.requests).toHaveLength(1);
  });

  it('500 error body on a read is server_error', async () => {
    stub.respondWith(reply(500, '{"error":"internal","error_description":"try later"}'));
    const error = await failure(client.userProfile(TOKEN));
    expect(error).toBeInstanceOf(MimoServerError);
    expect((error as MimoServerError).mimoError).toBe('internal');
  });

  it('404 HTML is client_error', async () => {
    stub.respondWith(reply(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('client_error');
    expect((error as MimoClientError).mimoError).toBeNull();
    expect(error.bodyExcerpt).toContain('Not Found');
    expect(stub.requests).toHaveLength(1);
  });
});

describe('malformed responses', () => {
  it('unquoted token JSON is protocol', async () => {
    stub.respondWith(reply(200, '{ access_token: AAbbCCddEE }'));
    const error = await failure(client.exchangeCode(CODE));
    expect(error).toBeInstanceOf(MimoProtocolError);
    expect(error.status).toBe(200);
    expect(error.bodyExcerpt).toBe('{ access_token: [REDACTED] }');
    expect(error.message).not.toContain('AAbbCCddEE');
    expect(stub.requests).toHaveLength(3);
  });

  it('Ruby nil in details is protocol', async () => {
    stub.respondWith(reply(200, '{ "id": 5, "middle_name": nil, "amount": "1.0", "status": "pending" }'));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('protocol');
    expect(error.message).toContain('not valid JSON');
  });

  it('wrong shape is protocol', async () => {
    stub.respondWith(reply(200, '{"id":5,"amount":"1.001","status":"pending","datetime":"2024-01-01T00:00:00+01:00"}'));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('protocol');
    expect(error.message).toContain('amount');
  });

  it('other transaction id is protocol', async () => {
    stub.respondWith(reply(200, '{"id":6,"amount":"1.00","status":"pending","datetime":"2024-01-01T00:00:00+01:00"}'));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('protocol');
  });

  it('malformed create is outcome_unknown', async () => {
    stub.respondWith(reply(200, '{"message":"Money was successfully transferred.","transactionId":'));
    const error = await failure(client.createTransfer(TOKEN));
    expect(error).toBeInstanceOf(MimoOutcomeUnknownError);
    expect((error as MimoOutcomeUnknownError).reason).toBe('malformed_response');
    expect(stub.requests).toHaveLength(1);
  });

  it('refund without new id is outcome_unknown', async () => {
    stub.respondWith(reply(200, '{"message":"Money was successfully refunded."}'));
    const error = await failure(client.refundTransfer(TOKEN, '5', 100, 'refund'));
    expect(error.code).toBe('outcome_unknown');
  });

  it('redirect is not followed', async () => {
    stub.respondWith(reply(302, '', { location: '/elsewhere' }));
    const error = await failure(client.voidTransfer(TOKEN, '5'));
    expect(error.code).toBe('outcome_unknown');
    expect(stub.requests).toHaveLength(1);
  });

  it('excerpt is short and redacted', async () => {
    const echoed = `/partner/users/card_id?access_token=${TOKEN} client_secret=${CLIENT_SECRET} ${'x'.repeat(500)}`;
    stub.respondWith(reply(502, echoed));
    const error = await failure(client.userProfile(TOKEN));
    expect(error.code).toBe('server_error');
    expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(200);
    expect(error.bodyExcerpt).toContain('[REDACTED]');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(CLIENT_SECRET);
  });
});

describe('retries on stub', () => {
  it('retries 503 then succeeds', async () => {
    stub.respondWith(
      replySequence([
        [503, '<html>Service Unavailable</html>'],
        [200, '{"id":3,"username":"chioma.okafor","middle_name":null,"level":"2"}'],
      ]),
    );
    const profile = await client.userProfile(TOKEN);
    expect(profile.username).toBe('chioma.okafor');
    expect(profile.level).toBe(2);
    expect(stub.requests).toHaveLength(2);
  });

  it('gives up after readRetries', async () => {
    stub.respondWith(reply(500, 'down'));
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('server_error');
    expect(stub.requests).toHaveLength(3);
  });

  it('does not retry client_error', async () => {
    stub.respondWith(reply(400, '{"error":"invalid_grant"}'));
    await failure(client.exchangeCode(CODE));
    expect(stub.requests).toHaveLength(1);
  });

  it('dropped read is network and retried', async () => {
    stub.respondWith(dropConnection);
    const error = await failure(client.transferDetails(TOKEN, '5'));
    expect(error).toBeInstanceOf(MimoNetworkError);
    expect(stub.requests).toHaveLength(3);
  });

  it('dropped create is outcome_unknown', async () => {
    stub.respondWith(dropConnection);
    const error = await failure(client.createTransfer(TOKEN));
    expect(error.code).toBe('outcome_unknown');
    expect((error as MimoOutcomeUnknownError).reason).toBe('connection_lost');
    expect(stub.requests).toHaveLength(1);
  });
});

describe('connection refused', () => {
  let refusedClient: MimoClient;

  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    refusedClient = new MimoClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'stub-client',
      clientSecret: CLIENT_SECRET,
      readRetries: 1,
      retryBaseDelayMs: 1,
    });
  });

  it('create is network, not unknown', async () => {
    const error = await failure(refusedClient.createTransfer(TOKEN));
    expect(error).toBeInstanceOf(MimoNetworkError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('read is network', async () => {
    const error = await failure(refusedClient.transferDetails(TOKEN, '5'));
    expect(error.code).toBe('network');
  });
});

describe('expires_in', () => {
  it('sets token expiry', async () => {
    stub.respondWith(reply(200, '{"access_token":"short-lived-token-1","expires_in":120}'));
    const store = new MemoryTokenStore();
    store.saveCode('auth-1', CODE);
    const now = new Date('2025-01-01T09:00:00Z');
    const cache = new TokenCache({ client, store, clock: () => now, renewBeforeMs: 10_000 });
    const token = await cache.currentToken('auth-1');
    expect(token.expiresAt.toISOString()).toBe('2025-01-01T09:02:00.000Z');
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toContain('grant_type=authorization_code');
  });
});
