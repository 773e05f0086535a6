import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** One Web API call or response_url post as the stand-in received it. */
export interface RecordedSlackCall {
  method: string;
  /** Arguments, from a JSON or form body; `blocks` and other JSON strings are parsed. */
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  /** Set for ephemeral messages. */
  user?: string;
  edits: number;
}

export interface SlackStandinOptions {
  port?: number;
  /** Bot token the stand-in accepts; any other gets `invalid_auth`. */
  botToken: string;
  /** Display names for users.info. */
  users?: Record<string, { name: string; realName: string; tz?: string }>;
}

export interface SlackStandin {
  /** Web API base to put in SLACK_API_URL, such as http://127.0.0.1:4020/api */
  apiUrl: string;
  /** URL that accepts response_url posts, such as http://127.0.0.1:4020/response */
  responseUrl: string;
  calls: RecordedSlackCall[];
  messages: StoredMessage[];
  /** Makes the next `count` calls of `method` fail with Slack error `error` (or HTTP status). */
  failNext(method: string, error: string | { httpStatus: number }, count?: number): void;
  callsOf(method: string): RecordedSlackCall[];
  /** Resolves when a call matching `predicate` has been recorded (polls every 10 ms). */
  waitFor(predicate: (call: RecordedSlackCall) => boolean, timeoutMs?: number): Promise<RecordedSlackCall>;
  close(): Promise<void>;
}

function parseArguments(body: unknown): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return args;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && (key === 'blocks' || key === 'view' || key === 'attachments' || key === 'metadata')) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Keep the raw text: the call is recorded as sent.
      }
    }
    args[key] = value;
  }
  return args;
}

/**
 * A loopback server that speaks enough of Slack's Web API for the app, its tests and
 * the demo: it checks the bot token, records every call, keeps the messages it was
 * given (so a card can be read back after chat.update), and can be made to fail.
 */
export async function startSlackStandin(options: SlackStandinOptions): Promise<SlackStandin> {
  const calls: RecordedSlackCall[] = [];
  const messages: StoredMessage[] = [];
  const failures = new Map<string, { error: string | { httpStatus: number }; remaining: number }>();
  let clock = 1_700_000_000;
  let nextView = 1;
  const nextTs = () => `${clock++}.000100`;

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  app.post('/response/:id', (request, response) => {
    calls.push({ method: 'response_url', args: { ...parseArguments(request.body), responseId: request.params.id }, token: undefined, at: Date.now() });
    response.json({ ok: true });
  });

  app.post('/api/:method', (request, response) => {
    const method = request.params.method;
    const authorization = request.get('authorization');
    const args = parseArguments(request.body);
    const token = authorization?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
    calls.push({ method, args, token, at: Date.now() });

    const failure = failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      if (typeof failure.error === 'string') {
        response.json({ ok: false, error: failure.error });
      } else {
        response.status(failure.error.httpStatus).send('stand-in failure');
      }
      return;
    }
    if (token !== options.botToken) {
      response.json({ ok: false, error: 'invalid_auth' });
      return;
    }
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'auth.test':
        response.json({ ok: true, url: 'https://standin.slack.test/', team: 'Stand-in', user: 'mimo', team_id: 'T0STANDIN', user_id: 'U0MIMOBOT', bot_id: 'B0MIMOBOT' });
        return;
      case 'chat.postMessage': {
        if (!channel) {
          response.json({ ok: false, error: 'channel_not_found' });
          return;
        }
        const resolved = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        const message: StoredMessage = {
          channel: resolved,
          ts: nextTs(),
          text: String(args.text ?? ''),
          ...(args.blocks ? { blocks: args.blocks as unknown[] } : {}),
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
          edits: 0,
        };
        messages.push(message);
        response.json({ ok: true, channel: resolved, ts: message.ts, message: { text: message.text } });
        return;
      }
      case 'chat.update': {
        const message = messages.find((item) => item.channel === channel && item.ts === String(args.ts));
        if (!message) {
          response.json({ ok: false, error: 'message_not_found' });
          return;
        }
        message.text = String(args.text ?? message.text);
        if (args.blocks) message.blocks = args.blocks as unknown[];
        message.edits += 1;
        response.json({ ok: true, channel, ts: message.ts });
        return;
      }
      case 'chat.postEphemeral': {
        const message: StoredMessage = { channel, ts: nextTs(), text: String(args.text ?? ''), user: String(args.user ?? ''), edits: 0 };
        if (args.blocks) message.blocks = args.blocks as unknown[];
        messages.push(message);
        response.json({ ok: true, message_ts: message.ts });
        return;
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        response.json({ ok: true, channel: { id: `D${users.split(',')[0]!.slice(1)}` } });
        return;
      }
      case 'users.info': {
        const user = String(args.user ?? '');
        const known = options.users?.[user];
        response.json({
          ok: true,
          user: { id: user, name: known?.name ?? user.toLowerCase(), real_name: known?.realName ?? user, tz: known?.tz ?? 'Africa/Lagos', profile: { real_name: known?.realName ?? user, display_name: known?.name ?? '' } },
        });
        return;
      }
      case 'views.open':
      case 'views.update':
      case 'views.push':
        response.json({ ok: true, view: { id: `V${String(nextView++).padStart(8, '0')}`, ...(args.view as object) } });
        return;
      case 'chat.getPermalink':
        response.json({ ok: true, permalink: `https://standin.slack.test/archives/${channel}/p${String(args.message_ts).replace('.', '')}` });
        return;
      default:
        response.json({ ok: false, error: 'unknown_method' });
    }
  });

  const server: Server = await new Promise((resolve) => {
    const started = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(started));
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api`,
    responseUrl: `${base}/response`,
    calls,
    messages,
    failNext(method, error, count = 1) {
      failures.set(method, { error, remaining: count });
    },
    callsOf(method) {
      return calls.filter((call) => call.method === method);
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`Slack stand-in: no matching call within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
