/** Query parameters whose values are secrets wherever they appear in a URL. */
export const SECRET_QUERY_PARAMETERS = ['access_token', 'client_secret', 'code'] as const;

export const REDACTED = '[REDACTED]';

const secretParameterPattern = new RegExp(
  `([?&](?:${SECRET_QUERY_PARAMETERS.join('|')})=)[^&#\\s"']*`,
  'gi',
);

/**
 * Replaces the values of `access_token`, `client_secret` and `code` query parameters
 * with a placeholder, in a URL or in any text that contains URLs (error messages,
 * stack traces). Works on text that is not a valid URL as well.
 */
export function redactUrl(text: string): string {
  return text.replace(secretParameterPattern, `$1${REDACTED}`);
}

/**
 * Replaces every occurrence of the given secret values inside `text`. Used for
 * messages that might quote a configured secret verbatim (for example an upstream
 * error body). Values shorter than 4 characters are skipped, because replacing
 * them would mangle ordinary words.
 */
export function redactValues(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result;
}
