import { koboToDecimalString } from '../money.js';
import { validateAmountKobo, validateHttpUrl, validateNotes, validateUsername } from './validation.js';

export const AUTHENTICATE_PATH = '/oauth/v2/authenticate';

export interface AuthenticateUrlParams {
  /** Absolute http(s) URL that MiMo redirects the customer to with `code` or `access_denied`. */
  callbackUrl: string;
  amountKobo: number;
  /** At most 255 Unicode code points, for example an invoice number. */
  notes: string;
  /** MiMo username that receives the money instead of the merchant. */
  destinationUser?: string;
}

/**
 * Builds the URL of MiMo's consent page, where the customer approves a payment and
 * MiMo issues an authentication code. Validates every parameter first and throws
 * MimoValidationError on a bad one.
 */
export function buildAuthenticateUrl(
  baseUrl: string,
  clientId: string,
  params: AuthenticateUrlParams,
  maxAmountKobo: number,
): string {
  validateHttpUrl(params.callbackUrl);
  const amountKobo = validateAmountKobo(params.amountKobo, maxAmountKobo);
  const notes = validateNotes(params.notes);

  const query = new URLSearchParams();
  query.set('client_id', clientId);
  // The URL goes out as given, because URL.href may rewrite it (for example by
  // adding a trailing slash) and the customer should return to exactly this URL.
  query.set('url', params.callbackUrl);
  query.set('amount', koboToDecimalString(amountKobo));
  query.set('notes', notes);
  if (params.destinationUser !== undefined) {
    query.set('destination_user', validateUsername(params.destinationUser));
  }
  query.set('response_type', 'code');

  const url = new URL(`${baseUrl}${AUTHENTICATE_PATH}`);
  url.search = query.toString();
  return url.href;
}
