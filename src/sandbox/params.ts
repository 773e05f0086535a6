/**
 * Validation of request parameters shared by the sandbox routes. Express 5 parses the
 * query string with node:querystring, so a parameter is a string, an array of strings
 * when repeated, or absent.
 */
import { z } from 'zod';
import { AmountError, parseDecimalToKobo } from '../money.js';

export const MAX_NOTES_LENGTH = 255;

/** Returns a schema for a parameter that is absent or given once. */
export function optionalParam(name: string) {
  return z.string({ error: `${name} must be given once.` }).optional();
}

/** Returns a schema for a parameter given exactly once. An empty value counts as missing. */
export function requiredParam(name: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${name} is missing.` : `${name} must be given once.`),
    })
    .min(1, { error: `${name} is missing.` });
}

// Tab, line feed and carriage return are allowed; other control characters usually come
// from a bad percent-escape such as %10.
const controlCharacterPattern = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Returns a schema for free-text notes of at most 255 characters (Unicode code points) without control characters. */
export function notesParam(name: string) {
  return optionalParam(name)
    .transform((notes) => notes ?? '')
    .check((ctx) => {
      const notes = ctx.value;
      const length = [...notes].length;
      if (length > MAX_NOTES_LENGTH) {
        ctx.issues.push({
          code: 'custom',
          input: notes,
          message: `${name} has ${length} characters. The maximum is ${MAX_NOTES_LENGTH}.`,
        });
      }
      if (controlCharacterPattern.test(notes)) {
        ctx.issues.push({
          code: 'custom',
          input: notes,
          message: `${name} contains a control character. Check its percent-encoding (a space is %20 or +).`,
        });
      }
    });
}

/**
 * Parses a positive amount in naira written as a plain decimal with at most two
 * decimals ("980.99", "25000"). Returns kobo, or throws an AmountError whose message
 * names the parameter.
 */
export function parsePositiveAmount(name: string, text: string): number {
  let kobo: number;
  try {
    kobo = parseDecimalToKobo(text);
  } catch {
    throw new AmountError(
      `${name} "${text}" is not a valid amount. ` +
        'Use a positive decimal number of naira with at most two decimals, for example 980.99.',
    );
  }
  if (kobo === 0) {
    throw new AmountError(`${name} must be above 0.`);
  }
  return kobo;
}

/** Returns a schema for a MiMo transaction id, which is a positive integer. */
export function transactionIdParam(name: string) {
  return requiredParam(name)
    .regex(/^[1-9]\d{0,14}$/, { error: `${name} must be a MiMo transaction id (a positive integer).` })
    .transform(Number);
}

/** Returns whether `text` is an absolute http or https URL. */
export function isAbsoluteHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) {
    return false;
  }
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

/** Returns the message of the first validation issue. */
export function firstIssueMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The request parameters are invalid.';
}
