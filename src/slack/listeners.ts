import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../context.js';
import { cancelRequestAction } from '../actions/cancel-request.js';
import { openPayLinkAction } from '../actions/open-pay-link.js';
import { mimoPayCommand } from '../commands/mimo-pay.js';
import { mimoRefundCommand } from '../commands/mimo-refund.js';
import { registerMimoStatusCommand } from '../commands/mimo-status.js';
import { CANCEL_REQUEST_ACTION_ID, OPEN_PAY_LINK_ACTION_ID } from './blocks/payment-card.js';
import { PAYMENT_REQUEST_CALLBACK_ID } from '../views/payment-request-modal.js';
import { paymentRequestSubmission } from '../views/payment-request-submission.js';
import { handleUnexpectedError } from './unexpected-error.js';

/**
 * Registers every Slack command, action and view listener, and the global handler
 * for errors that no listener expected. Requires the App to be built with
 * `extendedErrorHandler: true`, so the handler receives the request body.
 */
export function registerSlackListeners(app: App, services: Services): void {
  app.command('/mimo-pay', mimoPayCommand(services));
  app.command('/mimo-refund', mimoRefundCommand);
  registerMimoStatusCommand(app, services);

  app.view<ViewSubmitAction>(PAYMENT_REQUEST_CALLBACK_ID, paymentRequestSubmission(services));

  app.action<BlockButtonAction>(CANCEL_REQUEST_ACTION_ID, cancelRequestAction(services));
  app.action<BlockButtonAction>(OPEN_PAY_LINK_ACTION_ID, openPayLinkAction);

  app.error(handleUnexpectedError(services));
}
