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

/**
 * Turns Slack's markup in command text into readable text, for notes that customers
 * and MiMo will see: `<@U123|ada>` becomes `@ada`, `<!channel>` `@channel`,
 * `<#C123|sales>` `#sales`, and `<https://x.example|x>` `x (https://x.example)`.
 * Characters a person typed arrive as entities (`&lt;`), so every real `<…>` is markup.
 */
export function slackMarkupToText(text: string): string {
  return text.replace(/<([^<>]*)>/g, (_token, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
    if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : target;
    if (target.startsWith('!')) {
      if (label) return label;
      const special = target.slice(1).split('^', 1)[0]!;
      return `@${special}`;
    }
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    if (label && label !== target) return `${label} (${target})`;
    return target;
  });
}
