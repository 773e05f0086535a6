import type { ViewOutput } from '@slack/bolt';
import {
  checkAmount,
  checkCustomerLabel,
  checkDestinationUser,
  checkExpiryDays,
  checkNotes,
} from '../payments/request-input.js';
import { FORM_ACTION_ID, FORM_BLOCKS } from './payment-request-modal.js';

/** The form's fields once every one passed its check. */
export interface PaymentRequestForm {
  customerSlackUserId: string | null;
  customerLabel: string | null;
  amountKobo: number;
  notes: string;
  destinationUser: string | null;
  expiryDays: number;
}

/** The checked form, or a message per offending block id for `response_action: 'errors'`. */
export type FormResult = { ok: true; form: PaymentRequestForm } | { ok: false; errors: Record<string, string> };

/** Reads and checks the submitted "Request a payment" form. */
export function readPaymentRequestForm(view: ViewOutput, maxAmountKobo: number): FormResult {
  const values = view.state.values;
  const field = (blockId: string) => values[blockId]?.[FORM_ACTION_ID];
  const text = (blockId: string) => field(blockId)?.value ?? '';

  const errors: Record<string, string> = {};
  const customerSlackUserId = field(FORM_BLOCKS.customerUser)?.selected_user ?? null;
  let customerLabel: string | null = null;
  const labelText = text(FORM_BLOCKS.customerLabel);
  if (labelText.trim() !== '') {
    const label = checkCustomerLabel(labelText);
    if (label.ok) customerLabel = label.value;
    else errors[FORM_BLOCKS.customerLabel] = label.message;
  }
  if (customerSlackUserId === null && labelText.trim() === '') {
    errors[FORM_BLOCKS.customerUser] = 'Choose the customer in Slack, or type their name or email in the next field.';
  } else if (customerSlackUserId !== null && customerLabel !== null) {
    errors[FORM_BLOCKS.customerLabel] = 'Choose a person in Slack or type a name or email, not both.';
  }

  const amount = checkAmount(text(FORM_BLOCKS.amount), maxAmountKobo);
  if (!amount.ok) errors[FORM_BLOCKS.amount] = amount.message;

  const notes = checkNotes(text(FORM_BLOCKS.notes));
  if (!notes.ok) errors[FORM_BLOCKS.notes] = notes.message;

  let destinationUser: string | null = null;
  const destinationText = text(FORM_BLOCKS.destinationUser);
  if (destinationText.trim() !== '') {
    const destination = checkDestinationUser(destinationText);
    if (destination.ok) destinationUser = destination.value;
    else errors[FORM_BLOCKS.destinationUser] = destination.message;
  }

  const expiry = checkExpiryDays(text(FORM_BLOCKS.expiryDays));
  if (!expiry.ok) errors[FORM_BLOCKS.expiryDays] = expiry.message;

  if (!amount.ok || !notes.ok || !expiry.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    form: {
      customerSlackUserId,
      customerLabel,
      amountKobo: amount.value,
      notes: notes.value,
      destinationUser,
      expiryDays: expiry.value,
    },
  };
}
