import { escapeMrkdwn } from './mrkdwn.js';

/** Help text for `/mimo-pay` in mrkdwn, added to every rejection of the command. */
export const MIMO_PAY_USAGE = [
  `Usage: \`${escapeMrkdwn('/mimo-pay [@customer] <amount> <notes>')}\``,
  'Examples: `/mimo-pay 25000 Invoice 42` or `/mimo-pay @chioma ₦25,000.50 Two bolts of ankara`',
  'The amount is in naira, with at most two decimals. Notes are required, at most 255 characters, and the customer sees them on MiMo.',
  'Type `/mimo-pay` alone to fill in a form instead.',
].join('\n');

/** Escapes a rejection message for mrkdwn and adds the usage text below it. */
export function withUsage(message: string): string {
  return `${escapeMrkdwn(message)}\n\n${MIMO_PAY_USAGE}`;
}
