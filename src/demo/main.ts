import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startApp, type RunningApp } from '../app.js';
import { createSandbox, TEST_CUSTOMERS, DEFAULT_CLIENT, type Sandbox } from '../sandbox/index.js';
import { startSlackStandin, type SlackStandin, type StoredMessage } from '../slack-standin/server.js';
import { signSlackRequest } from '../slack-standin/sign-request.js';
import { renderBlocksAsText } from './render-blocks.js';
import { actAsCustomer } from './customer.js';

/**
 * `npm run demo`: the whole payment journey on this machine with no accounts. It starts
 * the app on an in-memory PGlite database, the local MiMo sandbox and a stand-in for
 * Slack's Web API, all on loopback. Then it plays a sales rep, a customer and MiMo
 * through the real code paths and prints each Slack card as it changes.
 * `--keep` leaves everything running and prints a pay link to try in a browser.
 */

const CHANNEL = 'C0DEMOSALES';
const REP = 'U0DEMOREP';
const CUSTOMER = 'U0DEMOCUST';
const MANAGER = 'U0DEMOMGR';
const STEP_TIMEOUT_MS = 20_000;

const keep = process.argv.includes('--keep');
const verbose = process.argv.includes('--verbose');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function cardOf(slack: SlackStandin): StoredMessage | undefined {
  return slack.messages.find((message) => message.channel === CHANNEL && !message.threadTs && !message.user && message.blocks);
}

function printCard(slack: SlackStandin, title: string): void {
  const card = cardOf(slack);
  say(`\n── Slack card in #sales: ${title} ──`);
  say(card?.blocks ? renderBlocksAsText(card.blocks) : '  (no card yet)');
  const replies = slack.messages.filter((message) => card && message.threadTs === card.ts);
  if (replies.length > 0) {
    say('  Thread:');
    for (const reply of replies) say(`    • ${reply.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}`);
  }
}

/** Waits until the card's first line names the state `label` (such as "Settled"). */
async function waitForCard(slack: SlackStandin, label: string): Promise<void> {
  await waitFor(`the card to show "${label}"`, () => {
    const first = renderBlocksAsText(cardOf(slack)?.blocks?.slice(0, 1) ?? [], '');
    return first.toLowerCase().includes(`*${label.toLowerCase()}*`) ? true : undefined;
  });
}

/** Reduces an HTML page to its visible text, for printing. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

async function main(): Promise<void> {
  const started = Date.now();
  const logLines: string[] = [];
  const logger = createLogger({
    level: verbose ? 'debug' : 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        if (verbose) process.stderr.write(chunk);
        callback();
      },
    }),
  });

  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-demo-${randomBytes(12).toString('hex')}`;
  const sandbox: Sandbox = await createSandbox({ port: 0, logger: logger.child({ component: 'sandbox' }) });
  const slack = await startSlackStandin({
    botToken,
    users: {
      [REP]: { name: 'tunde', realName: 'Tunde Bakare' },
      [CUSTOMER]: { name: 'chioma', realName: 'Chioma Okafor' },
      [MANAGER]: { name: 'ngozi', realName: 'Ngozi Eze' },
    },
  });
  const port = keep && process.env.PORT ? Number(process.env.PORT) : await freePort();
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: slack.apiUrl,
    MIMO_BASE_URL: sandbox.url,
    MIMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
    MIMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    DATA_DIR: 'memory://',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    REFUND_APPROVERS: MANAGER,
    APPROVALS_CHANNEL: 'C0DEMOAPPROVE',
    SETTLEMENTS_CHANNEL: 'C0DEMOSETTLE',
    POLL_SCHEDULE: '* * * * * *',
    MERCHANT_NAME: DEFAULT_CLIENT.merchantName,
  });
  const app: RunningApp = await startApp({ config, logger });

  const shutdown = async () => {
    await app.close();
    await Promise.all([sandbox.close(), slack.close()]);
  };

  let commandCount = 0;
  const sendPayCommand = (text: string) => {
    commandCount += 1;
    const body = new URLSearchParams({
      team_id: 'T0DEMO',
      channel_id: CHANNEL,
      channel_name: 'sales',
      user_id: REP,
      user_name: 'tunde',
      command: '/mimo-pay',
      text,
      response_url: `${slack.responseUrl}/${commandCount}`,
      trigger_id: `demo.trigger.${commandCount}`,
    }).toString();
    return fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(signingSecret, body) },
      body,
    });
  };

  try {
    say('mimo-slack demo: app, MiMo sandbox and Slack stand-in are running on loopback.');
    say(`  app      ${app.url}   (embedded PGlite, in memory)`);
    say(`  MiMo     ${sandbox.url}   (local sandbox)`);
    say(`  Slack    ${slack.apiUrl}   (stand-in for the Web API)`);

    // 1. The sales rep runs /mimo-pay through Bolt, with a signed request.
    const commandText = `<@${CUSTOMER}|chioma> ₦25,000 Invoice 42: 3 yards of Ankara <!channel>`;
    say(`\n1. Tunde runs: /mimo-pay ${commandText}`);
    const ackStarted = Date.now();
    const ack = await sendPayCommand(commandText);
    say(`   Slack got its acknowledgement: HTTP ${ack.status} in ${Date.now() - ackStarted} ms`);
    await waitFor('the card', () => cardOf(slack));
    printCard(slack, 'awaiting the customer');

    const dm = await waitFor('the customer direct message', () => slack.messages.find((message) => message.channel === `D${CUSTOMER.slice(1)}`));
    const payLink = await waitFor('a pay link', () => /(http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]+)/.exec(JSON.stringify(dm))?.[1]);
    say(`\n2. Chioma gets a direct message with the pay link: ${payLink}`);

    // 2. The customer opens the link, approves on MiMo's consent page, and lands on our callback.
    const customer = TEST_CUSTOMERS[0]!;
    say(`   She opens it, picks the MiMo account ${customer.username}, enters her PIN and approves.`);
    const result = await actAsCustomer(payLink, { decision: 'approve', username: customer.username, pin: customer.pin });
    say(`   Receipt page (HTTP ${result.status}): ${visibleText(result.html).slice(0, 300)}`);
    await waitForCard(slack, 'Transferred');
    printCard(slack, 'transferred');

    // 3. MiMo settles the transaction. The polling job reads the new status and updates the card.
    const created = sandbox.events().find((event) => event.kind === 'transfer.created');
    const transactionId = created?.transactionId;
    if (!transactionId) throw new Error('The sandbox recorded no transfer');
    say(`\n3. MiMo settles transaction ${transactionId}; the polling job (every second here) notices.`);
    sandbox.settle(transactionId);
    await waitForCard(slack, 'Settled');
    printCard(slack, 'settled');
    const settlement = await waitFor('the settlement notice', () => slack.messages.find((message) => message.channel === 'C0DEMOSETTLE'));
    say(`   #settlements: ${settlement.text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")}`);

    say('\n4. Refunds and voids approved by a manager are not built yet, so the journey ends at settlement.');

    const secretsSeen = [signingSecret, botToken, DEFAULT_CLIENT.clientSecret].filter((secret) => logLines.some((line) => line.includes(secret)));
    say('\nSummary');
    say(`  payment settled: ${transactionId}, ₦25,000.00 from ${customer.firstName} ${customer.surname}`);
    say(`  Slack Web API calls: ${slack.calls.length} (${[...new Set(slack.calls.map((call) => call.method))].join(', ')})`);
    say(`  MiMo sandbox events: ${sandbox.events().map((event) => event.kind).join(', ')}`);
    say(`  log lines written: ${logLines.length}, secrets found in them: ${secretsSeen.length}`);
    say(`  finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (secretsSeen.length > 0) throw new Error('A configured secret appeared in the logs');

    if (keep) {
      const before = slack.messages.length;
      await sendPayCommand(`₦1,500 Try it by hand`);
      const fresh = await waitFor('a second card', () =>
        slack.messages.slice(before).map((message) => /(http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]+)/.exec(JSON.stringify(message.blocks ?? message.text))?.[1]).find(Boolean),
      );
      say('\nStill running (Ctrl-C to stop). Open this pay link in a browser and approve as');
      say(`${customer.username} with PIN ${customer.pin}:`);
      say(`  ${fresh}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    await shutdown();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
