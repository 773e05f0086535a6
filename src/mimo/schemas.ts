/**
 * Zod schemas of MiMo's JSON responses. Each success schema parses the documented
 * shape and outputs the app's types (camelCase, kobo, string ids). Unknown extra
 * fields are ignored, and missing optional fields become null.
 */
import { z } from 'zod';
import { AmountError, parseServerAmountToKobo } from '../money.js';
import { normalizeTransferStatus } from './transfer-status.js';
import type {
  MimoUser,
  MimoUserProfile,
  TokenGrant,
  TransferCreated,
  TransferDetails,
} from './types.js';

const decimalIdPattern = /^[1-9]\d{0,19}$/;

/** A positive integer id sent as a JSON number or a digit string, output as a digit string. */
export const idSchema = z
  .union([
    z
      .number()
      .int()
      .positive()
      .refine(Number.isSafeInteger, 'id is above 2^53 and cannot be read exactly from a JSON number'),
    z.string().regex(decimalIdPattern, 'id must be a positive integer in decimal digits'),
  ])
  .transform((id) => String(id));

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/** Any non-negative decimal amount, such as "1000000.0", output in kobo. */
export const amountSchema = z.union([z.string(), z.number()]).transform((value, context) => {
  try {
    return parseServerAmountToKobo(value);
  } catch (error) {
    if (error instanceof AmountError) {
      context.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
    throw error;
  }
});

/** MiMo's error body, `{"error": "...", "error_description": "..."}`. */
export const errorBodySchema = z.object({
  error: z.string(),
  error_description: optionalText,
});

export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    expires_in: z
      .union([z.number().positive(), z.string().regex(/^[1-9]\d*$/).transform(Number)])
      .nullish(),
  })
  .transform(
    (body): TokenGrant => ({
      accessToken: body.access_token,
      expiresInSeconds: body.expires_in ?? null,
    }),
  );

export const transferCreatedSchema = z
  .object({
    message: optionalText,
    transactionId: idSchema,
  })
  .transform((body): TransferCreated => ({ transactionId: body.transactionId, message: body.message }));

export const transferVoidedSchema = z.object({
  message: z.string(),
});

export const transferRefundedSchema = z.object({
  message: optionalText,
  refundtransactionId: idSchema,
});

const userFields = {
  id: idSchema,
  username: z.string(),
  account_number: optionalText,
  account_type: optionalText,
  company_name: optionalText,
  first_name: optionalText,
  middle_name: optionalText,
  surname: optionalText,
  photo_url: optionalText,
  email: optionalText,
};

type UserBody = z.output<z.ZodObject<typeof userFields>>;

function toMimoUser(body: UserBody): MimoUser {
  return {
    id: body.id,
    username: body.username,
    accountNumber: body.account_number,
    accountType: body.account_type,
    companyName: body.company_name,
    firstName: body.first_name,
    middleName: body.middle_name,
    surname: body.surname,
    photoUrl: body.photo_url,
    email: body.email,
  };
}

export const userSchema = z.object(userFields).transform(toMimoUser);

export const userProfileSchema = z
  .object({
    ...userFields,
    level: z
      .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
      .nullish()
      .transform((value) => value ?? null),
  })
  .transform((body): MimoUserProfile => ({ ...toMimoUser(body), level: body.level }));

export const transferDetailsSchema = z
  .object({
    id: idSchema,
    datetime: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'datetime is not a valid date and time'),
    type: optionalText,
    destination: userSchema.nullish().transform((value) => value ?? null),
    amount: amountSchema,
    notes: optionalText,
    status: z.string().transform(normalizeTransferStatus),
  })
  .transform(
    (body): TransferDetails => ({
      transactionId: body.id,
      datetime: body.datetime,
      type: body.type,
      destination: body.destination,
      amountKobo: body.amount,
      notes: body.notes,
      status: body.status,
    }),
  );

/**
 * Summarizes the first issues of a failed parse as `path: message` pairs. Zod 4's
 * built-in messages name types rather than received values, but the amount issue
 * quotes the amount, so callers still redact the result.
 */
export function describeIssues(error: z.ZodError, maxIssues = 3): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > maxIssues ? ` and ${error.issues.length - maxIssues} more` : '';
  return `${parts.join('; ')}${more}`;
}
