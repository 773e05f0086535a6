import { describe, expect, test } from 'vitest';
import { buildThreadReply, describeActor, readThreadReplyPayload } from '../../src/slack/blocks/thread-reply.js';
import { blockText } from './helpers.js';

describe('describeActor', () => {
  test.each([
    ['slack:U0SALESREP', '<@U0SALESREP>'],
    ['customer', 'the customer'],
    ['mimo', 'MiMo'],
    ['system', 'mimo-slack'],
    ['job:expire-links', 'the scheduled job expire-links'],
    ['job:<!channel>', 'the scheduled job &lt;!channel&gt;'],
    ['slack:<!here>', 'slack:&lt;!here&gt;'],
  ])('%s', (actor, expected) => {
    expect(describeActor(actor)).toBe(expected);
  });
});

describe('buildThreadReply', () => {
  test('shows state, actor and Lagos time', () => {
    const reply = buildThreadReply({ state: 'cancelled', summary: 'Request cancelled.', actor: 'slack:U0MANAGER', at: '2026-12-04T19:15:00.000Z' });
    const text = blockText(reply);
    expect(text).toContain('*Cancelled*: Request cancelled.');
    expect(text).toContain('By <@U0MANAGER>');
    expect(text).toContain('4 Dec 2026, 20:15 WAT');
    expect(reply.text).toBe('Cancelled: Request cancelled. (by <@U0MANAGER>, 4 Dec 2026, 20:15 WAT)');
  });

  test('shows processing for exchanging', () => {
    expect(buildThreadReply({ state: 'exchanging', summary: 'Approved', actor: 'customer', at: '2026-12-04T19:15:00Z' }).text).toMatch(/^Processing: Approved/);
  });

  test('escapes summary', () => {
    const reply = buildThreadReply({ state: 'failed', summary: 'MiMo said <!channel>', actor: 'mimo', at: '2026-12-04T19:15:00Z' });
    expect(blockText(reply)).toContain('MiMo said &lt;!channel&gt;');
    expect(reply.text).not.toContain('<!channel>');
  });

  test('shows unknown state by name', () => {
    expect(buildThreadReply({ state: 'on_hold', summary: 'x', actor: 'system', at: '2026-12-04T19:15:00Z' }).text).toMatch(/^on_hold: x/);
  });
});

describe('readThreadReplyPayload', () => {
  test('reads transition payload', () => {
    const payload = { state: 'settled', summary: 'Settled', actor: 'mimo', at: '2026-12-04T19:15:00.000Z' };
    expect(readThreadReplyPayload(payload)).toEqual(payload);
  });

  test.each([
    [{}],
    [{ state: 'settled', summary: 'Settled', actor: 'mimo' }],
    [{ state: 'settled', summary: 5, actor: 'mimo', at: '2026-12-04T19:15:00Z' }],
    [{ state: 'settled', summary: 'Settled', actor: 'mimo', at: 'yesterday' }],
  ])('rejects %j', (payload) => {
    expect(readThreadReplyPayload(payload)).toBeNull();
  });
});
