import type { PaymentState } from '../../db/schema.js';

/** Presentation of a payment state in Slack: an emoji, a short label and a sentence of detail. */
export interface StatePresentation {
  emoji: string;
  label: string;
  detail: string;
}

const processing: StatePresentation = {
  emoji: ':arrows_counterclockwise:',
  label: 'Processing',
  detail: 'The customer approved on MiMo and the transfer is being made.',
};

const presentations: Record<PaymentState, StatePresentation> = {
  awaiting: {
    emoji: ':hourglass_flowing_sand:',
    label: 'Awaiting the customer',
    detail: 'Waiting for the customer to open the link and approve on MiMo.',
  },
  exchanging: processing,
  transferring: processing,
  transferred: {
    emoji: ':arrow_right:',
    label: 'Transferred',
    detail: 'MiMo accepted the transfer. It is not settled yet.',
  },
  settled: { emoji: ':white_check_mark:', label: 'Settled', detail: 'MiMo settled the transfer.' },
  declined: { emoji: ':no_entry_sign:', label: 'Declined', detail: 'The customer declined on MiMo. No money moved.' },
  cancelled: { emoji: ':x:', label: 'Cancelled', detail: 'Cancelled before payment. The pay link no longer works.' },
  expired: {
    emoji: ':alarm_clock:',
    label: 'Expired',
    detail: 'The pay link expired before the customer paid. No money moved.',
  },
  failed: { emoji: ':x:', label: 'Failed', detail: 'MiMo rejected the transfer. No money moved.' },
  needs_review: {
    emoji: ':warning:',
    label: 'Needs review',
    detail: 'MiMo did not confirm whether the money moved. Check the transaction on MiMo before asking the customer to pay again.',
  },
  voided: {
    emoji: ':leftwards_arrow_with_hook:',
    label: 'Voided',
    detail: 'The transfer was voided before it settled, so the customer keeps the money.',
  },
  refunded_partial: {
    emoji: ':leftwards_arrow_with_hook:',
    label: 'Refunded in part',
    detail: 'Part of the payment was refunded to the customer.',
  },
  refunded: {
    emoji: ':leftwards_arrow_with_hook:',
    label: 'Refunded',
    detail: 'The whole payment was refunded to the customer.',
  },
};

/** Looks up how `state` is shown. A state this program does not know is shown by its name. */
export function presentState(state: string): StatePresentation {
  if (Object.hasOwn(presentations, state)) {
    return presentations[state as PaymentState];
  }
  return { emoji: ':grey_question:', label: state, detail: '' };
}
