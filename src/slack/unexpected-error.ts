import { randomBytes } from 'node:crypto';
import type { Services } from '../context.js';

/** Arguments Bolt passes to a global error handler when the App has `extendedErrorHandler: true`. */
export interface SlackErrorHandlerArgs {
  /** Bolt wraps errors without a `code` in an UnknownError that keeps the thrown value as `original`. */
  error: Error & { original?: unknown };
  body: unknown;
}

/** How long telling the person about an error may take before it is given up. */
const NOTIFY_TIMEOUT_MS = 5_000;

/** Creates a short id that ties a person's error message to the log line, such as `ERR-3F9A21C4`. */
export function newErrorReference(): string {
  return `ERR-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Builds the message shown to a person when their request failed unexpectedly. */
export function unexpectedErrorText(referenceId: string): string {
  return `Something went wrong on our side and your request may not have been completed. Check the payment card before trying again, and give this reference to whoever runs mimo-slack: ${referenceId}`;
}

/**
 * Creates Bolt's global error handler, the one place where errors that listeners did not
 * expect end up. It logs each with a new reference id and sends the person that id
 * privately, through the request's response_url when it has one and by direct message otherwise.
 */
export function handleUnexpectedError(services: Services): (args: SlackErrorHandlerArgs) => Promise<void> {
  const logger = services.logger.child({ component: 'slack' });
  return async ({ error, body }) => {
    const referenceId = newErrorReference();
    const request = describeRequest(body);
    const cause = error.original instanceof Error ? error.original : error;
    logger.error({ err: cause, referenceId, slackUserId: request.userId, request: request.name }, 'unexpected error in Slack listener');

    const text = unexpectedErrorText(referenceId);
    try {
      if (request.responseUrl) {
        const response = await fetch(request.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
        if (!response.ok) throw new Error(`response_url returned HTTP ${response.status}`);
      } else if (request.userId) {
        await services.slack.chat.postMessage({ channel: request.userId, text });
      }
    } catch (notifyError) {
      logger.warn({ err: notifyError, referenceId, slackUserId: request.userId }, 'failed to send the error reference to the person');
    }
  };
}

interface RequestDescription {
  /** Command, callback id or action id, for the log. */
  name: string | undefined;
  userId: string | undefined;
  responseUrl: string | undefined;
}

function describeRequest(body: unknown): RequestDescription {
  const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const payload = record(body);
  const user = record(payload.user);
  const view = record(payload.view);
  const firstAction = record(Array.isArray(payload.actions) ? payload.actions[0] : undefined);
  const responseUrls = Array.isArray(payload.response_urls) ? payload.response_urls : [];

  return {
    name: text(payload.command) ?? text(view.callback_id) ?? text(firstAction.action_id) ?? text(payload.type),
    userId: text(payload.user_id) ?? text(user.id),
    responseUrl: text(payload.response_url) ?? text(record(responseUrls[0]).response_url),
  };
}
