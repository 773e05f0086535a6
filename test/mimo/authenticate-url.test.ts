import { describe, expect, it } from 'vitest';
import { MimoClient } from '../../src/mimo/client.js';
import { MimoValidationError } from '../../src/mimo/errors.js';

const client = new MimoClient({
  baseUrl: 'https://mimo.test/',
  clientId: 'k7nz3wp3tr0heW4k',
  clientSecret: 'client-secret-for-url-tests',
});

describe('buildAuthenticateUrl', () => {
  it('sets documented parameters', () => {
    const url = new URL(
      client.buildAuthenticateUrl({
        callbackUrl: 'https://www.yourwebsite.com',
        amountKobo: 98_099,
        notes: 'Invoice Nr. 234327',
      }),
    );
    expect(url.origin).toBe('https://mimo.test');
    expect(url.pathname).toBe('/oauth/v2/authenticate');
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'url', 'amount', 'notes', 'response_type']);
    expect(url.searchParams.get('client_id')).toBe('k7nz3wp3tr0heW4k');
    expect(url.searchParams.get('url')).toBe('https://www.yourwebsite.com');
    expect(url.searchParams.get('amount')).toBe('980.99');
    expect(url.searchParams.get('notes')).toBe('Invoice Nr. 234327');
    expect(url.searchParams.get('response_type')).toBe('code');
  });

  it('never sends the client secret', () => {
    const text = client.buildAuthenticateUrl({ callbackUrl: 'https://shop.test/cb', amountKobo: 1, notes: 'x' });
    expect(text).not.toContain('client-secret-for-url-tests');
    expect(text).not.toContain('client_secret');
  });

  it('formats amounts with two decimals', () => {
    const amounts: Array<[number, string]> = [
      [1, '0.01'],
      [100, '1.00'],
      [2_500_050, '25000.50'],
      [1_000_000_000, '10000000.00'],
    ];
    for (const [kobo, expected] of amounts) {
      const url = new URL(client.buildAuthenticateUrl({ callbackUrl: 'https://shop.test/cb', amountKobo: kobo, notes: 'x' }));
      expect(url.searchParams.get('amount')).toBe(expected);
    }
  });

  it('percent-encodes reserved characters', () => {
    const notes = 'Invoice #12 & co = 50% + tax/VAT?';
    const callbackUrl = 'https://shop.test/mimo/callback?order=12&lang=yo';
    const text = client.buildAuthenticateUrl({ callbackUrl, amountKobo: 100, notes });
    const query = text.slice(text.indexOf('?') + 1);
    expect(query.split('&')).toHaveLength(5);
    expect(query).not.toMatch(/%(?![0-9A-F]{2})/);
    const url = new URL(text);
    expect(url.searchParams.get('notes')).toBe(notes);
    expect(url.searchParams.get('url')).toBe(callbackUrl);
  });

  it('round-trips emoji and Yoruba', () => {
    const notes = `Ọ̀jọ́ 🙂 ${'🙂'.repeat(200)}`;
    const url = new URL(client.buildAuthenticateUrl({ callbackUrl: 'https://shop.test/cb', amountKobo: 100, notes }));
    expect(url.searchParams.get('notes')).toBe(notes);
  });

  it('adds destination_user', () => {
    const url = new URL(
      client.buildAuthenticateUrl({
        callbackUrl: 'https://shop.test/cb',
        amountKobo: 100,
        notes: 'x',
        destinationUser: 'bola.adeyemi',
      }),
    );
    expect(url.searchParams.get('destination_user')).toBe('bola.adeyemi');
    expect([...url.searchParams.keys()].at(-1)).toBe('response_type');
  });

  it('keeps base URL path prefix', () => {
    const prefixed = new MimoClient({ baseUrl: 'http://127.0.0.1:9/mimo/', clientId: 'id', clientSecret: 'secret' });
    const url = new URL(prefixed.buildAuthenticateUrl({ callbackUrl: 'https://shop.test/cb', amountKobo: 1, notes: '' }));
    expect(url.pathname).toBe('/mimo/oauth/v2/authenticate');
  });

  it.each([
    ['relative callback', { callbackUrl: '/callback' }],
    ['ftp callback', { callbackUrl: 'ftp://shop.test/cb' }],
    ['empty destination user', { destinationUser: '' }],
    ['destination user with space', { destinationUser: 'bola adeyemi' }],
    ['zero amount', { amountKobo: 0 }],
    ['fractional kobo', { amountKobo: 0.5 }],
    ['notes of 256', { notes: 'n'.repeat(256) }],
    ['notes of 256 emoji', { notes: '🙂'.repeat(256) }],
  ])('rejects %s', (_name, override) => {
    const params = { callbackUrl: 'https://shop.test/cb', amountKobo: 100, notes: 'x', ...override };
    expect(() => client.buildAuthenticateUrl(params)).toThrow(MimoValidationError);
  });
});
