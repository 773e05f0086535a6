import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { approveOnMimo, callbackBase, getPage, insertPayment, newReference, payLink, payThroughMimo, reload } from './fixtures.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Asserts that a page shows nothing of the program's insides. */
function expectNoLeak(body: string, ...secrets: string[]) {
  expect(body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(body.toLowerCase()).not.toContain('select ');
  expect(body).not.toContain('Error:');
  for (const secret of secrets) {
    expect(body).not.toContain(secret);
  }
}

describe('routes not found', () => {
  it('unknown reference is 404', async () => {
    const reference = newReference();

    const pay = await getPage(`${h.app.url}/pay/${reference}`);
    const callback = await getPage(`${h.app.url}/mimo/callback/${reference}?code=abc&response_type=code`);

    expect(pay.status).toBe(404);
    expect(pay.body).toContain('Page not found');
    expect(pay.body).not.toContain(reference);
    expect(callback.status).toBe(404);
    expect(callback.body).not.toContain('abc');
  });

  it('malformed reference is 404', async () => {
    for (const reference of ['short', "x'%20or%201=1--aaaaaaaaaaaaaaaaaaaaa", '%00'.repeat(30), 'a'.repeat(200)]) {
      const page = await getPage(`${h.app.url}/pay/${reference}`);
      expect(page.status, reference).toBe(404);
      expectNoLeak(page.body, reference);
    }
  });

  it('other paths are 404 pages', async () => {
    const page = await getPage(`${h.app.url}/admin`);
    const nested = await getPage(`${h.app.url}/pay/${newReference()}/extra`);

    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(nested.status).toBe(404);
  });

  it('healthz still answers', async () => {
    const response = await fetch(`${h.app.url}/healthz`);

    expect(response.status).toBe(200);
  });
});

describe('routes bad callback', () => {
  it('malformed parameters are 400', async () => {
    const payment = await insertPayment(h);
    const base = callbackBase(h, payment);
    const cases = [
      '',
      '?code=abc',
      '?response_type=token&code=abc',
      '?response_type=code',
      '?response_type=code&code=',
      '?response_type=code&code=a%20b',
      '?response_type=code&code=%3Cscript%3Esecret-code%3C%2Fscript%3E%C3%A9',
      '?response_type=code&code=one&code=two',
      `?response_type=code&code=${'x'.repeat(600)}`,
    ];

    for (const query of cases) {
      const page = await getPage(`${base}${query}`);
      expect(page.status, query).toBe(400);
      expect(page.body).toContain('This link is not valid');
      expectNoLeak(page.body, 'secret-code', payment.reference, 'abc');
    }
    expect((await reload(h, payment)).state).toBe('awaiting');
  });

  it('HEAD on the callback does nothing', async () => {
    const payment = await insertPayment(h);
    const response = await fetch(`${callbackBase(h, payment)}?code=abc&response_type=code`, { method: 'HEAD' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await reload(h, payment)).state).toBe('awaiting');
    expect(h.sandbox.events().filter((event) => event.kind.startsWith('token.'))).toEqual([]);
  });

  it('malformed URL encoding is 400', async () => {
    const page = await getPage(`${h.app.url}/pay/%E0%A4%A`);

    expect([400, 404]).toContain(page.status);
    expectNoLeak(page.body);
  });
});

describe('routes errors', () => {
  it('unexpected error shows a reference id', async () => {
    // Notes longer than MiMo accepts make building the consent URL throw.
    const payment = await insertPayment(h, { notes: 'n'.repeat(300) });

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(500);
    expect(page.body).toContain('Something went wrong');
    const referenceId = /<code id="reference-id">([^<]+)<\/code>/.exec(page.body)?.[1];
    expect(referenceId).toBeTruthy();
    expect(page.headers.get('x-request-id')).toBe(referenceId);
    expectNoLeak(page.body);
    expect(page.body).not.toContain('notes');
    const logged = h.logs.filter((line) => line.includes('"request failed"') && line.includes(referenceId!));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"level":50');
  });
});

describe('routes escaping', () => {
  const notes = '<script>alert("x")</script> & <b>bold</b>';

  it('escapes notes on the receipt', async () => {
    const { page } = await payThroughMimo(h, { notes });

    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<b>bold');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('escapes the reason on the failed page', async () => {
    const payment = await insertPayment(h, { state: 'failed', failureReason: notes });

    const page = await getPage(payLink(h, payment));

    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;');
  });

  it('escapes the consent link in the redirect body', async () => {
    const payment = await insertPayment(h, { notes });

    const page = await getPage(payLink(h, payment));

    expect(page.status).toBe(303);
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toMatch(/href="[^"]*"[^>]*"/);
  });

  it('reference with quotes never reaches the page', async () => {
    const payment = await insertPayment(h);
    await approveOnMimo(h, payment);

    const page = await getPage(`${h.app.url}/pay/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`);

    expect(page.status).toBe(404);
    expect(page.body).not.toContain('<script>alert');
  });
});
