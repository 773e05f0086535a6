import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { signSlackRequest } from '../../src/slack-standin/sign-request.js';
import { TEST_SECRETS } from '../support/test-env.js';
import { allPayments } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const commandBody = () => new URLSearchParams({
  team_id: 'T0STANDIN',
  channel_id: 'C0SALES',
  user_id: 'U0SALESREP',
  command: '/mimo-pay',
  text: '25000 Invoice 42',
  response_url: `${h.slack.responseUrl}/signature`,
  trigger_id: 'trigger.sig',
}).toString();

function post(body: string, headers: Record<string, string>) {
  return fetch(`${h.app.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

describe('/slack/events signature', () => {
  const sixMinutesAgo = () => Math.floor(Date.now() / 1000) - 6 * 60;
  test.each([
    ['missing', () => ({})],
    ['wrong secret', (body: string) => signSlackRequest('not-the-signing-secret', body)],
    ['stale timestamp', (body: string) => signSlackRequest(TEST_SECRETS.signingSecret, body, sixMinutesAgo())],
    ['other body', (body: string) => signSlackRequest(TEST_SECRETS.signingSecret, `${body}&x=1`)],
  ])('rejects %s signature', async (_label, headers) => {
    const body = commandBody();
    const response = await post(body, headers(body));
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await allPayments(h)).toEqual([]);
    expect(h.slack.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  test('accepts valid signature', async () => {
    const body = commandBody();
    const response = await post(body, signSlackRequest(TEST_SECRETS.signingSecret, body));
    expect(response.status).toBe(200);
    await h.slack.waitFor((call) => call.method === 'response_url' && call.args.responseId === 'signature');
    expect(await allPayments(h)).toHaveLength(1);
  });
});
