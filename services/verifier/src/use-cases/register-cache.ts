import { indexRegister, type RegisterIndex, verifyRegisterJwt } from '@sp/credential';
import type { FetchResult, KeyResolver } from '@sp/did';

/** The verified register of recognised issuers, re-fetched as its publisher's `Cache-Control` allows. */
export interface RegisterCache {
  /** The current register, indexed; rejects when it cannot be fetched or does not verify. */
  current(): Promise<RegisterIndex>;
  /** Where it comes from and who must sign it. */
  readonly source: { url: string; did: string };
}

/**
 * Fetches the register JWT through the caller's cached SSRF-safe fetcher (ETag + max-age), verifies it
 * against the scheme DID once per distinct document, and keeps the indexed result. A register whose
 * version is lower than one already accepted is refused (a replayed old register could hide a suspension), and
 * so is one past its `exp`, cached or not.
 * @example const register = createRegisterCache({ url, did, resolver, fetchText }); const index = await register.current();
 */
export function createRegisterCache(opts: {
  url: string;
  did: string;
  resolver: KeyResolver;
  /** GET through the cached SSRF-safe fetcher (a cache hit returns the same body Buffer). */
  fetch: (url: string) => Promise<Pick<FetchResult, 'body' | 'text'>>;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}): RegisterCache {
  const now = opts.now ?? (() => new Date());
  let last: { body: Buffer; jwt: string; index: RegisterIndex; expiresAt: Date } | undefined;
  // A register past its `exp` decides nothing: the publisher should have re-signed it long before.
  const fresh = (entry: NonNullable<typeof last>) => {
    if (entry.expiresAt <= now()) throw new Error(`the register expired at ${entry.expiresAt.toISOString()}`);
    return entry.index;
  };
  let verifying: Promise<RegisterIndex> | undefined;
  return {
    source: { url: opts.url, did: opts.did },
    async current() {
      const res = await opts.fetch(opts.url);
      // Hot path: a cached (or revalidated) register is the same Buffer; no decode, no compare of its text.
      if (last && last.body === res.body) return fresh(last);
      const jwt = res.text().trim();
      if (last && last.jwt === jwt) {
        last.body = res.body;
        return fresh(last);
      }
      verifying ??= (async () => {
        const verified = await verifyRegisterJwt(jwt, {
          resolver: opts.resolver,
          schemeDid: opts.did,
          now: now(),
        });
        if (!verified.ok) throw new Error(`the register did not verify (${verified.reason})`);
        if (last && verified.register.version < last.index.register.version) {
          throw new Error('the register is older than one already seen');
        }
        last = {
          body: res.body,
          jwt,
          index: indexRegister(verified.register),
          expiresAt: verified.expiresAt,
        };
        return last.index;
      })().finally(() => {
        verifying = undefined;
      });
      return verifying;
    },
  };
}
