import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';

/**
 * Acknowledges a click on the card's "Open pay link" button. Slack opens the URL itself
 * but still sends the click, and shows a warning icon when it is not acknowledged.
 */
export const openPayLinkAction: Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> = async ({ ack }) => {
  await ack();
};
