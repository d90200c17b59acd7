import { AccessTokenExpiredError } from './accessTokenErrors.ts';
import {
  type AccessTokenVerification,
  type VerifiedAccessToken,
  verifyAccessToken,
} from './verifyAccessToken.ts';

/**
 * `verifyAccessToken` with a bounded cache of tokens that already passed, for the request path: a client sends
 * the same token with every request for up to an hour, and the signature check (~90 µs) would otherwise cost a
 * quarter of a core at 3,000 reads/s. A hit still checks expiry against the clock; issuers and audience are fixed
 * per verifier, so a cached answer cannot be reused under other rules. Misses and failures are never cached.
 */
export class AccessTokenVerifier {
  readonly #verification: AccessTokenVerification;
  readonly #cache = new Map<string, VerifiedAccessToken>();
  readonly #maxEntries: number;

  constructor(verification: AccessTokenVerification & { cacheSize?: number }) {
    const { cacheSize, ...rest } = verification;
    this.#verification = { ...rest, issuers: [...rest.issuers] };
    this.#maxEntries = cacheSize ?? 10_000;
  }

  /** Verifies `token` (see `verifyAccessToken`); throws an `AccessTokenRejectedError` subclass. */
  verify(token: string): VerifiedAccessToken {
    const cached = this.#cache.get(token);
    if (cached) {
      const now = Math.floor((this.#verification.now ?? Date.now)() / 1000);
      if (now < cached.claims.exp + (this.#verification.leewaySeconds ?? 30)) return cached;
      this.#cache.delete(token);
      throw new AccessTokenExpiredError(cached.claims.exp);
    }
    const verified = verifyAccessToken(token, this.#verification);
    if (this.#cache.size >= this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(token, verified);
    return verified;
  }
}
