import { createLogger, type Logger } from '../logger.js';
import type { MimoClient } from './client.js';
import { MimoTokenRejectedError } from './errors.js';
import type { TokenGrant } from './types.js';

export interface CachedToken {
  accessToken: string;
  expiresAt: Date;
}

/**
 * Persistent storage of MiMo credentials per authorization (one customer's consent).
 * Implementations should encrypt both the token and the code at rest.
 */
export interface TokenStore {
  /** Returns the cached token of an authorization, or null. */
  loadToken(authorizationId: string): Promise<CachedToken | null>;
  saveToken(authorizationId: string, accessToken: string, expiresAt: Date): Promise<void>;
  /** The user authentication code that renews tokens. */
  loadCode(authorizationId: string): Promise<string>;
}

/** MiMo's documented lifetime of an access token. */
export const TOKEN_LIFETIME_MS = 30 * 60_000;

export interface TokenCacheOptions {
  client: Pick<MimoClient, 'exchangeCode'>;
  store: TokenStore;
  clock?: () => Date;
  /** A token that expires within this many ms is renewed before use. */
  renewBeforeMs?: number;
  /** Lifetime assumed when MiMo's token response has no `expires_in`. */
  tokenLifetimeMs?: number;
  logger?: Logger;
}

/**
 * Hands out MiMo access tokens per authorization, renewing them from the stored
 * authentication code shortly before they expire or after MiMo rejects one.
 * Concurrent callers of one authorization share a single renewal request.
 */
export class TokenCache {
  private readonly client: Pick<MimoClient, 'exchangeCode'>;
  private readonly store: TokenStore;
  private readonly clock: () => Date;
  private readonly renewBeforeMs: number;
  private readonly tokenLifetimeMs: number;
  private readonly logger: Logger;
  private readonly renewals = new Map<string, Promise<CachedToken>>();

  constructor(options: TokenCacheOptions) {
    this.client = options.client;
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.renewBeforeMs = options.renewBeforeMs ?? 60_000;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? TOKEN_LIFETIME_MS;
    this.logger = options.logger ?? createLogger({ level: 'silent' });
  }

  /**
   * Calls `call` with a valid access token of the authorization. When `call` fails
   * with MimoTokenRejectedError, renews the token and calls it once more. That is
   * safe for create, void and refund too, because MiMo does not act on a request
   * whose token it rejects.
   */
  async withToken<T>(authorizationId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.currentToken(authorizationId);
    try {
      return await call(token.accessToken);
    } catch (error) {
      if (!(error instanceof MimoTokenRejectedError)) {
        throw error;
      }
      this.logger.warn(
        { authorizationId, operation: error.operation, expiresAt: token.expiresAt.toISOString() },
        'MiMo rejected the access token before its expiry, renewing it and calling once more',
      );
      const renewed = await this.replaceRejectedToken(authorizationId, token.accessToken);
      return call(renewed.accessToken);
    }
  }

  /**
   * Stores the token obtained when the customer returned from the consent page,
   * so that the first calls need no renewal. Returns the cached token.
   */
  async rememberToken(authorizationId: string, token: TokenGrant | string, issuedAt: Date): Promise<CachedToken> {
    const grant: TokenGrant = typeof token === 'string' ? { accessToken: token, expiresInSeconds: null } : token;
    const cached = { accessToken: grant.accessToken, expiresAt: this.expiryOf(grant, issuedAt) };
    await this.store.saveToken(authorizationId, cached.accessToken, cached.expiresAt);
    return cached;
  }

  /** Returns the stored token unless it expires within renewBeforeMs, else a renewed one. */
  async currentToken(authorizationId: string): Promise<CachedToken> {
    const renewal = this.renewals.get(authorizationId);
    if (renewal) {
      return renewal;
    }
    const stored = await this.store.loadToken(authorizationId);
    if (stored && !this.expiresSoon(stored)) {
      return stored;
    }
    return this.renew(authorizationId);
  }

  private async replaceRejectedToken(authorizationId: string, rejectedToken: string): Promise<CachedToken> {
    const renewal = this.renewals.get(authorizationId);
    if (renewal) {
      return renewal;
    }
    // Another caller may have renewed the token while this one was rejected.
    const stored = await this.store.loadToken(authorizationId);
    if (stored && stored.accessToken !== rejectedToken && !this.expiresSoon(stored)) {
      return stored;
    }
    return this.renew(authorizationId);
  }

  private renew(authorizationId: string): Promise<CachedToken> {
    const existing = this.renewals.get(authorizationId);
    if (existing) {
      return existing;
    }
    const renewal = this.requestToken(authorizationId).finally(() => {
      if (this.renewals.get(authorizationId) === renewal) {
        this.renewals.delete(authorizationId);
      }
    });
    this.renewals.set(authorizationId, renewal);
    return renewal;
  }

  private async requestToken(authorizationId: string): Promise<CachedToken> {
    const code = await this.store.loadCode(authorizationId);
    // Expiry counts from before the request, so the cached expiry is never later than MiMo's.
    const issuedAt = this.clock();
    const grant = await this.client.exchangeCode(code);
    const token = { accessToken: grant.accessToken, expiresAt: this.expiryOf(grant, issuedAt) };
    await this.store.saveToken(authorizationId, token.accessToken, token.expiresAt);
    this.logger.info({ authorizationId, expiresAt: token.expiresAt.toISOString() }, 'Renewed MiMo access token');
    return token;
  }

  private expiryOf(grant: TokenGrant, issuedAt: Date): Date {
    const lifetimeMs = grant.expiresInSeconds === null ? this.tokenLifetimeMs : grant.expiresInSeconds * 1000;
    return new Date(issuedAt.getTime() + lifetimeMs);
  }

  private expiresSoon(token: CachedToken): boolean {
    return token.expiresAt.getTime() - this.clock().getTime() <= this.renewBeforeMs;
  }
}
