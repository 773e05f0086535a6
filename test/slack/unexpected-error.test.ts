import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_USERS } from '../support/test-env.js';
import { allPayments, formSubmission, waitForCall, waitForReply } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function loggedReference(referenceId: string): Record<string, unknown> | undefined {
  return h.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.referenceId === referenceId);
}

test('command error replies with reference', async () => {
  const services = h.app.services;
  const kick = services.kickOutbox;
  services.kickOutbox = () => {
    throw new Error('outbox worker unavailable');
  };
  try {
    const since = h.slack.calls.length;
    await h.command('/mimo-pay', '500 Invoice 9');
    const reply = await waitForReply(h, /Something went wrong/, since);
    expect(reply.args.response_type).toBe('ephemeral');
    const referenceId = /ERR-[0-9A-F]{8}/.exec(String(reply.args.text))?.[0];
    expect(referenceId).toBeDefined();
    const entry = loggedReference(referenceId!);
    expect(entry).toMatchObject({ level: 50, msg: 'unexpected error in Slack listener', slackUserId: TEST_USERS.rep, request: '/mimo-pay' });
    expect(JSON.stringify(entry)).toContain('outbox worker unavailable');
    expect(JSON.stringify(entry)).not.toContain(h.slack.responseUrl);
  } finally {
    services.kickOutbox = kick;
  }
});

test('form error DMs reference', async () => {
  const since = h.slack.calls.length;
  const response = await h.interaction(formSubmission({ customerUser: TEST_USERS.customer, amount: '5', notes: 'x' }, { privateMetadata: 'not json' }));
  expect(response.status).toBe(200);
  const dm = await waitForCall(h, since, (call) => call.method === 'chat.postMessage' && call.args.channel === TEST_USERS.rep);
  const referenceId = /ERR-[0-9A-F]{8}/.exec(String(dm.args.text))?.[0];
  expect(referenceId).toBeDefined();
  expect(loggedReference(referenceId!)).toMatchObject({ request: 'payment_request_modal', slackUserId: TEST_USERS.rep });
  expect((await allPayments(h)).filter((payment) => payment.notes === 'x')).toEqual([]);
});
