import type { ActionsBlock, KnownBlock, MrkdwnElement } from '@slack/types';
import { formatNaira } from '../../money.js';
import { formatLagosTime } from '../../time.js';
import type { PaymentView } from '../../payments/payment-view.js';
import { escapeMrkdwn, MAX_BLOCKS, MAX_TEXT_OBJECT_LENGTH, mrkdwnLink, truncateText } from '../mrkdwn.js';
import { presentState } from './payment-state.js';
import { normalizeTransferStatus } from '../../mimo/transfer-status.js';

export const CANCEL_REQUEST_ACTION_ID = 'cancel_request';
export const OPEN_PAY_LINK_ACTION_ID = 'open_pay_link';

/** A Slack message: fallback text for notifications plus Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Maximum characters of one section field. */
const MAX_FIELD_LENGTH = 2000;
/** Characters kept of text that comes from MiMo, before escaping. */
const MAX_UPSTREAM_TEXT = 300;
/** Characters of the notes shown in the notification text. */
const MAX_NOTES_IN_FALLBACK = 80;

/**
 * Builds the payment's live card from its current rows. Pure: the same view always
 * gives the same message. Text typed by people or sent by MiMo is escaped, so it
 * cannot mention anyone or form links.
 */
export function buildPaymentCard(view: PaymentView): SlackMessage {
  const { payment } = view;
  const state = presentState(payment.state);
  const amount = formatNaira(payment.amountKobo);
  const awaiting = payment.state === 'awaiting';

  const blocks: KnownBlock[] = [
    section(`${state.emoji} *${escapeMrkdwn(state.label)}*  ·  *${amount}*`),
    section(`*Notes*\n${escapeMrkdwn(payment.notes)}`),
    { type: 'section', fields: cardFields(view).map((text) => mrkdwn(text, MAX_FIELD_LENGTH)) },
  ];

  const detail = [state.detail];
  if (payment.failureReason) {
    detail.push(`Reason: ${escapeMrkdwn(truncateText(payment.failureReason, MAX_UPSTREAM_TEXT))}`);
  }
  blocks.push(section(detail.filter(Boolean).join('\n')));

  if (awaiting) {
    blocks.push(section(`Pay link: ${mrkdwnLink(view.payLink, view.payLink)}`));
    blocks.push(cardActions(view));
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`Requested ${formatLagosTime(payment.createdAt)}  ·  Last change ${formatLagosTime(payment.updatedAt)}`),
    ],
  });

  const notesPreview = escapeMrkdwn(truncateText(payment.notes, MAX_NOTES_IN_FALLBACK));
  return {
    text: `Payment request for ${amount} (${notesPreview}): ${state.label}`,
    blocks: blocks.slice(0, MAX_BLOCKS),
  };
}

/** Lists the card's fields. Slack shows at most 10 in one section, and this returns at most 8. */
function cardFields(view: PaymentView): string[] {
  const { payment, transfer } = view;
  const fields = [`*Customer*\n${customerText(view)}`, `*Requested by*\n<@${payment.requestedBy}>`];

  if (payment.destinationUser) {
    fields.push(`*Paid into*\nMiMo user ${escapeMrkdwn(payment.destinationUser)}`);
  }
  if (payment.state === 'awaiting' || payment.state === 'expired') {
    fields.push(`*Link expires*\n${formatLagosTime(payment.expiresAt)}`);
  }
  if (transfer) {
    fields.push(`*MiMo transaction*\n${escapeMrkdwn(transfer.mimoTransactionId)}`);
  }
  if (view.payerName) {
    fields.push(`*Paid by*\n${escapeMrkdwn(truncateText(view.payerName, MAX_UPSTREAM_TEXT))}`);
  }
  if (transfer && normalizeTransferStatus(transfer.mimoStatus).kind === 'unknown') {
    // A status this program does not know is shown verbatim, so people can ask MiMo about it.
    fields.push(`*MiMo status (not recognised)*\n${escapeMrkdwn(truncateText(transfer.mimoStatus, MAX_UPSTREAM_TEXT))}`);
  }
  if (transfer && transfer.refundedKobo > 0) {
    fields.push(`*Refunded*\n${formatNaira(transfer.refundedKobo)} of ${formatNaira(transfer.amountKobo)}`);
  }
  return fields;
}

function customerText(view: PaymentView): string {
  const { payment } = view;
  if (payment.customerSlackUserId) return `<@${payment.customerSlackUserId}>`;
  if (payment.customerLabel) return escapeMrkdwn(payment.customerLabel);
  return 'Not named: anyone with the link can pay';
}

function cardActions(view: PaymentView): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'payment_actions',
    elements: [
      {
        type: 'button',
        action_id: OPEN_PAY_LINK_ACTION_ID,
        text: { type: 'plain_text', text: 'Open pay link' },
        url: view.payLink,
      },
      {
        type: 'button',
        action_id: CANCEL_REQUEST_ACTION_ID,
        text: { type: 'plain_text', text: 'Cancel request' },
        style: 'danger',
        value: view.payment.id,
        confirm: {
          title: { type: 'plain_text', text: 'Cancel this request?' },
          text: {
            type: 'plain_text',
            text: `The pay link stops working, so the customer can no longer pay ${formatNaira(view.payment.amountKobo)}.`,
          },
          confirm: { type: 'plain_text', text: 'Cancel request' },
          deny: { type: 'plain_text', text: 'Keep it' },
          style: 'danger',
        },
      },
    ],
  };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function mrkdwn(text: string, max = MAX_TEXT_OBJECT_LENGTH): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateText(text, max) };
}
