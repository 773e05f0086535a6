import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { submitConsent } from '../../src/sandbox/consent-client.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { CALLBACK, authenticateParams, authenticateUrl, exchangeCode, getJson, post, startSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

const CHIOMA = { username: 'chioma.okafor', pin: '1234' };

describe('consent client', () => {
  it('returns callback with code on approval', async () => {
    const url = authenticateUrl(sandbox, authenticateParams({ url: `${CALLBACK}?order=7` }));

    const location = new URL(await submitConsent(url, { decision: 'approve', ...CHIOMA }));

    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('order')).toBe('7');
    expect(location.searchParams.get('code')).toMatch(/.{16,}/);
    expect(location.searchParams.get('response_type')).toBe('code');
  });

  it('keeps notes with markup intact', async () => {
    const notes = `Invoice "42" & <b>3 yards</b> o'Ankara`;
    const url = authenticateUrl(sandbox, authenticateParams({ notes, amount: '12.5' }));

    const code = new URL(await submitConsent(url, { decision: 'approve', ...CHIOMA })).searchParams.get('code');
    const token = await exchangeCode(sandbox, code!);
    expect((await post(sandbox, '/partner/transfers/create', { access_token: token })).status).toBe(200);

    const [transaction] = await getJson<{ notes: string; amountKobo: number }[]>(sandbox, '/sandbox/transactions');
    expect(transaction?.notes).toBe(notes);
    expect(transaction?.amountKobo).toBe(1_250);
  });

  it('returns access_denied on rejection', async () => {
    const url = authenticateUrl(sandbox, authenticateParams());

    const location = new URL(await submitConsent(url, { decision: 'reject', ...CHIOMA }));

    expect(location.searchParams.get('response_type')).toBe('access_denied');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('throws the page error on wrong PIN', async () => {
    const url = authenticateUrl(sandbox, authenticateParams());

    await expect(submitConsent(url, { decision: 'approve', username: 'chioma.okafor', pin: '9999' })).rejects.toThrow(
      "The consent form returned HTTP 401 instead of a redirect to the callback. The page shows: The PIN is wrong for @chioma.okafor. Enter the account's PIN and try again.",
    );
  });

  it('throws on invalid consent URL', async () => {
    const url = authenticateUrl(sandbox, authenticateParams({ amount: '-1' }));

    await expect(submitConsent(url, { decision: 'approve', ...CHIOMA })).rejects.toThrow(
      new RegExp(`^The consent page ${sandbox.url}/oauth/v2/authenticate returned HTTP 400\\. The page shows: .*amount`),
    );
  });
});
