import { type FetchResult, type SafeFetcher, makeResult } from './safe-fetcher.js';

/** Options of {@link createCachedFetcher}. */
export interface CachedFetcherOptions {
  /** Most responses kept; the least recently used is evicted first. */
  maxEntries: number;
  /** Freshness, in milliseconds, of a response without `Cache-Control: max-age`. */
  defaultTtlMs: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** A cached GET result; `fromCache` is true when the body came from the cache (fresh hit or 304). */
export type CachedFetchResult = FetchResult & { fromCache: boolean };

/** A {@link SafeFetcher} whose `get` goes through the cache (so it can be passed wherever a fetcher is). */
export interface CachedFetcher extends SafeFetcher {
  getCached(
    url: string,
    init?: { accept?: string; headers?: Record<string, string> },
  ): Promise<CachedFetchResult>;
  get(url: string, init?: { accept?: string; headers?: Record<string, string> }): Promise<CachedFetchResult>;
}

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  etag: string | undefined;
  expiresAt: number;
}

/**
 * Wraps a fetcher with an in-memory HTTP cache for GETs of public documents (did:web documents, status
 * lists, the issuer register, issuer metadata).
 *
 * - Successful responses are kept by URL (and `Accept`), fresh for `Cache-Control: max-age` seconds
 *   (RFC 9111 §5.2.2.1) or `defaultTtlMs` when absent; `no-store` is never stored; `no-cache` is stored only
 *   to be revalidated (fresh for 0 ms).
 * - A stale entry with an `ETag` is revalidated with `If-None-Match` (RFC 9110 §13.1.2); a 304 reuses the
 *   stored body and refreshes its expiry. A failed revalidation rejects: stale data is never served on
 *   error, because a stale status list could hide a revocation.
 * - Requests with an `Authorization` header bypass the cache: such answers are per caller.
 * - Concurrent GETs of the same key share one request.
 *
 * @example
 * ```ts
 * const cached = createCachedFetcher(createSafeFetcher(), { maxEntries: 500, defaultTtlMs: 300_000 });
 * const res = await cached.getCached('https://issuer.example/status/1', { accept: 'application/vc+jwt' });
 * if (res.fromCache) metrics.cacheHits.inc();
 * ```
 */
export function createCachedFetcher(fetcher: SafeFetcher, options: CachedFetcherOptions): CachedFetcher {
  const { maxEntries, defaultTtlMs } = options;
  if (!Number.isInteger(maxEntries) || maxEntries <= 0)
    throw new TypeError('maxEntries must be a positive integer');
  if (!Number.isFinite(defaultTtlMs) || defaultTtlMs < 0) {
    throw new TypeError('defaultTtlMs must be a non-negative number of milliseconds');
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<CachedFetchResult>>();

  function remember(key: string, entry: Entry) {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  }

  async function load(url: string, init: { accept?: string; headers?: Record<string, string> }, key: string) {
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) {
      remember(key, cached); // refresh LRU position
      return fromEntry(cached, url, true);
    }
    const headers = { ...(init.headers ?? {}) };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    const res = await fetcher.get(url, { ...init, headers });
    const policy = parseCacheControl(res.headers['cache-control']);
    if (res.status === 304 && cached) {
      const refreshed: Entry = Object.assign({}, cached, {
        expiresAt: now() + (policy.maxAgeMs ?? defaultTtlMs),
      });
      if (policy.noStore) entries.delete(key);
      else remember(key, refreshed);
      return fromEntry(refreshed, url, true);
    }
    if (res.status === 304) {
      // A 304 to a request we did not make conditional (the entry was evicted meanwhile): nothing to reuse.
      return cachedResult(res.status, res.headers, res.body, url, false);
    }
    const etag = res.headers['etag'];
    const ttl = policy.noCache ? 0 : (policy.maxAgeMs ?? defaultTtlMs);
    if (policy.noStore || (ttl === 0 && !etag)) entries.delete(key);
    else
      remember(key, {
        status: res.status,
        headers: res.headers,
        body: res.body,
        etag,
        expiresAt: now() + ttl,
      });
    return cachedResult(res.status, res.headers, res.body, url, false);
  }

  function getCached(
    url: string,
    init: { accept?: string; headers?: Record<string, string> } = {},
  ): Promise<CachedFetchResult> {
    const hasAuth = Object.keys(init.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
    if (hasAuth) {
      return fetcher
        .get(url, init)
        .then((res) => cachedResult(res.status, res.headers, res.body, url, false));
    }
    const key = `${init.accept ?? ''}\n${url}`;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const p = load(url, init, key).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  }

  return {
    getCached,
    get: getCached,
    post: (url, body, init) => fetcher.post(url, body, init),
  };
}

/** makeResult plus `fromCache`, added to the object (not spread into a new one: a hot path of every verification). */
function cachedResult(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  url: string,
  fromCache: boolean,
): CachedFetchResult {
  const result = makeResult(status, headers, body, url) as CachedFetchResult;
  result.fromCache = fromCache;
  return result;
}

function fromEntry(entry: Entry, url: string, fromCache: boolean): CachedFetchResult {
  return cachedResult(entry.status, entry.headers, entry.body, url, fromCache);
}

/** RFC 9111 §5.2: the response directives this cache honours. */
function parseCacheControl(value: string | undefined): {
  maxAgeMs?: number;
  noStore: boolean;
  noCache: boolean;
} {
  const out: { maxAgeMs?: number; noStore: boolean; noCache: boolean } = { noStore: false, noCache: false };
  if (!value) return out;
  for (const part of value.split(',')) {
    const [rawName, rawArg] = part.trim().split('=', 2);
    const name = rawName?.toLowerCase();
    if (name === 'no-store') out.noStore = true;
    else if (name === 'no-cache') out.noCache = true;
    else if (name === 'max-age' && rawArg !== undefined) {
      const seconds = Number(rawArg.replace(/^"|"$/g, ''));
      if (Number.isInteger(seconds) && seconds >= 0) out.maxAgeMs = seconds * 1000;
    }
  }
  return out;
}
