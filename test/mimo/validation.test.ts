import { describe, expect, it } from 'vitest';
import { MimoClient } from '../../src/mimo/client.js';
import { MimoValidationError } from '../../src/mimo/errors.js';
import {
  DEFAULT_MAX_AMOUNT_KOBO,
  validateAmountKobo,
  validateNotes,
  validateTransactionId,
} from '../../src/mimo/validation.js';

const MAX = DEFAULT_MAX_AMOUNT_KOBO;

/** Creates a client whose fetch counts calls, so that a test can prove no request was sent. */
function countingClient(): { client: MimoClient; requests: () => number } {
  let count = 0;
  const fetch: typeof globalThis.fetch = async () => {
    count += 1;
    return new Response('{}', { status: 200 });
  };
  const client = new MimoClient({
    baseUrl: 'http://127.0.0.1:9',
    clientId: 'test-client',
    clientSecret: 'test-client-secret',
    fetch,
  });
  return { client, requests: () => count };
}

const badAmounts: Array<[string, unknown]> = [
  ['zero', 0],
  ['negative', -100],
  ['three decimals', 98099.1],
  ['fraction of a kobo', 10.5],
  ['NaN', Number.NaN],
  ['infinity', Number.POSITIVE_INFINITY],
  ['above maximum', MAX + 1],
  ['above safe integer', Number.MAX_SAFE_INTEGER + 2],
  ['string "1e3"', '1e3'],
  ['string "980.99"', '980.99'],
  ['null', null],
];

describe('validateAmountKobo', () => {
  it.each(badAmounts)('rejects %s', (_name, amount) => {
    expect(() => validateAmountKobo(amount, MAX)).toThrow(MimoValidationError);
  });

  it('accepts 1 kobo and the maximum', () => {
    expect(validateAmountKobo(1, MAX)).toBe(1);
    expect(validateAmountKobo(MAX, MAX)).toBe(MAX);
  });

  it('names field and value', () => {
    const error = captureError(() => validateAmountKobo(10.5, MAX));
    expect(error.field).toBe('amountKobo');
    expect(error.code).toBe('validation');
    expect(error.message).toContain('10.5');
  });
});

describe('validateNotes', () => {
  it('accepts 255 ASCII characters', () => {
    expect(validateNotes('a'.repeat(255))).toHaveLength(255);
  });

  it('rejects 256 ASCII characters', () => {
    const error = captureError(() => validateNotes('a'.repeat(256)));
    expect(error.field).toBe('notes');
    expect(error.message).toContain('256');
  });

  it('counts emoji as one', () => {
    const notes = '🙂'.repeat(255);
    expect(notes.length).toBe(510);
    expect(validateNotes(notes)).toBe(notes);
    expect(() => validateNotes('🙂'.repeat(256))).toThrow(MimoValidationError);
  });

  it('counts combining marks', () => {
    // "Ọ̀jọ́" (Yoruba) written precomposed: Ọ, grave accent, j, ọ, acute accent.
    const composed = '\u1ECC\u0300j\u1ECD\u0301';
    // The same word fully decomposed (NFD) has two more code points.
    const decomposed = composed.normalize('NFD');
    expect([...composed]).toHaveLength(5);
    expect([...decomposed]).toHaveLength(7);

    const fits = composed.repeat(51);
    expect(validateNotes(fits)).toBe(fits);
    expect(() => validateNotes(`${fits}x`)).toThrow(MimoValidationError);
    expect(() => validateNotes(decomposed.repeat(37))).toThrow(MimoValidationError);
    expect(validateNotes(decomposed.repeat(36))).toHaveLength(252);
  });

  it('accepts 255 non-Latin characters', () => {
    const notes = 'Ẹ'.repeat(200) + 'ن'.repeat(55);
    expect(validateNotes(notes)).toBe(notes);
  });

  it('rejects lone surrogate', () => {
    expect(() => validateNotes('invoice \uD83D')).toThrow(MimoValidationError);
  });

  it('rejects non-string', () => {
    expect(() => validateNotes(42)).toThrow(MimoValidationError);
  });
});

describe('validateTransactionId', () => {
  it.each([['0'], ['-1'], ['12a'], [''], ['1.5'], [' 12'], ['012']])('rejects %j', (id) => {
    expect(() => validateTransactionId(id)).toThrow(MimoValidationError);
  });

  it('rejects a number', () => {
    expect(() => validateTransactionId(11234)).toThrow(MimoValidationError);
  });

  it('accepts digits', () => {
    expect(validateTransactionId('11234')).toBe('11234');
  });
});

describe('client input checks', () => {
  const token = 'token-for-input-checks';
  const cases: Array<[string, (client: MimoClient) => Promise<unknown>]> = [
    ['refund amount 0', (client) => client.refundTransfer(token, '1', 0, 'x')],
    ['refund amount negative', (client) => client.refundTransfer(token, '1', -5, 'x')],
    ['refund three decimals', (client) => client.refundTransfer(token, '1', 98099.1, 'x')],
    ['refund NaN', (client) => client.refundTransfer(token, '1', Number.NaN, 'x')],
    ['refund above maximum', (client) => client.refundTransfer(token, '1', MAX + 1, 'x')],
    ['refund notes 256', (client) => client.refundTransfer(token, '1', 100, 'n'.repeat(256))],
    ['refund notes 256 emoji', (client) => client.refundTransfer(token, '1', 100, '🙂'.repeat(256))],
    ['refund bad id', (client) => client.refundTransfer(token, 'abc', 100, 'x')],
    ['void bad id', (client) => client.voidTransfer(token, '0')],
    ['details bad id', (client) => client.transferDetails(token, '1e3')],
    ['empty token', (client) => client.createTransfer('')],
    ['empty code', (client) => client.exchangeCode(' ')],
  ];

  it.each(cases)('rejects %s before sending', async (_name, call) => {
    const { client, requests } = countingClient();
    await expect(call(client)).rejects.toBeInstanceOf(MimoValidationError);
    expect(requests()).toBe(0);
  });

  it('honours maxAmountKobo option', async () => {
    const client = new MimoClient({
      baseUrl: 'http://127.0.0.1:9',
      clientId: 'id',
      clientSecret: 'secret',
      maxAmountKobo: 500_00,
    });
    expect(() =>
      client.buildAuthenticateUrl({ callbackUrl: 'https://shop.example/cb', amountKobo: 500_01, notes: 'x' }),
    ).toThrow(MimoValidationError);
  });

  it('rejects bad options', () => {
    const base = { baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'secret' };
    expect(() => new MimoClient({ ...base, baseUrl: 'not a url' })).toThrow(MimoValidationError);
    expect(() => new MimoClient({ ...base, clientSecret: '' })).toThrow(MimoValidationError);
    expect(() => new MimoClient({ ...base, timeoutMs: 0 })).toThrow(MimoValidationError);
    expect(() => new MimoClient({ ...base, readRetries: -1 })).toThrow(MimoValidationError);
  });
});

function captureError(run: () => unknown): MimoValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof MimoValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a MimoValidationError, but nothing was thrown');
}
