import type { CachedToken, TokenStore } from './token-cache.js';

/** TokenStore kept in process memory, for tests and local runs. Nothing is encrypted. */
export class MemoryTokenStore implements TokenStore {
  private readonly codes = new Map<string, string>();
  private readonly tokens = new Map<string, CachedToken>();

  /** Stores the authentication code that renews the authorization's tokens. */
  saveCode(authorizationId: string, code: string): void {
    this.codes.set(authorizationId, code);
  }

  async loadCode(authorizationId: string): Promise<string> {
    const code = this.codes.get(authorizationId);
    if (code === undefined) {
      throw new Error(`No MiMo authentication code is stored for authorization ${authorizationId}.`);
    }
    return code;
  }

  async loadToken(authorizationId: string): Promise<CachedToken | null> {
    const token = this.tokens.get(authorizationId);
    return token ? { accessToken: token.accessToken, expiresAt: new Date(token.expiresAt) } : null;
  }

  async saveToken(authorizationId: string, accessToken: string, expiresAt: Date): Promise<void> {
    this.tokens.set(authorizationId, { accessToken, expiresAt: new Date(expiresAt) });
  }

  /** Removes the cached token, so the next use renews it from the code. */
  forgetToken(authorizationId: string): void {
    this.tokens.delete(authorizationId);
  }
}
