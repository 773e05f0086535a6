import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';
import { allPayments, auditOf, blockText, cardOf, createByCommand, deliverAll, outboxRows, waitForReply } from '../slack/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function ackBody(response: Response): Promise<{ response_type?: string; text?: string }> {
  expect(response.status).toBe(200);
  const text = await response.text();
  return text === '' ? {} : (JSON.parse(text) as { response_type?: string; text?: string });
}

describe('/mimo-pay command', () => {
  test('creates request, card and DM', async () => {
    const payment = await createByCommand(h, '<@U0CUSTOMER|chioma> 25,000.50 Invoice 42');
    expect(payment).toMatchObject({
      state: 'awaiting',
      amountKobo: 2_500_050,
      notes: 'Invoice 42',
      customerSlackUserId: TEST_USERS.customer,
      requestedBy: TEST_USERS.rep,
      channelId: TEST_CHANNELS.sales,
      teamId: 'T0STANDIN',
    });
    expect(payment.reference).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const expiryDays = (payment.expiresAt.getTime() - payment.createdAt.getTime()) / 86_400_000;
    expect(expiryDays).toBeCloseTo(h.config.linkExpiryDays, 2);

    const audit = await auditOf(h, payment.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'created', toState: 'awaiting', actor: `slack:${TEST_USERS.rep}` });

    const payLink = `${h.config.publicUrl}/pay/${payment.reference}`;
    const reply = await waitForReply(h, new RegExp(payment.reference));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(reply.args.text).toContain(`<${payLink}|${payLink}>`);

    await deliverAll(h);
    const [stored] = await allPayments(h).then((rows) => rows.filter((row) => row.id === payment.id));
    const card = cardOf(h, stored!);
    expect(card).toBeDefined();
    expect(card!.channel).toBe(TEST_CHANNELS.sales);
    expect(blockText(card)).toContain('₦25,000.50');
    const dms = h.slack.messages.filter((message) => message.channel === 'D0CUSTOMER');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toContain(payLink);
    expect(blockText(dms[0])).toContain('Adaeze Fabrics Ltd');
    expect((await outboxRows(h)).filter((row) => row.paymentRequestId === payment.id).map((row) => [row.kind, row.state])).toEqual([
      ['card', 'sent'],
      ['direct_message', 'sent'],
    ]);
  });

  test('without mention sends no DM', async () => {
    const payment = await createByCommand(h, 'NGN 500 Delivery fee');
    expect(payment.customerSlackUserId).toBeNull();
    const rows = (await outboxRows(h)).filter((row) => row.paymentRequestId === payment.id);
    expect(rows.map((row) => row.kind)).toEqual(['card']);
  });

  const badInputs: Array<[string, string, RegExp]> = [
    ['zero', '0 Invoice 42', /zero/],
    ['negative', '-25000 Invoice 42', /negative/],
    ['three decimals', '25000.505 Invoice 42', /more than two decimals/],
    ['exponent', '2.5e4 Invoice 42', /exponent/],
    ['text', 'twenty Invoice 42', /not an amount/],
    ['above maximum', '10000000.01 Invoice 42', /above the maximum/],
    ['256-character notes', `25000 ${'x'.repeat(256)}`, /256 characters/],
  ];
  test.each(badInputs)('rejects %s without storing', async (_label, text, message) => {
    await deliverAll(h);
    const callsBefore = h.slack.calls.length;
    const paymentsBefore = (await allPayments(h)).length;
    const body = await ackBody(await h.command('/mimo-pay', text));
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(message);
    expect(body.text).toContain('Usage: `/mimo-pay [@customer] &lt;amount&gt; &lt;notes&gt;`');
    expect(await allPayments(h)).toHaveLength(paymentsBefore);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.slack.calls.slice(callsBefore)).toEqual([]);
  });

  test('rejection escapes typed text', async () => {
    const body = await ackBody(await h.command('/mimo-pay', '<!channel> 500 x'));
    expect(body.text).toContain('&lt;!channel&gt;');
    expect(body.text).not.toContain('<!channel>');
  });

  test('escapes notes on card and DM', async () => {
    const payment = await createByCommand(h, '<@U0CUSTOMER|chioma> 500 Pay now <!channel> <@U0MANAGER|ngozi> &lt;!here&gt; &lt;@U0MANAGER&gt; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(payment.notes).toBe('Pay now @channel @ngozi <!here> <@U0MANAGER> <script>alert(1)</script>');
    await deliverAll(h);
    const [stored] = (await allPayments(h)).filter((row) => row.id === payment.id);
    const card = cardOf(h, stored!);
    const cardText = `${card!.text}\n${blockText(card)}`;
    expect(cardText).toContain('Pay now @channel @ngozi &lt;!here&gt; &lt;@U0MANAGER&gt; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(cardText).not.toMatch(/<!channel>|<!here>|<@U0MANAGER|<script>/);
    const dm = h.slack.messages.filter((message) => message.channel === 'D0CUSTOMER').at(-1);
    expect(blockText(dm)).not.toMatch(/<!channel>|<!here>|<@U0MANAGER|<script>/);
  });

  test.each([
    ['', null, null],
    ['<@U0CUSTOMER|chioma>', TEST_USERS.customer, null],
    ['25,000', null, '25,000'],
  ])('opens form for %j', async (text, customer, amount) => {
    await deliverAll(h);
    const paymentsBefore = (await allPayments(h)).length;
    const response = await h.command('/mimo-pay', text, { triggerId: `trigger.form.${text}` });
    expect(await ackBody(response)).toEqual({});
    const call = await h.slack.waitFor((item) => item.method === 'views.open' && item.args.trigger_id === `trigger.form.${text}`);
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; element: Record<string, unknown> }> };
    expect(view.callback_id).toBe('payment_request_modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: TEST_CHANNELS.sales });
    const element = (blockId: string) => view.blocks.find((block) => block.block_id === blockId)!.element;
    expect(element('customer_user').initial_user).toBe(customer ?? undefined);
    expect(element('amount').initial_value).toBe(amount ?? undefined);
    expect(element('expiry_days').initial_value).toBe(String(h.config.linkExpiryDays));
    expect(await allPayments(h)).toHaveLength(paymentsBefore);
  });

  test('reports form that did not open', async () => {
    const since = h.slack.calls.length;
    h.slack.failNext('views.open', 'expired_trigger_id');
    await h.command('/mimo-pay', '');
    const reply = await waitForReply(h, /did not open the form/, since);
    expect(reply.args.text).toContain('expired_trigger_id');
    expect(reply.args.response_type).toBe('ephemeral');
  });

  test('acks fast when Slack post fails', async () => {
    await deliverAll(h);
    h.slack.failNext('chat.postMessage', { httpStatus: 500 });
    const since = h.slack.calls.length;
    const started = Date.now();
    const response = await h.command('/mimo-pay', '500 Quick');
    expect(await ackBody(response)).toEqual({});
    expect(Date.now() - started).toBeLessThan(1_000);
    await waitForReply(h, /Payment request for/, since);
  });
});

describe('/mimo-pay with slow Slack', () => {
  let slow: Server;
  let slowHarness: Harness;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    // Responds to every Web API call except auth.test (needed at start) after 5 s, so a Slack call made before the ack would delay it.
    slow = createServer((request, response) => {
      if (request.url === '/api/auth.test') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ ok: true, user_id: 'U0MIMOBOT', bot_id: 'B0MIMOBOT', team_id: 'T0STANDIN' }));
        return;
      }
      const timer = setTimeout(() => response.end('{"ok":false,"error":"fatal_error"}'), 5_000);
      held.push(() => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.address() as AddressInfo).port;
    slowHarness = await startHarness({ SLACK_API_URL: `http://127.0.0.1:${port}/api` });
  });
  afterAll(async () => {
    held.forEach((release) => release());
    slow?.closeAllConnections();
    await new Promise((resolve) => slow?.close(resolve));
    await slowHarness?.close();
  });

  test('acks create fast', async () => {
    const started = Date.now();
    const response = await slowHarness.command('/mimo-pay', '<@U0CUSTOMER> 500 Slow day');
    expect(await ackBody(response)).toEqual({});
    expect(Date.now() - started).toBeLessThan(1_000);
    await waitForReply(slowHarness, /Payment request for/);
    expect(await allPayments(slowHarness)).toHaveLength(1);
  });

  test('acks form fast', async () => {
    const started = Date.now();
    const response = await slowHarness.command('/mimo-pay', '');
    expect(await ackBody(response)).toEqual({});
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
