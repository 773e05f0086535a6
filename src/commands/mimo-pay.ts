import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../context.js';
import { createPaymentRequest } from '../payments/create-payment-request.js';
import { buildRequesterPayLinkText } from '../slack/blocks/pay-link-message.js';
import { classifySlackError } from '../slack/slack-api-error.js';
import { MIMO_PAY_USAGE, withUsage } from '../slack/usage.js';
import { buildPaymentRequestModal } from '../views/payment-request-modal.js';
import { parsePayCommand } from './parse-pay-command.js';

/**
 * Handles `/mimo-pay [@customer] <amount> <notes>`. It checks the text and acknowledges at
 * once, with the problem and the usage when the text is invalid. After the acknowledgement,
 * a complete command creates the request and an incomplete one opens the form.
 */
export function mimoPayCommand(services: Services): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, client }) => {
    const input = parsePayCommand(command.text, services.config.maxAmountKobo);

    if (input.kind === 'invalid') {
      await ack({ response_type: 'ephemeral', text: withUsage(input.message) });
      return;
    }
    await ack();

    if (input.kind === 'incomplete') {
      const view = buildPaymentRequestModal({
        channelId: command.channel_id,
        customerSlackUserId: input.customerSlackUserId,
        amountText: input.amountText,
        expiryDays: services.config.linkExpiryDays,
      });
      try {
        await client.views.open({ trigger_id: command.trigger_id, view });
      } catch (error) {
        const failure = classifySlackError(error);
        if (!failure) throw error;
        services.logger.warn({ slackUserId: command.user_id, reason: failure.reason }, 'failed to open the payment request form');
        await respond({
          response_type: 'ephemeral',
          text: `Slack did not open the form (${failure.reason}). Try again, or type the whole command.\n\n${MIMO_PAY_USAGE}`,
        });
      }
      return;
    }

    const { payment, payLink } = await createPaymentRequest(services, {
      amountKobo: input.amountKobo,
      notes: input.notes,
      customerSlackUserId: input.customerSlackUserId,
      customerLabel: null,
      destinationUser: null,
      expiryDays: services.config.linkExpiryDays,
      requestedBy: command.user_id,
      channelId: command.channel_id,
      teamId: command.team_id || null,
    });
    services.logger.info(
      { paymentId: payment.id, slackUserId: command.user_id, channelId: command.channel_id },
      'payment request created from the command',
    );
    await respond({
      response_type: 'ephemeral',
      text: buildRequesterPayLinkText({ amountKobo: payment.amountKobo, payLink, customerSlackUserId: payment.customerSlackUserId }),
    });
  };
}
