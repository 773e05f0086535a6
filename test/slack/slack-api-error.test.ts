import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifySlackError, isSlackApiError } from '../../src/slack/slack-api-error.js';

let server: Server;
let apiUrl: string;

beforeAll(async () => {
  // Each Web API method name picks the failure: /api/<status>.<slack error>.
  server = createServer((request, response) => {
    const [status, error] = (request.url ?? '').replace('/api/', '').split('.');
    if (status === '429') response.setHeader('retry-after', '7');
    response.statusCode = Number(status);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: false, error }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(method: string, url = apiUrl): Promise<unknown> {
  const client = new WebClient('xoxb-test', { slackApiUrl: url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
  try {
    await client.apiCall(method);
  } catch (error) {
    return error;
  }
  throw new Error(`${method} did not fail`);
}

describe('classifySlackError', () => {
  test('rate limit keeps Retry-After', async () => {
    expect(classifySlackError(await failureOf('429.ratelimited'))).toEqual({ kind: 'temporary', reason: 'ratelimited', retryAfterMs: 7_000 });
  });

  test('ratelimited body is temporary', async () => {
    expect(classifySlackError(await failureOf('200.ratelimited'))).toEqual({ kind: 'temporary', reason: 'ratelimited' });
  });

  test('5xx is temporary', async () => {
    expect(classifySlackError(await failureOf('503.x'))).toEqual({ kind: 'temporary', reason: 'http_503' });
  });

  test('4xx is permanent', async () => {
    expect(classifySlackError(await failureOf('404.x'))).toEqual({ kind: 'permanent', reason: 'http_404' });
  });

  test.each(['channel_not_found', 'not_in_channel', 'invalid_blocks', 'msg_too_long', 'is_archived', 'invalid_auth'])(
    '%s is permanent',
    async (error) => {
      expect(classifySlackError(await failureOf(`200.${error}`))).toEqual({ kind: 'permanent', reason: error });
    },
  );

  test('network error is temporary', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = classifySlackError(await failureOf('chat.postMessage', `http://127.0.0.1:${port}/api/`));
    expect(failure).toMatchObject({ kind: 'temporary', reason: expect.stringMatching(/^network: /) });
  });

  test('other errors are not Slack errors', () => {
    expect(classifySlackError(new TypeError('boom'))).toBeNull();
    expect(classifySlackError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeNull();
    expect(isSlackApiError(new Error('x'))).toBe(false);
  });
});
