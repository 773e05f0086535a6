import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { CALLBACK, authenticateParams, authenticateUrl, startSandbox, submitConsent } from './helpers.js';

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

function consentFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...authenticateParams(),
    destination_user: '',
    username: 'chioma.okafor',
    pin: '1234',
    decision: 'approve',
    ...overrides,
  };
}

describe('consent page GET', () => {
  it('renders payment and form', async () => {
    const response = await fetch(authenticateUrl(sandbox, authenticateParams({ amount: '1234.5', notes: 'Invoice 77' })));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('Adaeze Fabrics Ltd');
    expect(html).toContain('₦1,234.50');
    expect(html).toContain('Invoice 77');
    expect(html).toContain('Person Account Info');
    expect(html).toContain('KYC verification level');
    expect(html).toContain('Charge Account');
    expect(html).toContain('<form method="post" action="/oauth/v2/authenticate">');
    expect(html).toContain('id="account-chioma.okafor"');
    expect(html).toContain('id="account-emeka.obi"');
    expect(html).toContain('id="account-bola.adeyemi"');
    expect(html).toContain('<input type="password" id="pin" name="pin"');
    expect(html).toContain('<button type="submit" name="decision" value="approve"');
    expect(html).toContain('<button type="submit" name="decision" value="reject"');
    expect(html).toContain('<input type="hidden" name="amount" value="1234.5">');
    expect(html).not.toContain('<script');
  });

  it('escapes notes', async () => {
    const notes = '<script>alert("x")</script> & \'quoted\'';
    const response = await fetch(authenticateUrl(sandbox, authenticateParams({ notes })));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(html).toContain(
      '<input type="hidden" name="notes" value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">',
    );
  });

  it('escapes error messages', async () => {
    const response = await fetch(authenticateUrl(sandbox, authenticateParams({ clientId: '<img src=x>' })));
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('accepts 255-character notes', async () => {
    const response = await fetch(authenticateUrl(sandbox, authenticateParams({ notes: 'n'.repeat(255) })));
    expect(response.status).toBe(200);
  });

  it('shows destination user', async () => {
    const response = await fetch(authenticateUrl(sandbox, authenticateParams({ destinationUser: 'bola.adeyemi' })));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('The money goes to Bola Adeyemi (@bola.adeyemi).');
    expect(html).toContain('<input type="hidden" name="destination_user" value="bola.adeyemi">');
  });

  const invalidRequests: [string, Record<string, string | undefined>, string][] = [
    ['unknown client_id', { client_id: 'nobody' }, 'client_id &quot;nobody&quot; is not a registered client.'],
    ['missing client_id', { client_id: undefined }, 'client_id is missing.'],
    ['missing url', { url: undefined }, 'url is missing.'],
    ['relative url', { url: '/callback' }, 'is not an absolute http or https URL.'],
    ['ftp url', { url: 'ftp://shop.example/cb' }, 'is not an absolute http or https URL.'],
    ['javascript url', { url: 'javascript:alert(1)' }, 'is not an absolute http or https URL.'],
    ['missing amount', { amount: undefined }, 'amount is missing.'],
    ['zero amount', { amount: '0' }, 'amount must be above 0.'],
    ['zero amount with decimals', { amount: '0.00' }, 'amount must be above 0.'],
    ['negative amount', { amount: '-5' }, 'is not a valid amount'],
    ['three decimals', { amount: '1.234' }, 'is not a valid amount'],
    ['exponent', { amount: '1e3' }, 'is not a valid amount'],
    ['non-number', { amount: 'ten' }, 'is not a valid amount'],
    ['grouped amount', { amount: '1,000' }, 'is not a valid amount'],
    ['256-character notes', { notes: 'n'.repeat(256) }, 'notes has 256 characters. The maximum is 255.'],
    ['control character in notes', { notes: 'Invoice Nr.\u0010234327' }, 'notes contains a control character.'],
    ['unknown destination_user', { destination_user: 'ghost' }, 'destination_user &quot;ghost&quot; is not a MiMo username'],
    ['token response_type', { response_type: 'token' }, 'response_type &quot;token&quot; is not supported.'],
  ];

  for (const [name, overrides, message] of invalidRequests) {
    it(`rejects ${name}`, async () => {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...authenticateParams(), ...overrides })) {
        if (value !== undefined) {
          params[key] = value;
        }
      }
      const response = await fetch(authenticateUrl(sandbox, params), { redirect: 'manual' });
      const html = await response.text();

      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(html).toContain(message);
      expect(html).not.toContain('<form');
    });
  }

  it('rejects repeated parameter', async () => {
    const url = `${authenticateUrl(sandbox, authenticateParams())}&amount=1.00`;
    const response = await fetch(url);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('amount must be given once.');
  });
});

describe('consent page POST', () => {
  it('approve redirects with code', async () => {
    const response = await submitConsent(sandbox, consentFields());
    const location = new URL(response.headers.get('location') ?? 'missing:');

    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('approve keeps callback query', async () => {
    const response = await submitConsent(
      sandbox,
      consentFields({ url: 'https://shop.example/cb?order=7&lang=en#done' }),
    );
    const location = new URL(response.headers.get('location') ?? 'missing:');

    expect(response.status).toBe(302);
    expect(location.pathname).toBe('/cb');
    expect(location.searchParams.get('order')).toBe('7');
    expect(location.searchParams.get('lang')).toBe('en');
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.hash).toBe('#done');
  });

  it('approve issues distinct codes', async () => {
    const first = await submitConsent(sandbox, consentFields());
    const second = await submitConsent(sandbox, consentFields());
    const firstCode = new URL(first.headers.get('location') ?? 'missing:').searchParams.get('code');
    const secondCode = new URL(second.headers.get('location') ?? 'missing:').searchParams.get('code');

    expect(firstCode).not.toBeNull();
    expect(firstCode).not.toBe(secondCode);
  });

  it('reject redirects access_denied', async () => {
    const response = await submitConsent(sandbox, consentFields({ decision: 'reject', pin: '' }));
    const location = new URL(response.headers.get('location') ?? 'missing:');

    expect(response.status).toBe(302);
    expect(location.searchParams.get('response_type')).toBe('access_denied');
    expect(location.searchParams.has('code')).toBe(false);
    expect(sandbox.events().map((event) => event.kind)).toEqual(['authenticate.rejected']);
  });

  it('wrong PIN returns 401 page', async () => {
    const response = await submitConsent(sandbox, consentFields({ username: 'bola.adeyemi', pin: '1234' }));
    const html = await response.text();

    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    expect(html).toContain('id="error"');
    expect(html).toContain('The PIN is wrong for @bola.adeyemi.');
    expect(html).toMatch(/id="account-bola\.adeyemi" value="bola\.adeyemi" required checked>/);
    expect(html).toContain('<form method="post"');
    expect(sandbox.events().map((event) => event.kind)).toEqual(['authenticate.wrong_pin']);
  });

  it('missing account returns 400 page', async () => {
    const fields = consentFields();
    delete fields.username;
    const response = await submitConsent(sandbox, fields);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Choose the account to pay from.');
  });

  it('unknown decision returns 400 page', async () => {
    const response = await submitConsent(sandbox, consentFields({ decision: 'maybe' }));

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Choose Approve or Reject.');
  });

  it('tampered amount returns 400 page', async () => {
    const response = await submitConsent(sandbox, consentFields({ amount: '-1' }));

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('is not a valid amount');
  });

  it('tampered url returns 400 page', async () => {
    const response = await submitConsent(sandbox, consentFields({ url: 'shop.example/cb' }));

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('payer as destination returns 400 page', async () => {
    const response = await submitConsent(sandbox, consentFields({ destination_user: 'chioma.okafor' }));

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('@chioma.okafor is the recipient of this payment.');
  });
});

describe('callback echo', () => {
  it('lists received parameters', async () => {
    const response = await fetch(`${sandbox.url}/sandbox/callback-echo?code=abc%3Cb%3E&response_type=code`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<tr><th scope="row">code</th><td>abc&lt;b&gt;</td></tr>');
    expect(html).toContain('<tr><th scope="row">response_type</th><td>code</td></tr>');
  });
});
