import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { CLIENT, approvePayment, exchangeCode, post, requestToken, startSandbox } from './helpers.js';

const OTHER_CLIENT = { clientId: 'other-client-id', clientSecret: 'other-client-secret', merchantName: 'Obi Electronics' };

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clients: [CLIENT, OTHER_CLIENT] });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

function tokenParams(code: string, overrides: Record<string, string | undefined> = {}) {
  return {
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    grant_type: 'authorization_code',
    code,
    ...overrides,
  };
}

async function expectError(response: Response, status: number, error: string): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status).toBe(status);
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  return body;
}

describe('token exchange', () => {
  it('returns access token', async () => {
    const code = await approvePayment(sandbox);
    const response = await requestToken(sandbox, tokenParams(code));
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body)).toEqual(['access_token']);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges code twice', async () => {
    const code = await approvePayment(sandbox);
    const first = await exchangeCode(sandbox, code);
    const second = await exchangeCode(sandbox, code);

    expect(first).not.toBe(second);
    expect((await post(sandbox, '/partner/users/card_id', { access_token: first })).status).toBe(200);
    expect((await post(sandbox, '/partner/users/card_id', { access_token: second })).status).toBe(200);
  });

  it('rejects wrong secret', async () => {
    const code = await approvePayment(sandbox);
    await expectError(await requestToken(sandbox, tokenParams(code, { client_secret: 'wrong' })), 401, 'invalid_client');
  });

  it('rejects unknown client', async () => {
    const code = await approvePayment(sandbox);
    await expectError(await requestToken(sandbox, tokenParams(code, { client_id: 'nobody' })), 401, 'invalid_client');
  });

  it('rejects missing secret', async () => {
    const code = await approvePayment(sandbox);
    await expectError(await requestToken(sandbox, tokenParams(code, { client_secret: undefined })), 401, 'invalid_client');
  });

  it('rejects unknown code', async () => {
    await expectError(await requestToken(sandbox, tokenParams('not-a-code')), 400, 'invalid_grant');
  });

  it('rejects missing code', async () => {
    await expectError(await requestToken(sandbox, tokenParams('', { code: undefined })), 400, 'invalid_grant');
  });

  it("rejects another client's code", async () => {
    const code = await approvePayment(sandbox, { clientId: OTHER_CLIENT.clientId });
    await expectError(await requestToken(sandbox, tokenParams(code)), 400, 'invalid_grant');
    expect(await exchangeCode(sandbox, code, OTHER_CLIENT)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects password grant', async () => {
    const code = await approvePayment(sandbox);
    const body = await expectError(
      await requestToken(sandbox, tokenParams(code, { grant_type: 'password' })),
      400,
      'unsupported_grant_type',
    );
    expect(body.error_description).toBe('grant_type "password" is not supported. Use grant_type=authorization_code.');
  });

  it('rejects GET', async () => {
    const code = await approvePayment(sandbox);
    const url = new URL('/oauth/v2/token', sandbox.url);
    url.search = new URLSearchParams(tokenParams(code)).toString();
    const response = await fetch(url);

    expect(response.status).toBe(404);
  });

  it('records issued and rejected', async () => {
    const code = await approvePayment(sandbox);
    await exchangeCode(sandbox, code);
    await requestToken(sandbox, tokenParams(code, { client_secret: 'wrong' }));

    const kinds = sandbox.events().map((event) => event.kind);
    expect(kinds).toEqual(['authenticate.approved', 'token.issued', 'token.rejected']);
    expect(JSON.stringify(sandbox.events())).not.toContain(code);
  });
});

describe('access token', () => {
  it('expires after 30 minutes', async () => {
    const code = await approvePayment(sandbox);
    const token = await exchangeCode(sandbox, code);

    sandbox.advanceClock(30 * 60 * 1000 - 1000);
    expect((await post(sandbox, '/partner/users/card_id', { access_token: token })).status).toBe(200);

    sandbox.advanceClock(1000);
    const body = await expectError(await post(sandbox, '/partner/users/card_id', { access_token: token }), 401, 'invalid_token');
    expect(body.error_description).toMatch(/^The access token expired at /);

    const renewed = await exchangeCode(sandbox, code);
    expect((await post(sandbox, '/partner/users/card_id', { access_token: renewed })).status).toBe(200);
  });

  it('expires via clock control', async () => {
    const token = await exchangeCode(sandbox, await approvePayment(sandbox));
    const advance = await post(sandbox, '/sandbox/clock/advance', { seconds: 1800 });

    expect(advance.status).toBe(200);
    await expectError(await post(sandbox, '/partner/users/card_id', { access_token: token }), 401, 'invalid_token');
  });

  it('rejects missing token', async () => {
    const body = await expectError(await post(sandbox, '/partner/transfers/create'), 401, 'invalid_token');
    expect(body.error_description).toBe('access_token is missing.');
  });

  it('rejects unknown token', async () => {
    for (const path of [
      '/partner/transfers/create',
      '/partner/transfers/void',
      '/partner/transfers/refund',
      '/partner/transfers/details',
      '/partner/users/card_id',
    ]) {
      const response = await post(sandbox, path, { access_token: 'made-up', transaction_id: 11234, amount: '1.00' });
      await expectError(response, 401, 'invalid_token');
    }
  });

  it('reset invalidates token', async () => {
    const token = await exchangeCode(sandbox, await approvePayment(sandbox));
    sandbox.reset();
    await expectError(await post(sandbox, '/partner/users/card_id', { access_token: token }), 401, 'invalid_token');
  });
});
