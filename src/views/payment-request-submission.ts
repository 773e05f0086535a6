import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../context.js';
import { createPaymentRequest } from '../payments/create-payment-request.js';
import { classifySlackError, isSlackApiError } from '../slack/slack-api-error.js';
import { buildRequesterPayLinkText } from '../slack/blocks/pay-link-message.js';
import { readFormMetadata } from './payment-request-modal.js';
import { readPaymentRequestForm } from './read-payment-request-form.js';

/**
 * Handles the submitted "Request a payment" form. Field errors go back to the form.
 * Otherwise the form closes at once, and the request is created after the acknowledgement.
 */
export function paymentRequestSubmission(services: Services): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ ack, body, view, client }) => {
    const metadata = readFormMetadata(view.private_metadata);
    if (!metadata) {
      // Close the form first, so the person gets the error reference instead of Slack's timeout message.
      await ack();
      throw new Error('payment request form has no valid channel id in private_metadata');
    }
    const result = readPaymentRequestForm(view, services.config.maxAmountKobo);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    await ack();

    const userId = body.user.id;
    const { payment, payLink } = await createPaymentRequest(services, {
      ...result.form,
      requestedBy: userId,
      channelId: metadata.channelId,
      teamId: body.team?.id ?? null,
    });
    services.logger.info({ paymentId: payment.id, slackUserId: userId, channelId: metadata.channelId }, 'payment request created from the form');

    const text = buildRequesterPayLinkText({ amountKobo: payment.amountKobo, payLink, customerSlackUserId: payment.customerSlackUserId });
    try {
      await client.chat.postEphemeral({ channel: metadata.channelId, user: userId, text });
    } catch (error) {
      if (!isSlackApiError(error)) throw error;
      // The app may not be in that channel, but a direct message still reaches the requester.
      services.logger.warn(
        { paymentId: payment.id, slackUserId: userId, channelId: metadata.channelId, reason: classifySlackError(error)?.reason },
        'failed to post the pay link privately in the channel; sending it by direct message',
      );
      await client.chat.postMessage({ channel: userId, text, unfurl_links: false, unfurl_media: false });
    }
  };
}
