import type { CachedStatusList, StatusListCache } from './types.js';

/**
 * An in-memory {@link StatusListCache}: verified, decoded status lists by URL, least recently used evicted
 * beyond `maxEntries` (default 1000; a 131,072-entry list is 16 KiB decoded, plus its JWT). Pass it as
 * `VerifyOptions.statusListCache` from one long-lived object per verifier process; freshness stays with the
 * fetcher (HTTP max-age and ETag), this cache only skips re-verifying a list that did not change.
 * @example
 * ```ts
 * const statusListCache = createStatusListCache({ maxEntries: 500 });
 * await verifyPresentationJwt(vp, { resolver, audience, nonce, fetchStatusListCredential, statusListCache });
 * ```
 */
export function createStatusListCache(
  opts: { maxEntries?: number } = {},
): StatusListCache & { size(): number } {
  const maxEntries = opts.maxEntries ?? 1000;
  if (!Number.isInteger(maxEntries) || maxEntries <= 0) {
    throw new TypeError('createStatusListCache: maxEntries must be a positive integer');
  }
  const entries = new Map<string, CachedStatusList>();
  return {
    get(url) {
      const hit = entries.get(url);
      if (hit) {
        entries.delete(url);
        entries.set(url, hit);
      }
      return hit;
    },
    set(url, list) {
      entries.delete(url);
      entries.set(url, list);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    size: () => entries.size,
  };
}
