import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';

/** Reply to `/mimo-refund`, which does nothing yet. */
export const REFUND_NOT_AVAILABLE_TEXT =
  'Refunds cannot be requested yet. When they can, you will use the "Request refund" button on the payment’s card, and a refund approver will decide. Nothing was changed.';

/** Replies to `/mimo-refund` that refunds are not available yet, and changes nothing. */
export const mimoRefundCommand: Middleware<SlackCommandMiddlewareArgs> = async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: REFUND_NOT_AVAILABLE_TEXT });
};
