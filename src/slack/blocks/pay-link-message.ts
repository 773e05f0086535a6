import type { KnownBlock } from '@slack/types';
import { formatNaira } from '../../money.js';
import { formatLagosTime } from '../../time.js';
import { escapeMrkdwn, mrkdwnLink } from '../mrkdwn.js';
import type { SlackMessage } from './payment-card.js';

export interface PayLinkMessageInput {
  merchantName: string;
  amountKobo: number;
  notes: string;
  requestedBy: string;
  payLink: string;
  expiresAt: Date;
}

/** Builds the direct message that sends a customer in Slack their pay link. */
export function buildCustomerPayLinkMessage(input: PayLinkMessageInput): SlackMessage {
  const amount = formatNaira(input.amountKobo);
  const merchant = escapeMrkdwn(input.merchantName);
  const lines = [
    `<@${input.requestedBy}> of ${merchant} requests *${amount}* from you.`,
    `*Notes:* ${escapeMrkdwn(input.notes)}`,
    `Pay with MiMo: ${mrkdwnLink(input.payLink, input.payLink)}`,
    `The link works until ${formatLagosTime(input.expiresAt)}.`,
  ];
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }];
  return { text: `${merchant} requests ${amount} from you. Pay with MiMo: ${mrkdwnLink(input.payLink, input.payLink)}`, blocks };
}

/** Builds the private reply that gives the requester the pay link of the request they just made. */
export function buildRequesterPayLinkText(input: { amountKobo: number; payLink: string; customerSlackUserId: string | null }): string {
  const amount = formatNaira(input.amountKobo);
  const sent = input.customerSlackUserId
    ? ` I sent it to <@${input.customerSlackUserId}> by direct message too.`
    : ' Send it to the customer.';
  return `Payment request for *${amount}* created. Pay link: ${mrkdwnLink(input.payLink, input.payLink)}.${sent} The card in this channel shows its progress.`;
}
