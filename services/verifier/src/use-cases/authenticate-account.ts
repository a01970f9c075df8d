import { sha256 } from '@sp/crypto';
import type { Account, AccountStore } from '../store/account-store.js';

/** Options of {@link createAccountAuthenticator}. */
export interface AccountAuthenticatorOptions {
  /** How long a successful key lookup is reused, in milliseconds. Default 10000. */
  ttlMs?: number;
  /** Most keys remembered. Default 1000. */
  maxEntries?: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * Builds the API-key check of the employer API: SHA-256 of the presented key, looked up among non-revoked
 * keys. Successful lookups are cached briefly (verification is the hot path, and a key lookup per request
 * would double its database work); a revoked key therefore stops working within `ttlMs`. Failures are not
 * cached, so a newly created key works at once.
 * @example const authenticate = createAccountAuthenticator(accounts); const account = await authenticate(key);
 */
export function createAccountAuthenticator(
  accounts: AccountStore,
  opts: AccountAuthenticatorOptions = {},
): (apiKey: string) => Promise<Account | null> {
  const ttlMs = opts.ttlMs ?? 10_000;
  const maxEntries = opts.maxEntries ?? 1000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { account: Account; expiresAt: number }>();
  return async (apiKey) => {
    const hash = sha256(apiKey);
    const hit = cache.get(hash);
    if (hit && hit.expiresAt > now()) return hit.account;
    const account = await accounts.findByKeyHash(hash);
    cache.delete(hash);
    if (account) {
      cache.set(hash, { account, expiresAt: now() + ttlMs });
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    }
    return account;
  };
}
