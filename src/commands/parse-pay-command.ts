import { checkAmount, checkNotes } from '../payments/request-input.js';
import { slackMarkupToText } from '../slack/mrkdwn.js';

/** Result of parsing the text of `/mimo-pay`. */
export type PayCommandInput =
  | {
      kind: 'complete';
      customerSlackUserId: string | null;
      amountKobo: number;
      notes: string;
    }
  /** The amount or the notes are missing: the form opens with whatever was given. */
  | {
      kind: 'incomplete';
      customerSlackUserId: string | null;
      amountText: string | null;
    }
  | { kind: 'invalid'; message: string };

// With "Escape channels, users, and links" on, Slack sends a mention as <@U123|name> or <@U123>.
const leadingMention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;
// The amount is the first word, or two words when the currency is written apart ("NGN 25000").
const leadingAmount = /^(?:(?:₦|NGN)\s+(?=\S))?\S+/i;

/**
 * Parses the text of `/mimo-pay [@customer] <amount> <notes>`. Slack sends `&`, `<`
 * and `>` typed by the person as HTML entities, and mentions and links as `<…>` markup.
 * The notes are returned as readable text (markup turned into words such as `@ada`,
 * entities decoded), so they must be escaped again wherever they are shown.
 */
export function parsePayCommand(text: string, maxAmountKobo: number): PayCommandInput {
  let rest = text.trim();
  let customerSlackUserId: string | null = null;

  const mention = leadingMention.exec(rest);
  if (mention) {
    customerSlackUserId = mention[1]!;
    rest = rest.slice(mention[0].length).trim();
  }
  if (rest === '') {
    return { kind: 'incomplete', customerSlackUserId, amountText: null };
  }

  const amountText = leadingAmount.exec(rest)![0];
  const amount = checkAmount(decodeSlackEntities(amountText), maxAmountKobo);
  if (!amount.ok) {
    return { kind: 'invalid', message: amount.message };
  }

  // Mentions and links inside the notes become plain words, because the customer's
  // receipt and MiMo's consent page show the notes as text.
  const notesText = decodeSlackEntities(slackMarkupToText(rest.slice(amountText.length))).trim();
  if (notesText === '') {
    return { kind: 'incomplete', customerSlackUserId, amountText };
  }
  const notes = checkNotes(notesText);
  if (!notes.ok) {
    return { kind: 'invalid', message: notes.message };
  }
  return { kind: 'complete', customerSlackUserId, amountKobo: amount.value, notes: notes.value };
}

/** Turns the three HTML entities Slack uses in message and command text back into characters. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
