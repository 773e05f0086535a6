import type { SecretBox } from '../crypto.js';
import type { Database } from '../db/database.js';
import { findAuthorizationById, saveAuthorizationToken } from '../db/authorizations.js';
import type { CachedToken, TokenStore } from '../mimo/token-cache.js';

/**
 * TokenStore on the `mimo_authorizations` table. The authentication code and the
 * access token are stored encrypted with SecretBox and decrypted only on load.
 */
export class DatabaseTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretBox,
  ) {}

  async loadToken(authorizationId: string): Promise<CachedToken | null> {
    const authorization = await findAuthorizationById(this.db, authorizationId);
    if (!authorization?.accessTokenCiphertext || !authorization.tokenExpiresAt) {
      return null;
    }
    return {
      accessToken: this.secrets.decrypt(authorization.accessTokenCiphertext),
      expiresAt: authorization.tokenExpiresAt,
    };
  }

  async saveToken(authorizationId: string, accessToken: string, expiresAt: Date): Promise<void> {
    const saved = await saveAuthorizationToken(this.db, authorizationId, this.secrets.encrypt(accessToken), expiresAt);
    if (!saved) {
      throw new Error(`Cannot store a MiMo access token: authorization ${authorizationId} does not exist`);
    }
  }

  async loadCode(authorizationId: string): Promise<string> {
    const authorization = await findAuthorizationById(this.db, authorizationId);
    if (!authorization) {
      throw new Error(`No MiMo authentication code is stored: authorization ${authorizationId} does not exist`);
    }
    return this.secrets.decrypt(authorization.codeCiphertext);
  }
}
