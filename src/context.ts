import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import type { MimoClient } from './mimo/client.js';
import type { TokenCache } from './mimo/token-cache.js';
import type { SecretBox } from './crypto.js';

/**
 * Dependencies that every handler, route and job receives, built once by the composition root
 * (src/app.ts), never read from the environment inside a handler.
 */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  mimo: MimoClient;
  tokens: TokenCache;
  secrets: SecretBox;
  /** Slack Web API client authorised with the bot token. */
  slack: WebClient;
  /** Asks the outbox worker to deliver queued Slack posts now instead of at its next sweep. */
  kickOutbox: () => void;
}
