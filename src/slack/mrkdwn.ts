/**
 * Escapes text from people (notes, names) for Slack mrkdwn. Slack reads `<...>` as
 * mentions and links (`<!channel>`, `<@U123>`), so `&`, `<` and `>` become entities
 * and nobody is pinged by a note. Other characters are left as typed.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Makes a mrkdwn link. Slack requires `&` in the URL as `&amp;` and turns it back, so
 * query strings arrive intact. The label is escaped like any other text.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** Maximum characters of a Block Kit text object. */
export const MAX_TEXT_OBJECT_LENGTH = 3000;
/** Maximum blocks in one message. */
export const MAX_BLOCKS = 50;

/** Cuts text to `max` characters (code points), ending with an ellipsis when it was cut. */
export function truncateText(text: string, max = MAX_TEXT_OBJECT_LENGTH): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  return `${characters.slice(0, max - 1).join('')}…`;
}
