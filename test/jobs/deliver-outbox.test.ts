import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { enqueueOutbox } from '../../src/db/outbox.js';
import { findPaymentById } from '../../src/db/payment-requests.js';
import { slackOutbox } from '../../src/db/schema.js';
import { backoffMs, deliverOutbox, OUTBOX_MAX_ATTEMPTS } from '../../src/jobs/deliver-outbox.js';
import { createPaymentRequest } from '../../src/payments/create-payment-request.js';
import { transitionPayment } from '../../src/payments/transition.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';
import { blockText, cardOf, deliverAll, outboxRows, repliesOf, skipBackoff } from '../slack/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await deliverAll(h);
  h.slack.calls.length = 0;
});

let count = 0;

/** Stores a request without kicking the outbox, so each test decides when delivery runs. */
async function queueRequest(options: { channelId?: string; customer?: string | null } = {}) {
  count += 1;
  const { payment } = await createPaymentRequest(
    { ...h.app.services, kickOutbox: () => {} },
    {
      amountKobo: 100_000 + count,
      notes: `Outbox test ${count}`,
      customerSlackUserId: options.customer === undefined ? TEST_USERS.customer : options.customer,
      customerLabel: null,
      destinationUser: null,
      expiryDays: 7,
      requestedBy: TEST_USERS.rep,
      channelId: options.channelId ?? TEST_CHANNELS.sales,
      teamId: 'T0STANDIN',
    },
  );
  return payment;
}

async function rowsOf(paymentId: string) {
  return (await outboxRows(h)).filter((row) => row.paymentRequestId === paymentId);
}

function run() {
  return deliverOutbox(h.app.services, h.app.services.logger);
}

async function cancel(paymentId: string) {
  await transitionPayment(h.app.services.db, {
    paymentId,
    from: ['awaiting'],
    to: 'cancelled',
    actor: `slack:${TEST_USERS.rep}`,
    action: 'cancelled',
    summary: 'Request cancelled.',
  });
}

describe('deliverOutbox', () => {
  test('posts rows in order', async () => {
    const payment = await queueRequest();
    await cancel(payment.id);
    await run();

    const posts = h.slack.calls.filter((call) => call.method.startsWith('chat.'));
    expect(posts.map((call) => [call.method, call.args.channel, call.args.thread_ts === undefined ? 'top' : 'thread'])).toEqual([
      ['chat.postMessage', TEST_CHANNELS.sales, 'top'],
      ['chat.postMessage', TEST_USERS.customer, 'top'],
      ['chat.update', TEST_CHANNELS.sales, 'top'],
      ['chat.postMessage', TEST_CHANNELS.sales, 'thread'],
    ]);
    const stored = (await findPaymentById(h.app.services.db, payment.id))!;
    expect(posts[2]!.args.ts).toBe(stored.cardTs);
    expect(posts[3]!.args.thread_ts).toBe(stored.cardTs);
    expect((await rowsOf(payment.id)).map((row) => row.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  test('retries after rate limit', async () => {
    const payment = await queueRequest();
    h.slack.failNext('chat.postMessage', 'ratelimited');
    await run();

    let rows = await rowsOf(payment.id);
    expect(rows.map((row) => row.state)).toEqual(['pending', 'pending']);
    expect(rows[0]).toMatchObject({ attempts: 1, lastError: 'ratelimited' });
    expect(rows[0]!.availableAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 2_000);
    expect(h.slack.messages.some((message) => message.channel === 'D0CUSTOMER' && message.text.includes(`${payment.reference}`))).toBe(false);

    await run();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);

    await skipBackoff(h);
    await run();
    rows = await rowsOf(payment.id);
    expect(rows.map((row) => row.state)).toEqual(['sent', 'sent']);
    const stored = (await findPaymentById(h.app.services.db, payment.id))!;
    expect(h.slack.messages.filter((message) => message.ts === stored.cardTs)).toHaveLength(1);
  });

  test('retries after HTTP 500', async () => {
    const payment = await queueRequest({ customer: null });
    h.slack.failNext('chat.postMessage', { httpStatus: 500 });
    await run();
    expect((await rowsOf(payment.id))[0]).toMatchObject({ state: 'pending', lastError: 'http_500' });
    await skipBackoff(h);
    await run();
    expect((await rowsOf(payment.id))[0]).toMatchObject({ state: 'sent', lastError: null, attempts: 2 });
    expect(cardOf(h, (await findPaymentById(h.app.services.db, payment.id))!)).toBeDefined();
  });

  test('retries failed card update', async () => {
    const payment = await queueRequest({ customer: null });
    await run();
    await cancel(payment.id);
    h.slack.failNext('chat.update', { httpStatus: 503 });
    await run();
    const rows = await rowsOf(payment.id);
    expect(rows.map((row) => [row.kind, row.state])).toEqual([
      ['card', 'sent'],
      ['card', 'pending'],
      ['thread_reply', 'pending'],
    ]);
    await skipBackoff(h);
    await run();
    const stored = (await findPaymentById(h.app.services.db, payment.id))!;
    expect(blockText(cardOf(h, stored))).toContain('*Cancelled*');
    expect(repliesOf(h, stored)).toHaveLength(1);
  });

  test('gives up on permanent card failure', async () => {
    const payment = await queueRequest({ channelId: 'C0ELSEWHERE' });
    h.slack.failNext('chat.postMessage', 'not_in_channel');
    await run();

    const rows = await rowsOf(payment.id);
    expect(rows.map((row) => [row.kind, row.state, row.target])).toEqual([
      ['card', 'failed', null],
      ['direct_message', 'sent', TEST_USERS.customer],
      ['direct_message', 'sent', TEST_USERS.rep],
    ]);
    expect(rows[0]!.lastError).toBe('not_in_channel');
    const notice = h.slack.messages.filter((message) => message.channel === 'D0SALESREP').at(-1)!;
    expect(notice.text).toContain('I could not post the card of your ₦1,000.');
    expect(notice.text).toContain('<#C0ELSEWHERE>');
    expect(notice.text).toContain('`not_in_channel`');
    expect(notice.text).toContain('Invite this app');
    expect(notice.text).toContain(`/pay/${payment.reference}`);

    const line = h.logs.find((text) => text.includes('Slack post failed permanently') && text.includes(payment.id));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ paymentId: payment.id, outboxId: rows[0]!.id, reason: 'not_in_channel' });
  });

  test('posts card on next change', async () => {
    const payment = await queueRequest({ customer: null });
    h.slack.failNext('chat.postMessage', 'channel_not_found');
    await run();
    await cancel(payment.id);
    await run();
    const stored = (await findPaymentById(h.app.services.db, payment.id))!;
    expect(stored.cardTs).not.toBeNull();
    expect(blockText(cardOf(h, stored))).toContain('*Cancelled*');
    expect(repliesOf(h, stored)).toHaveLength(1);
  });

  test('drops reply when card never posts', async () => {
    const payment = await queueRequest({ customer: null });
    await cancel(payment.id);
    h.slack.failNext('chat.postMessage', 'channel_not_found', 2);
    for (let round = 0; round < 5; round += 1) {
      await run();
      await skipBackoff(h);
    }
    const rows = await rowsOf(payment.id);
    expect(rows.map((row) => [row.kind, row.state])).toEqual([
      ['card', 'failed'],
      ['card', 'failed'],
      ['thread_reply', 'failed'],
      ['direct_message', 'sent'],
    ]);
    expect(rows[2]!.lastError).toBe('card was never posted');
    expect(rows[1]!.lastError).toBe('channel_not_found');
  });

  test('gives up after max attempts', async () => {
    const payment = await queueRequest({ customer: null });
    h.slack.failNext('chat.postMessage', { httpStatus: 502 }, OUTBOX_MAX_ATTEMPTS);
    for (let round = 0; round < OUTBOX_MAX_ATTEMPTS; round += 1) {
      await run();
      await skipBackoff(h);
    }
    await run();
    const [card, notice] = await rowsOf(payment.id);
    expect(card).toMatchObject({ state: 'failed', attempts: OUTBOX_MAX_ATTEMPTS, lastError: `http_502 (gave up after ${OUTBOX_MAX_ATTEMPTS} attempts)` });
    expect(notice).toMatchObject({ kind: 'direct_message', target: TEST_USERS.rep, state: 'sent' });
  });

  test('sends message rows', async () => {
    await enqueueOutbox(h.app.services.db, [
      { kind: 'message', target: TEST_CHANNELS.settlements, payload: { text: 'Settled ₦5.00' } },
      { kind: 'direct_message', target: TEST_USERS.manager, payload: { text: 'Approve?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approve?' } }] } },
      { kind: 'message', target: null, payload: { text: 'nowhere' } },
    ]);
    await run();
    expect(h.slack.messages.filter((message) => message.channel === TEST_CHANNELS.settlements).at(-1)!.text).toBe('Settled ₦5.00');
    expect(h.slack.messages.filter((message) => message.channel === 'D0MANAGER').at(-1)!.blocks).toHaveLength(1);
    const [broken] = await h.app.services.db.select().from(slackOutbox).where(eq(slackOutbox.state, 'failed')).orderBy(slackOutbox.id).then((rows) => rows.slice(-1));
    expect(broken).toMatchObject({ kind: 'message', lastError: 'message row needs a target and payload.text' });
  });

  test('waits for expired lease', async () => {
    const payment = await queueRequest({ customer: null });
    await h.app.services.db
      .update(slackOutbox)
      .set({ state: 'sending', lockedUntil: new Date(Date.now() + 60_000) })
      .where(eq(slackOutbox.paymentRequestId, payment.id));
    await run();
    expect(h.slack.callsOf('chat.postMessage')).toEqual([]);

    await h.app.services.db
      .update(slackOutbox)
      .set({ lockedUntil: new Date(Date.now() - 1_000) })
      .where(eq(slackOutbox.paymentRequestId, payment.id));
    await run();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('backoff doubles to a cap', () => {
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(2)).toBe(10_000);
    expect(backoffMs(4)).toBe(40_000);
    expect(backoffMs(30)).toBe(15 * 60_000);
  });
});

describe('deliverOutbox with Retry-After', () => {
  let limited: Server;
  let lh: Harness;
  let posts = 0;

  beforeAll(async () => {
    // Rate-limits the first chat.postMessage with Retry-After: 30, then accepts everything.
    limited = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/api/chat.postMessage' && posts++ === 0) {
        response.statusCode = 429;
        response.setHeader('retry-after', '30');
        response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      response.end(JSON.stringify({ ok: true, user_id: 'U0MIMOBOT', team_id: 'T0STANDIN', channel: 'C0SALES', ts: `1700000000.${posts}` }));
    });
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    lh = await startHarness({ SLACK_API_URL: `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api` });
  });
  afterAll(async () => {
    await lh?.close();
    limited?.closeAllConnections();
    await new Promise((resolve) => limited?.close(resolve));
  });

  test('honours Retry-After without waiting', async () => {
    const { payment } = await createPaymentRequest(
      { ...lh.app.services, kickOutbox: () => {} },
      {
        amountKobo: 500,
        notes: 'Rate limited',
        customerSlackUserId: null,
        customerLabel: null,
        destinationUser: null,
        expiryDays: 1,
        requestedBy: TEST_USERS.rep,
        channelId: TEST_CHANNELS.sales,
        teamId: null,
      },
    );
    const started = Date.now();
    await deliverOutbox(lh.app.services, lh.app.services.logger);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = (await outboxRows(lh)).filter((item) => item.paymentRequestId === payment.id);
    expect(row).toMatchObject({ state: 'pending', lastError: 'ratelimited' });
    const delay = row!.availableAt.getTime() - Date.now();
    expect(delay).toBeGreaterThan(25_000);
    expect(delay).toBeLessThan(35_000);
  });
});
