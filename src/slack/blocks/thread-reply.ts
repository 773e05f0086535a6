import type { KnownBlock } from '@slack/types';
import { formatLagosTime } from '../../time.js';
import { escapeMrkdwn, truncateText } from '../mrkdwn.js';
import type { SlackMessage } from './payment-card.js';
import { presentState } from './payment-state.js';

/** Payload of a `thread_reply` outbox row, as `transitionPayment` writes it. */
export interface ThreadReplyPayload {
  state: string;
  summary: string;
  actor: string;
  /** ISO 8601 instant of the change. */
  at: string;
}

/** Maximum summary length shown, before escaping. Summaries come from code, so this is only a safety margin. */
const MAX_SUMMARY_LENGTH = 1000;

/** Reads a thread reply payload from an outbox row. Returns null when a field is missing or of the wrong type. */
export function readThreadReplyPayload(payload: Record<string, unknown>): ThreadReplyPayload | null {
  const { state, summary, actor, at } = payload;
  if (typeof state !== 'string' || typeof summary !== 'string' || typeof actor !== 'string' || typeof at !== 'string') {
    return null;
  }
  if (Number.isNaN(Date.parse(at))) return null;
  return { state, summary, actor, at };
}

/** Builds the reply posted under a payment's card for one change: what happened, who caused it and when (Lagos time). */
export function buildThreadReply(reply: ThreadReplyPayload): SlackMessage {
  const state = presentState(reply.state);
  const summary = escapeMrkdwn(truncateText(reply.summary, MAX_SUMMARY_LENGTH));
  const by = describeActor(reply.actor);
  const at = formatLagosTime(new Date(reply.at));
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${state.emoji} *${escapeMrkdwn(state.label)}*: ${summary}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `By ${by}  ·  ${at}` }] },
  ];
  return { text: `${escapeMrkdwn(state.label)}: ${summary} (by ${by}, ${at})`, blocks };
}

/** Describes an audit actor for people: a Slack mention, the customer, MiMo or a scheduled job. */
export function describeActor(actor: string): string {
  const slackUser = /^slack:([UW][A-Z0-9]+)$/.exec(actor);
  if (slackUser) return `<@${slackUser[1]}>`;
  if (actor === 'customer') return 'the customer';
  if (actor === 'mimo') return 'MiMo';
  if (actor === 'system') return 'mimo-slack';
  const job = /^job:(.+)$/.exec(actor);
  if (job) return `the scheduled job ${escapeMrkdwn(job[1]!)}`;
  return escapeMrkdwn(actor);
}
