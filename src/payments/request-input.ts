import { AmountError, formatNaira, parseNairaInput } from '../money.js';
import { MAX_NOTES_LENGTH } from '../mimo/validation.js';

/** Result of checking one field of a payment request: the clean value, or a message for the person. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Maximum characters (code points) of a customer's name or email typed by the requester. */
export const MAX_CUSTOMER_LABEL_LENGTH = 120;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 90;

// NOTE: MiMo's username rules are not known here. This pattern accepts the shape of the
// known usernames (letters, digits, dots, underscores, hyphens), and MiMo makes the final check.
const mimoUsernamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const controlCharacters = /\p{Cc}/u;

/** Parses an amount typed by a person into kobo and checks it against the per-request maximum. */
export function checkAmount(text: string, maxAmountKobo: number): FieldResult<number> {
  let kobo: number;
  try {
    kobo = parseNairaInput(text);
  } catch (error) {
    if (error instanceof AmountError) return { ok: false, message: error.message };
    throw error;
  }
  if (kobo > maxAmountKobo) {
    return {
      ok: false,
      message: `The amount ${formatNaira(kobo)} is above the maximum of ${formatNaira(maxAmountKobo)} for one request.`,
    };
  }
  return { ok: true, value: kobo };
}

/** Trims notes and checks that they are present and within MiMo's limit of 255 code points. */
export function checkNotes(text: string): FieldResult<string> {
  const notes = text.trim();
  if (notes === '') {
    return { ok: false, message: 'The notes are missing. Say what the payment is for, such as "Invoice 42".' };
  }
  const length = [...notes].length;
  if (length > MAX_NOTES_LENGTH) {
    return {
      ok: false,
      message: `The notes have ${length} characters, but MiMo accepts at most ${MAX_NOTES_LENGTH}. Shorten them.`,
    };
  }
  return { ok: true, value: notes };
}

/** Checks a MiMo username for the destination account, dropping a leading @. */
export function checkDestinationUser(text: string): FieldResult<string> {
  const username = text.trim().replace(/^@/, '');
  if (!mimoUsernamePattern.test(username)) {
    return {
      ok: false,
      message: `"${text.trim()}" is not a valid MiMo username. Use 2 to 64 letters, digits, dots, underscores or hyphens, such as chioma.okafor.`,
    };
  }
  return { ok: true, value: username };
}

/** Checks the name or email of a customer outside Slack. */
export function checkCustomerLabel(text: string): FieldResult<string> {
  const label = text.trim();
  if (controlCharacters.test(label)) {
    return { ok: false, message: 'The name or email contains control characters. Type it on one line.' };
  }
  const length = [...label].length;
  if (length > MAX_CUSTOMER_LABEL_LENGTH) {
    return { ok: false, message: `The name or email has ${length} characters, but the maximum is ${MAX_CUSTOMER_LABEL_LENGTH}. Shorten it.` };
  }
  return { ok: true, value: label };
}

/** Checks the number of days the pay link stays valid: a whole number from 1 to 90. */
export function checkExpiryDays(text: string): FieldResult<number> {
  const trimmed = text.trim();
  const days = /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(days) || days < MIN_EXPIRY_DAYS || days > MAX_EXPIRY_DAYS) {
    return { ok: false, message: `Enter a whole number of days from ${MIN_EXPIRY_DAYS} to ${MAX_EXPIRY_DAYS}.` };
  }
  return { ok: true, value: days };
}
