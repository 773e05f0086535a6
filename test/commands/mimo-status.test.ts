import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseStatusQuery } from '../../src/commands/mimo-status.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_CHANNELS, TEST_USERS } from '../support/test-env.js';
import { insertPayment, payThroughMimo } from '../web/fixtures.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.sandbox.clearFaults();
});

/** Sends `/mimo-status` and returns the ephemeral reply, whether it came with the acknowledgement or through response_url. */
async function mimoStatus(text: string, options: { userId?: string; channelId?: string } = {}): Promise<{ text: string; responseType: unknown }> {
  const before = h.slack.calls.length;
  const response = await h.command('/mimo-status', text, options);
  expect(response.status).toBe(200);
  const body = await response.text();
  if (body !== '') {
    const ack = JSON.parse(body) as { text: string; response_type: unknown };
    return { text: ack.text, responseType: ack.response_type };
  }
  const call = await h.slack.waitFor((candidate) => candidate.method === 'response_url' && h.slack.calls.indexOf(candidate) >= before);
  return { text: String(call.args.text), responseType: call.args.response_type };
}

describe('/mimo-status', () => {
  it('shows live status by transaction id', async () => {
    const { transfer } = await payThroughMimo(h, { notes: 'Bolts <!here>' });
    h.sandbox.setStatus(transfer.mimoTransactionId, 'pending');

    const reply = await mimoStatus(transfer.mimoTransactionId);

    expect(reply.responseType).toBe('ephemeral');
    expect(reply.text).toContain('Transferred');
    expect(reply.text).toContain('₦25,000.00');
    expect(reply.text).toContain(`*MiMo transaction:* ${transfer.mimoTransactionId}`);
    expect(reply.text).toContain('*Status on MiMo now:* pending');
    expect(reply.text).toContain('Bolts &lt;!here&gt;');
  });

  it('reads MiMo live, not the stored status', async () => {
    const { transfer } = await payThroughMimo(h);
    h.sandbox.settle(transfer.mimoTransactionId);

    const reply = await mimoStatus(transfer.mimoTransactionId);

    expect(reply.text).toContain('*Status on MiMo now:* completed');
  });

  it('finds a request by reference', async () => {
    const payment = await insertPayment(h);

    const reply = await mimoStatus(payment.reference);

    expect(reply.text).toContain('Awaiting the customer');
    expect(reply.text).toContain('*Link expires:*');
    expect(reply.text).not.toContain('MiMo transaction');
  });

  it('accepts a whole pay link', async () => {
    const payment = await insertPayment(h);

    const reply = await mimoStatus(`<${h.app.url}/pay/${payment.reference}>`);

    expect(reply.text).toContain('Awaiting the customer');
  });

  it('falls back to stored status when MiMo fails', async () => {
    const { transfer } = await payThroughMimo(h);
    h.sandbox.injectFault({ path: '/partner/transfers/details', kind: 'http_500', count: 4 });

    const reply = await mimoStatus(transfer.mimoTransactionId);

    expect(reply.text).toContain('*Status on MiMo:* pending (stored; last checked never)');
    expect(reply.text).toContain('MiMo did not answer just now (server_error)');
  });

  it('bad input gets usage', async () => {
    for (const text of ['', 'hello world', '-5', '12.5']) {
      const reply = await mimoStatus(text);
      expect(reply.responseType, text).toBe('ephemeral');
      expect(reply.text, text).toContain('Usage: `/mimo-status');
    }
  });

  it('unknown id says not found', async () => {
    const reply = await mimoStatus('99999999');

    expect(reply.text).toContain('No payment request matches `99999999`');
  });

  it('hides requests from other channels', async () => {
    const { transfer } = await payThroughMimo(h, { notes: 'Private order' });

    const reply = await mimoStatus(transfer.mimoTransactionId, { userId: TEST_USERS.stranger, channelId: 'C0ELSEWHERE' });
    const approver = await mimoStatus(transfer.mimoTransactionId, { userId: TEST_USERS.manager, channelId: 'C0ELSEWHERE' });

    expect(reply.text).toContain('No payment request matches');
    expect(reply.text).not.toContain('Private order');
    expect(approver.text).toContain('Private order');
  });

  it('channel members can see', async () => {
    const payment = await insertPayment(h, { notes: 'Shared order' });

    const reply = await mimoStatus(payment.reference, { userId: TEST_USERS.stranger, channelId: TEST_CHANNELS.sales });

    expect(reply.text).toContain('Shared order');
  });
});

describe('parseStatusQuery', () => {
  it('reads ids, references and links', () => {
    const reference = 'A'.repeat(32);
    expect(parseStatusQuery(' 11234 ')).toEqual({ kind: 'transaction', transactionId: '11234' });
    expect(parseStatusQuery(reference)).toEqual({ kind: 'reference', reference });
    expect(parseStatusQuery(`https://pay.example/pay/${reference}`)).toEqual({ kind: 'reference', reference });
    expect(parseStatusQuery(`<https://pay.example/pay/${reference}|pay>`)).toEqual({ kind: 'reference', reference });
  });

  it('rejects anything else', () => {
    for (const text of ['', '0', '012', 'abc', '11234 extra', 'https://pay.example/pay/short', `${'A'.repeat(32)}!`]) {
      expect(parseStatusQuery(text), text).toBeNull();
    }
  });
});
