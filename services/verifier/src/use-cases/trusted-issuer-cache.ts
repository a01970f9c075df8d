import type { TrustedIssuerStore } from '../store/trusted-issuer-store.js';

/** The allow-list as a DID → name map, re-read from the database at most every `ttlMs`. */
export interface TrustedIssuerCache {
  /** The current allow-list (DID → display name). */
  current(): Promise<ReadonlyMap<string, string>>;
  /** Forget the snapshot so the next call re-reads (after this instance changed the list). */
  invalidate(): void;
}

/**
 * Caches the TrustedIssuer table in memory: every credential of every verification asks whether its
 * issuer is recognised, and a query each time would dominate the hot path. Other instances see a change
 * within `ttlMs`; concurrent reloads share one query.
 * @example const trusted = createTrustedIssuerCache(store, { ttlMs: 5000 }); (await trusted.current()).has(did);
 */
export function createTrustedIssuerCache(
  store: TrustedIssuerStore,
  opts: { ttlMs?: number; now?: () => number } = {},
): TrustedIssuerCache {
  const ttlMs = opts.ttlMs ?? 5_000;
  const now = opts.now ?? Date.now;
  let snapshot: ReadonlyMap<string, string> | undefined;
  let expiresAt = 0;
  let loading: Promise<ReadonlyMap<string, string>> | undefined;
  return {
    current() {
      if (snapshot && expiresAt > now()) return Promise.resolve(snapshot);
      loading ??= store
        .list()
        .then((rows) => {
          snapshot = new Map(rows.map((r) => [r.did, r.name]));
          expiresAt = now() + ttlMs;
          return snapshot;
        })
        .finally(() => {
          loading = undefined;
        });
      return loading;
    },
    invalidate() {
      expiresAt = 0;
    },
  };
}
