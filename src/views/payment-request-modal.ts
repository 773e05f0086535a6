import type { View } from '@slack/types';
import { MAX_NOTES_LENGTH } from '../mimo/validation.js';
import { MAX_EXPIRY_DAYS, MAX_CUSTOMER_LABEL_LENGTH, MIN_EXPIRY_DAYS } from '../payments/request-input.js';

export const PAYMENT_REQUEST_CALLBACK_ID = 'payment_request_modal';

/** Block ids of the form's inputs. Each input's action id is `value`. */
export const FORM_BLOCKS = {
  customerUser: 'customer_user',
  customerLabel: 'customer_label',
  amount: 'amount',
  notes: 'notes',
  destinationUser: 'destination_user',
  expiryDays: 'expiry_days',
} as const;
export const FORM_ACTION_ID = 'value';

/** Data the form carries from the command to the submission, in `private_metadata`. */
export interface PaymentRequestFormMetadata {
  channelId: string;
}

export interface PaymentRequestModalInput {
  channelId: string;
  customerSlackUserId: string | null;
  amountText: string | null;
  expiryDays: number;
}

/** Builds the "Request a payment" form, filled in with whatever the command already gave. */
export function buildPaymentRequestModal(input: PaymentRequestModalInput): View {
  const metadata: PaymentRequestFormMetadata = { channelId: input.channelId };
  return {
    type: 'modal',
    callback_id: PAYMENT_REQUEST_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Request a payment' },
    submit: { type: 'plain_text', text: 'Create request' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: FORM_BLOCKS.customerUser,
        optional: true,
        label: { type: 'plain_text', text: 'Customer in Slack' },
        hint: { type: 'plain_text', text: 'They get the pay link by direct message. Fill in this or the next field.' },
        element: {
          type: 'users_select',
          action_id: FORM_ACTION_ID,
          placeholder: { type: 'plain_text', text: 'Choose a person' },
          ...(input.customerSlackUserId ? { initial_user: input.customerSlackUserId } : {}),
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.customerLabel,
        optional: true,
        label: { type: 'plain_text', text: 'Or the customer’s name or email' },
        hint: { type: 'plain_text', text: 'For a customer outside Slack. You send them the pay link yourself.' },
        element: {
          type: 'plain_text_input',
          action_id: FORM_ACTION_ID,
          max_length: MAX_CUSTOMER_LABEL_LENGTH,
          placeholder: { type: 'plain_text', text: 'Chioma Okafor or chioma@example.com' },
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.amount,
        label: { type: 'plain_text', text: 'Amount (₦)' },
        element: {
          type: 'plain_text_input',
          action_id: FORM_ACTION_ID,
          placeholder: { type: 'plain_text', text: '25,000.50' },
          ...(input.amountText ? { initial_value: input.amountText } : {}),
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.notes,
        label: { type: 'plain_text', text: 'Notes' },
        hint: { type: 'plain_text', text: `What the payment is for. The customer sees this on MiMo. At most ${MAX_NOTES_LENGTH} characters.` },
        element: {
          type: 'plain_text_input',
          action_id: FORM_ACTION_ID,
          max_length: MAX_NOTES_LENGTH,
          placeholder: { type: 'plain_text', text: 'Invoice 42' },
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.destinationUser,
        optional: true,
        label: { type: 'plain_text', text: 'Pay into MiMo user' },
        hint: { type: 'plain_text', text: 'MiMo username of the account that receives the money. Leave empty for the merchant account.' },
        element: {
          type: 'plain_text_input',
          action_id: FORM_ACTION_ID,
          placeholder: { type: 'plain_text', text: 'bola.adeyemi' },
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.expiryDays,
        label: { type: 'plain_text', text: 'Link expires after (days)' },
        element: {
          type: 'number_input',
          action_id: FORM_ACTION_ID,
          is_decimal_allowed: false,
          min_value: String(MIN_EXPIRY_DAYS),
          max_value: String(MAX_EXPIRY_DAYS),
          initial_value: String(input.expiryDays),
        },
      },
    ],
  };
}

/** Reads the form's metadata. Returns null when it is not what `buildPaymentRequestModal` wrote. */
export function readFormMetadata(privateMetadata: string): PaymentRequestFormMetadata | null {
  try {
    const parsed: unknown = JSON.parse(privateMetadata);
    if (parsed && typeof parsed === 'object' && 'channelId' in parsed && typeof parsed.channelId === 'string' && /^[CGD][A-Z0-9]+$/.test(parsed.channelId)) {
      return { channelId: parsed.channelId };
    }
  } catch {
    // Not JSON: fall through.
  }
  return null;
}
