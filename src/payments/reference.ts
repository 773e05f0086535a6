import { randomBytes } from 'node:crypto';

/** Random bytes in a payment reference: 192 bits, so references cannot be guessed or enumerated. */
const REFERENCE_BYTES = 24;

/** Creates a new public payment reference: 32 base64url characters. */
export function newPaymentReference(): string {
  return randomBytes(REFERENCE_BYTES).toString('base64url');
}

/** Builds the customer's pay link, `<PUBLIC_URL>/pay/<reference>`. */
export function payLinkUrl(publicUrl: string, reference: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/pay/${encodeURIComponent(reference)}`;
}
