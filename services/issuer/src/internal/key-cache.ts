import { type JWK, openPrivateKey } from '@sp/crypto';

/**
 * Opened private keys, per process, bounded (LRU on a Map's insertion order) so signing does not unseal an
 * AES-GCM envelope for every credential. Keyed by the key row id, which is also the envelope's AAD.
 */
export interface PrivateKeyCache {
  open(row: { id: string; sealedPrivateKey: string }): JWK;
  size(): number;
}

/** @example const keys = createPrivateKeyCache(kek, 256); const jwk = keys.open(row); */
export function createPrivateKeyCache(
  kek: Uint8Array | readonly Uint8Array[],
  maxEntries = 256,
): PrivateKeyCache {
  const cache = new Map<string, JWK>();
  return {
    open(row) {
      const hit = cache.get(row.id);
      if (hit) {
        cache.delete(row.id);
        cache.set(row.id, hit);
        return hit;
      }
      const jwk = openPrivateKey(row.sealedPrivateKey, kek, row.id);
      cache.set(row.id, jwk);
      if (cache.size > maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return jwk;
    },
    size: () => cache.size,
  };
}
