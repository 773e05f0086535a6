import { describe, expect, it } from 'vitest';
import { classifyCreateFailure, parseCallbackParameters } from '../../src/oauth/callback.js';
import {
  MimoClientError,
  MimoNetworkError,
  MimoOutcomeUnknownError,
  MimoProtocolError,
  MimoServerError,
  MimoTimeoutError,
  MimoTokenRejectedError,
  MimoValidationError,
} from '../../src/mimo/index.js';

describe('parseCallbackParameters', () => {
  it('reads an approval', () => {
    expect(parseCallbackParameters({ response_type: 'code', code: 'KXq44pIkKuE' })).toEqual({ kind: 'approved', code: 'KXq44pIkKuE' });
  });

  it('reads a denial', () => {
    expect(parseCallbackParameters({ response_type: 'access_denied' })).toEqual({ kind: 'denied' });
  });

  it('rejects malformed queries', () => {
    const cases: Record<string, unknown>[] = [
      {},
      { code: 'abc' },
      { response_type: 'token', code: 'abc' },
      { response_type: ['code', 'code'], code: 'abc' },
      { response_type: 'code', code: ['a', 'b'] },
      { response_type: 'code', code: '' },
      { response_type: 'code', code: 'a b' },
      { response_type: 'code', code: 'é' },
      { response_type: 'code', code: 'x'.repeat(513) },
    ];
    for (const query of cases) {
      expect(parseCallbackParameters(query), JSON.stringify(query)).toBeNull();
    }
  });
});

describe('classifyCreateFailure', () => {
  const create = { operation: 'createTransfer' as const, status: null };

  it('maps each error to what it means for the money', () => {
    const table = [
      [new MimoNetworkError('refused', create), 'not_sent'],
      [new MimoValidationError('accessToken', 'empty'), 'not_sent'],
      [new MimoTimeoutError('renewal timed out', 1000, { operation: 'exchangeCode' }), 'not_sent'],
      [new MimoServerError('renewal failed', null, null, { operation: 'exchangeCode', status: 500 }), 'not_sent'],
      [new MimoClientError('poor', 'insufficient_funds', null, { ...create, status: 402 }), 'rejected'],
      [new MimoClientError('made before', 'duplicate_transfer', null, { ...create, status: 409 }), 'unknown'],
      [new MimoTokenRejectedError('bad token', 'invalid_token', null, { ...create, status: 401 }), 'rejected'],
      [new MimoOutcomeUnknownError('timeout', 'timeout', create), 'unknown'],
      [new MimoOutcomeUnknownError('dropped', 'connection_lost', create), 'unknown'],
      [new MimoServerError('500', null, null, { ...create, status: 500 }), 'unknown'],
      [new MimoProtocolError('odd', create), 'unknown'],
    ] as const;
    for (const [error, expected] of table) {
      expect(classifyCreateFailure(error), error.message).toBe(expected);
    }
  });
});
