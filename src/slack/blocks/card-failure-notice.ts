import { formatNaira } from '../../money.js';
import type { PaymentView } from '../../payments/payment-view.js';
import { escapeMrkdwn, mrkdwnLink, truncateText } from '../mrkdwn.js';
import { presentState } from './payment-state.js';

/** Characters of the notes quoted in the notice. */
const MAX_NOTES_QUOTED = 80;

/**
 * Builds the direct message telling a requester that their payment's card could not be
 * posted or updated, with what to do about it. `reason` is Slack's error string.
 */
export function buildCardFailureNotice(view: PaymentView, reason: string, wasPosted: boolean): string {
  const { payment } = view;
  const channel = `<#${payment.channelId}>`;
  const request = `your ${formatNaira(payment.amountKobo)} request "${escapeMrkdwn(truncateText(payment.notes, MAX_NOTES_QUOTED))}"`;
  const verb = wasPosted ? 'update the card of' : 'post the card of';
  const fix =
    reason === 'not_in_channel' || reason === 'channel_not_found'
      ? `Invite this app to ${channel} (type \`/invite\` in the channel and choose it), so the next change posts the card there.`
      : reason === 'is_archived'
        ? `${channel} is archived. Unarchive it to see the card there again.`
        : 'Tell whoever runs mimo-slack, because the card will not update until this is fixed.';
  const status = presentState(payment.state).label;
  const link = payment.state === 'awaiting' ? ` The pay link still works: ${mrkdwnLink(view.payLink, view.payLink)}` : '';

  return `I could not ${verb} ${request} in ${channel}: Slack returned \`${escapeMrkdwn(reason)}\`. ${fix}\nThe request itself is unaffected. Its status is: ${status}.${link}`;
}
