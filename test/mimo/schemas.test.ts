import { describe, expect, it } from 'vitest';
import {
  tokenResponseSchema,
  transferCreatedSchema,
  transferDetailsSchema,
  transferRefundedSchema,
  userProfileSchema,
} from '../../src/mimo/schemas.js';
import { normalizeTransferStatus } from '../../src/mimo/transfer-status.js';

/** Returns the documented details example as valid JSON, with fields replaced by `overrides`. */
function detailsBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 11234,
    datetime: '2013-03-28T11:32:30+01:00',
    type: 'Money In',
    destination: {
      account_type: 'personal',
      company_name: 'foo',
      first_name: 'foo',
      id: 1,
      middle_name: null,
      surname: 'bar',
      username: 'confirmed_foo1',
      photo_url: 'http://localhost:3000/images/thumb_default.png',
      email: 'confirmed_user1@example.com',
      account_number: '2010119700',
    },
    amount: '1000000.0',
    notes: 'Deposit into receiver account',
    status: 'completed',
    ...overrides,
  };
}

describe('transferDetailsSchema', () => {
  it('parses documented example', () => {
    const details = transferDetailsSchema.parse(detailsBody());
    expect(details.transactionId).toBe('11234');
    expect(details.amountKobo).toBe(100_000_000);
    expect(details.status).toEqual({ kind: 'completed', raw: 'completed' });
    expect(details.destination?.middleName).toBeNull();
    expect(details.destination?.username).toBe('confirmed_foo1');
    expect(details.datetime).toBe('2013-03-28T11:32:30+01:00');
  });

  it('accepts string id', () => {
    expect(transferDetailsSchema.parse(detailsBody({ id: '11234' })).transactionId).toBe('11234');
  });

  it.each([
    ['"25000.5"', '25000.5', 2_500_050],
    ['"980.990"', '980.990', 98_099],
    ['number 1000', 1000, 100_000],
    ['"0.01"', '0.01', 1],
  ])('reads amount %s', (_name, amount, kobo) => {
    expect(transferDetailsSchema.parse(detailsBody({ amount })).amountKobo).toBe(kobo);
  });

  it.each([
    ['three significant decimals', { amount: '1.001' }],
    ['negative amount', { amount: '-5.00' }],
    ['exponent amount', { amount: '1e3' }],
    ['missing amount', { amount: undefined }],
    ['zero id', { id: 0 }],
    ['fractional id', { id: 1.5 }],
    ['unsafe id', { id: 2 ** 60 }],
    ['id with letters', { id: '11a' }],
    ['missing status', { status: undefined }],
    ['status not a string', { status: 3 }],
    ['bad datetime', { datetime: 'yesterday' }],
    ['destination not an object', { destination: 'merchant' }],
  ])('rejects %s', (_name, overrides) => {
    expect(transferDetailsSchema.safeParse(detailsBody(overrides)).success).toBe(false);
  });
});

describe('normalizeTransferStatus', () => {
  it.each([
    ['pending', 'pending'],
    ['COMPLETED', 'completed'],
    [' Voided ', 'voided'],
    ['Refunded', 'refunded'],
    ['failed', 'failed'],
    ['DECLINED', 'declined'],
  ])('maps %j', (raw, kind) => {
    expect(normalizeTransferStatus(raw)).toEqual({ kind, raw });
  });

  it('keeps unknown raw text', () => {
    expect(normalizeTransferStatus('On Hold (AML)')).toEqual({ kind: 'unknown', raw: 'On Hold (AML)' });
    expect(normalizeTransferStatus('')).toEqual({ kind: 'unknown', raw: '' });
  });
});

describe('tokenResponseSchema', () => {
  it('reads access_token', () => {
    expect(tokenResponseSchema.parse({ access_token: 'AAbbCCddEE' })).toEqual({
      accessToken: 'AAbbCCddEE',
      expiresInSeconds: null,
    });
  });

  it('reads expires_in', () => {
    expect(tokenResponseSchema.parse({ access_token: 'a', expires_in: 600 }).expiresInSeconds).toBe(600);
    expect(tokenResponseSchema.parse({ access_token: 'a', expires_in: '600' }).expiresInSeconds).toBe(600);
  });

  it.each([
    ['empty token', { access_token: '' }],
    ['numeric token', { access_token: 12345 }],
    ['missing token', { token: 'x' }],
    ['zero expires_in', { access_token: 'a', expires_in: 0 }],
  ])('rejects %s', (_name, body) => {
    expect(tokenResponseSchema.safeParse(body).success).toBe(false);
  });
});

describe('transfer response schemas', () => {
  it('reads created id', () => {
    const body = { message: 'Money was successfully transferred.', transactionId: 11234 };
    expect(transferCreatedSchema.parse(body)).toEqual({ transactionId: '11234', message: body.message });
  });

  it('reads refund id', () => {
    const body = { message: 'Money was successfully refunded.', refundtransactionId: '11235' };
    expect(transferRefundedSchema.parse(body).refundtransactionId).toBe('11235');
  });

  it('rejects missing created id', () => {
    expect(transferCreatedSchema.safeParse({ message: 'ok' }).success).toBe(false);
  });
});

describe('userProfileSchema', () => {
  it('parses documented example', () => {
    const profile = userProfileSchema.parse({
      account_number: '0000010123-0',
      account_type: 'personal',
      company_name: '',
      first_name: 'fname',
      id: 1,
      middle_name: 'mname',
      surname: 'lname',
      username: 'username',
      photo_url: '/thumb_fadf.jpeg',
      email: 'username@mail.com',
      level: 2,
    });
    expect(profile).toMatchObject({ id: '1', accountNumber: '0000010123-0', middleName: 'mname', level: 2 });
  });

  it('accepts null middle_name', () => {
    const profile = userProfileSchema.parse({ id: 7, username: 'u', middle_name: null });
    expect(profile.middleName).toBeNull();
    expect(profile.level).toBeNull();
  });
});
