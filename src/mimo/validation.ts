import { koboToDecimalString } from '../money.js';
import { redactUrl } from '../redact.js';
import { MimoValidationError } from './errors.js';

/** MiMo's maximum length of `notes`, counted in Unicode code points. */
export const MAX_NOTES_LENGTH = 255;

/** Default maximum amount of one transfer or refund: ₦10,000,000.00. */
export const DEFAULT_MAX_AMOUNT_KOBO = 1_000_000_000;

const transactionIdPattern = /^[1-9]\d{0,19}$/;

// With the u flag, a surrogate pair is one code point outside this range, so only
// unpaired surrogates match.
const loneSurrogatePattern = /[\uD800-\uDFFF]/u;

/**
 * Checks that `amountKobo` is a positive safe integer not above `maxAmountKobo`, and
 * returns it. Throws MimoValidationError otherwise.
 */
export function validateAmountKobo(amountKobo: unknown, maxAmountKobo: number, field = 'amountKobo'): number {
  if (typeof amountKobo !== 'number' || Number.isNaN(amountKobo)) {
    throw new MimoValidationError(field, `${field} must be a number of kobo, got ${describe(amountKobo)}.`);
  }
  if (!Number.isSafeInteger(amountKobo)) {
    throw new MimoValidationError(
      field,
      `${field} must be a whole number of kobo (1 naira = 100 kobo), got ${amountKobo}.`,
    );
  }
  if (amountKobo <= 0) {
    throw new MimoValidationError(field, `${field} must be above 0 kobo, got ${amountKobo}.`);
  }
  if (amountKobo > maxAmountKobo) {
    throw new MimoValidationError(
      field,
      `${field} ${amountKobo} is above the maximum of ${maxAmountKobo} kobo (₦${koboToDecimalString(maxAmountKobo)}).`,
    );
  }
  return amountKobo;
}

/**
 * Checks that `notes` is well-formed text of at most 255 code points, and returns it.
 * An emoji such as 🙂 counts as one, and so does each combining mark.
 */
export function validateNotes(notes: unknown, field = 'notes'): string {
  if (typeof notes !== 'string') {
    throw new MimoValidationError(field, `${field} must be a string, got ${describe(notes)}.`);
  }
  // A lone surrogate would be sent as U+FFFD, so MiMo would store other text than given.
  if (loneSurrogatePattern.test(notes)) {
    throw new MimoValidationError(field, `${field} contains an unpaired surrogate and is not valid Unicode text.`);
  }
  const length = [...notes].length;
  if (length > MAX_NOTES_LENGTH) {
    throw new MimoValidationError(
      field,
      `${field} has ${length} characters, but MiMo accepts at most ${MAX_NOTES_LENGTH} (Unicode code points).`,
    );
  }
  return notes;
}

/** Checks that `transactionId` is a positive integer written in decimal digits, and returns it. */
export function validateTransactionId(transactionId: unknown, field = 'transactionId'): string {
  if (typeof transactionId !== 'string' || !transactionIdPattern.test(transactionId)) {
    throw new MimoValidationError(
      field,
      `${field} must be a positive integer in decimal digits, such as "11234", got ${describe(transactionId)}.`,
    );
  }
  return transactionId;
}

/** Checks that `url` is an absolute http or https URL, and returns it parsed. */
export function validateHttpUrl(url: unknown, field = 'callbackUrl'): URL {
  if (typeof url !== 'string' || !URL.canParse(url)) {
    throw new MimoValidationError(field, `${field} must be an absolute URL, got ${describeUrl(url)}.`);
  }
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new MimoValidationError(field, `${field} must use http or https, got ${describeUrl(url)}.`);
  }
  return parsed;
}

/** Checks that `username` is a non-empty MiMo username without spaces or control characters. */
export function validateUsername(username: unknown, field = 'destinationUser'): string {
  if (typeof username !== 'string' || username.length === 0) {
    throw new MimoValidationError(field, `${field} must be a non-empty MiMo username, got ${describe(username)}.`);
  }
  if (/[\s\p{Cc}]/u.test(username) || [...username].length > MAX_NOTES_LENGTH) {
    throw new MimoValidationError(
      field,
      `${field} must be a MiMo username without spaces or control characters, got ${describe(username)}.`,
    );
  }
  return username;
}

/**
 * Checks that a required argument is a non-empty string, and returns it. The message
 * never quotes the value, because it may be a secret such as an access token.
 */
export function validateRequiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new MimoValidationError(field, `${field} must be a non-empty string.`);
  }
  return value;
}

/** Checks a client option that must be a positive safe integer, such as maxAmountKobo. */
export function validatePositiveIntegerOption(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MimoValidationError(field, `${field} must be a positive whole number, got ${describe(value)}.`);
  }
  return value;
}

/** Checks a client option that must be a non-negative safe integer, such as readRetries. */
export function validateNonNegativeIntegerOption(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MimoValidationError(field, `${field} must be a whole number of 0 or more, got ${describe(value)}.`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    const truncated = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(truncated);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return value === null ? 'null' : typeof value;
}

function describeUrl(value: unknown): string {
  return typeof value === 'string' ? redactUrl(describe(value)) : describe(value);
}
