export { MimoClient, type MimoClientOptions } from './client.js';
export { buildAuthenticateUrl, AUTHENTICATE_PATH, type AuthenticateUrlParams } from './authenticate-url.js';
export {
  MimoError,
  MimoNetworkError,
  MimoTimeoutError,
  MimoTokenRejectedError,
  MimoClientError,
  MimoServerError,
  MimoProtocolError,
  MimoValidationError,
  MimoOutcomeUnknownError,
  isMimoError,
  type MimoErrorCode,
  type MimoOperation,
  type OutcomeUnknownReason,
} from './errors.js';
export { TokenCache, TOKEN_LIFETIME_MS, type TokenStore, type CachedToken, type TokenCacheOptions } from './token-cache.js';
export { MemoryTokenStore } from './memory-token-store.js';
export {
  KNOWN_TRANSFER_STATUSES,
  normalizeTransferStatus,
  type KnownTransferStatus,
  type TransferStatus,
} from './transfer-status.js';
export {
  DEFAULT_MAX_AMOUNT_KOBO,
  MAX_NOTES_LENGTH,
  validateAmountKobo,
  validateNotes,
  validateTransactionId,
} from './validation.js';
export type {
  MimoUser,
  MimoUserProfile,
  TokenGrant,
  TransferCreated,
  TransferDetails,
  TransferRefunded,
  TransferVoided,
} from './types.js';
