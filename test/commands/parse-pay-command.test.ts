import { describe, expect, test } from 'vitest';
import { decodeSlackEntities, parsePayCommand } from '../../src/commands/parse-pay-command.js';

const MAX = 10_000_000 * 100;

describe('parsePayCommand', () => {
  test.each([
    ['25000 Invoice 42', 2_500_000],
    ['25,000 Invoice 42', 2_500_000],
    ['25,000.50 Invoice 42', 2_500_050],
    ['₦25,000 Invoice 42', 2_500_000],
    ['NGN 25000 Invoice 42', 2_500_000],
    ['ngn25000 Invoice 42', 2_500_000],
    ['₦ 25000 Invoice 42', 2_500_000],
    ['0.01 Invoice 42', 1],
  ])('accepts amount in %j', (text, kobo) => {
    const result = parsePayCommand(text, MAX);
    expect(result).toEqual({ kind: 'complete', customerSlackUserId: null, amountKobo: kobo, notes: 'Invoice 42' });
  });

  test.each([
    ['0 Invoice', /zero/],
    ['0.00 Invoice', /zero/],
    ['-500 Invoice', /negative/],
    ['25000.505 Invoice', /more than two decimals/],
    ['1e5 Invoice', /exponent/],
    ['abc Invoice', /not an amount/],
    ['25,00 Invoice', /misplaced commas/],
    ['10000000.01 Invoice', /above the maximum of ₦10,000,000\.00/],
  ])('rejects amount in %j', (text, message) => {
    expect(parsePayCommand(text, MAX)).toEqual({ kind: 'invalid', message: expect.stringMatching(message) });
  });

  test('reads leading mention with name', () => {
    const result = parsePayCommand('<@U0CUSTOMER|chioma> 500 Bolts of ankara', MAX);
    expect(result).toEqual({ kind: 'complete', customerSlackUserId: 'U0CUSTOMER', amountKobo: 50_000, notes: 'Bolts of ankara' });
  });

  test('reads leading mention without name', () => {
    expect(parsePayCommand('<@W0CUSTOMER> 500 Bolts', MAX)).toMatchObject({ kind: 'complete', customerSlackUserId: 'W0CUSTOMER' });
  });

  test('turns later mentions into words', () => {
    const result = parsePayCommand('500 for <@U0OTHER|bola> and <!channel> in <#C0SALES|sales>', MAX);
    expect(result).toMatchObject({ kind: 'complete', customerSlackUserId: null, notes: 'for @bola and @channel in #sales' });
  });

  test('turns links in notes into text', () => {
    const result = parsePayCommand('500 see <https://shop.example/i?n=42&amp;v=2|invoice> <mailto:ada@example.com|ada@example.com>', MAX);
    expect(result).toMatchObject({ notes: 'see invoice (https://shop.example/i?n=42&v=2) ada@example.com' });
  });

  test('keeps typed markup as text', () => {
    const result = parsePayCommand('500 &lt;!channel&gt; &lt;@U0OTHER&gt;', MAX);
    expect(result).toMatchObject({ notes: '<!channel> <@U0OTHER>' });
  });

  test('decodes escaped notes', () => {
    expect(parsePayCommand('500 A &amp; B &lt;script&gt; &amp;lt;', MAX)).toMatchObject({ kind: 'complete', notes: 'A & B <script> &lt;' });
  });

  test.each([
    ['', null, null],
    ['   ', null, null],
    ['<@U0CUSTOMER|chioma>', 'U0CUSTOMER', null],
    ['25000', null, '25000'],
    ['<@U0CUSTOMER> NGN 25000   ', 'U0CUSTOMER', 'NGN 25000'],
  ])('reports %j as incomplete', (text, customer, amountText) => {
    expect(parsePayCommand(text, MAX)).toEqual({ kind: 'incomplete', customerSlackUserId: customer, amountText });
  });

  test('rejects bad amount before missing notes', () => {
    expect(parsePayCommand('-5', MAX).kind).toBe('invalid');
  });

  test('counts notes in code points', () => {
    const emoji = '🙂'.repeat(255);
    expect(parsePayCommand(`500 ${emoji}`, MAX).kind).toBe('complete');
    expect(parsePayCommand(`500 ${emoji}x`, MAX)).toEqual({ kind: 'invalid', message: expect.stringMatching(/256 characters.*at most 255/) });
  });

  test('counts decoded entities once', () => {
    const notes = '&amp;'.repeat(255);
    expect(parsePayCommand(`500 ${notes}`, MAX).kind).toBe('complete');
  });
});

test('decodeSlackEntities leaves other text', () => {
  expect(decodeSlackEntities('₦5 &quot; & ok')).toBe('₦5 &quot; & ok');
});
