import { expect, test } from 'vitest';
import { newPaymentReference, payLinkUrl } from '../../src/payments/reference.js';

test('reference is 192-bit base64url', () => {
  const reference = newPaymentReference();
  expect(reference).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(Buffer.from(reference, 'base64url')).toHaveLength(24);
});

test('references do not repeat', () => {
  const references = new Set(Array.from({ length: 1000 }, () => newPaymentReference()));
  expect(references.size).toBe(1000);
});

test('pay link joins public URL', () => {
  expect(payLinkUrl('https://pay.example.com', 'abc_-1')).toBe('https://pay.example.com/pay/abc_-1');
  expect(payLinkUrl('https://pay.example.com/', 'abc')).toBe('https://pay.example.com/pay/abc');
});
