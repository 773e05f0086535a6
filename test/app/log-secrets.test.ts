import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets } from '../../src/config.js';
import { actAsCustomer } from '../../src/demo/customer.js';
import { TEST_CUSTOMERS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_SECRETS, TEST_USERS } from '../support/test-env.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function payLinkFromSlack(): Promise<string> {
  const found = await h.slack.waitFor((call) => /\/pay\/[\w-]{22,}/.test(JSON.stringify(call.args)));
  return /(http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]+)/.exec(JSON.stringify(found.args))![1]!;
}

describe('logs', () => {
  it('contain no configured secret, code or token', async () => {
    const ack = await h.command('/mimo-pay', `<@${TEST_USERS.customer}|chioma> 25,000 Invoice 42`);
    expect(ack.status).toBe(200);
    await h.runJobs();
    const payLink = await payLinkFromSlack();

    const customer = TEST_CUSTOMERS[0]!;
    const result = await actAsCustomer(payLink, { decision: 'approve', username: customer.username, pin: customer.pin });
    expect(result.status).toBe(200);
    const code = new URL(result.callbackUrl).searchParams.get('code');
    expect(code).toBeTruthy();

    // A replayed callback and a bad request exercise the error paths' logging too.
    await fetch(result.callbackUrl);
    await fetch(`${h.app.url}/mimo/callback/not-a-reference?code=${code}&response_type=code`);
    const transfer = h.sandbox.events().find((event) => event.kind === 'transfer.created');
    h.sandbox.settle(transfer!.transactionId!);
    await h.runJobs();

    const secrets = [...configSecrets(h.config), TEST_SECRETS.signingSecret, TEST_SECRETS.botToken, TEST_SECRETS.clientSecret, code!];
    const tokens = h.sandbox.events().flatMap((event) => (typeof event.detail?.accessToken === 'string' ? [event.detail.accessToken] : []));
    expect(h.logs.length).toBeGreaterThan(10);
    for (const secret of [...secrets, ...tokens]) {
      const leaking = h.logs.filter((line) => line.includes(secret));
      expect(leaking, `a log line contains a secret of length ${secret.length}`).toEqual([]);
    }
    expect(h.logs.some((line) => line.includes('response_url') && line.includes(h.slack.responseUrl))).toBe(false);
  });
});
