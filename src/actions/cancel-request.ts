import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../context.js';
import { cancelPaymentRequest } from '../payments/cancel-payment-request.js';
import { presentState } from '../slack/blocks/payment-state.js';

/**
 * Handles the card's "Cancel request" button. The card and its thread show a successful
 * cancel. The person who clicked gets a private reply when they may not cancel or it is too late.
 */
export function cancelRequestAction(services: Services): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const userId = body.user.id;
    const outcome = await cancelPaymentRequest(services, action.value ?? '', userId);
    const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });

    switch (outcome.kind) {
      case 'cancelled':
        services.logger.info({ paymentId: outcome.payment.id, slackUserId: userId }, 'payment request cancelled');
        return;
      case 'not_allowed':
        services.logger.info({ paymentId: outcome.payment.id, slackUserId: userId }, 'cancel rejected: the person is neither the requester nor a refund approver');
        await reply(
          `Only <@${outcome.payment.requestedBy}>, who made this request, or a refund approver can cancel it. Ask one of them.`,
        );
        return;
      case 'not_awaiting':
        services.logger.info({ paymentId: outcome.payment.id, slackUserId: userId, state: outcome.payment.state }, 'cancel rejected: the payment request no longer awaits the customer');
        await reply(`This request can no longer be cancelled. Its status is now: ${presentState(outcome.payment.state).label}.`);
        return;
      case 'not_found':
        services.logger.warn({ slackUserId: userId }, 'cancel clicked for a payment request that does not exist');
        await reply('This payment request no longer exists, so there is nothing to cancel.');
        return;
    }
  };
}
