import { redactUrl, redactValues, REDACTED } from '../redact.js';

export const MAX_EXCERPT_LENGTH = 200;

// Matches a secret key and its value in JSON, in JavaScript-like object text such as
// `{ access_token: AAbbCCddEE }`, and in form encoding.
const secretFieldPattern = /((?:^|[^A-Za-z0-9_])"?(?:access_token|client_secret|code)"?\s*[:=]\s*"?)[^"&,}\s]*/gi;

/**
 * Removes secrets from text that came from MiMo or quotes a request: secret query
 * parameters in URLs, secret fields of a JSON body and the given secret values
 * wherever they appear.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const withoutValues = redactValues(text, secrets);
  return redactUrl(withoutValues).replace(secretFieldPattern, `$1${REDACTED}`);
}

/**
 * Returns the start of a response body for an error message: secrets redacted
 * first, then whitespace collapsed and the result cut to at most MAX_EXCERPT_LENGTH UTF-16
 * code units, ellipsis included.
 */
export function excerptBody(body: string, secrets: readonly (string | undefined)[]): string {
  const redacted = redactSecrets(body, secrets).replace(/\s+/g, ' ').trim();
  if (redacted.length <= MAX_EXCERPT_LENGTH) {
    return redacted;
  }
  // Cuts at a code point boundary so that no half of a surrogate pair remains.
  let excerpt = '';
  for (const codePoint of redacted) {
    if (excerpt.length + codePoint.length > MAX_EXCERPT_LENGTH - 1) {
      break;
    }
    excerpt += codePoint;
  }
  return `${excerpt}…`;
}
