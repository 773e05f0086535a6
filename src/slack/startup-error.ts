import type { Config } from '../config.js';
import { classifySlackError } from './slack-api-error.js';

const DEFAULT_SLACK_API_URL = 'https://slack.com/api';
const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * Rewrites a failure of Bolt's start-up token check (`auth.test`) into a message that
 * names the variable to fix. Other errors are returned unchanged.
 */
export function explainSlackStartupError(error: unknown, config: Config): Error {
  const failure = classifySlackError(error);
  if (!failure) return error instanceof Error ? error : new Error(String(error));

  const apiUrl = config.slack.apiUrl ?? DEFAULT_SLACK_API_URL;
  if (failure.kind === 'permanent' && TOKEN_ERRORS.has(failure.reason)) {
    return new Error(
      `SLACK_BOT_TOKEN was rejected by Slack (auth.test returned ${failure.reason}): copy the Bot User OAuth Token ` +
        "again from your Slack app's OAuth & Permissions page, and reinstall the app if it was removed.",
    );
  }
  if (failure.reason.startsWith('network') || failure.reason.startsWith('http_')) {
    const variable = config.slack.apiUrl ? 'SLACK_API_URL' : 'the network';
    return new Error(`Could not reach Slack's Web API at ${apiUrl} (${failure.reason}): check ${variable}.`);
  }
  return new Error(`Slack's start-up check auth.test failed (${failure.reason}): check SLACK_BOT_TOKEN and SLACK_API_URL.`);
}
