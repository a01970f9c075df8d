import { sha256 } from '@sp/crypto';
import type { Redis } from '@sp/queue';

/**
 * Offers fetched by reference, kept briefly per worker. Issuers make `credential_offer_uri` single use
 * (OpenID4VCI 1.0 §4.1.3 lets them), so without this a worker who first forgot or mistyped the tx_code could
 * never retry: the second fetch would be refused. The offer holds a pre-authorised code (a bearer capability), so
 * it is kept only in Redis, only for `ttlSeconds`, under a key that hashes the worker id and the URL.
 */
export interface OfferCache {
  get(workerId: string, offerUrl: string): Promise<string | null>;
  set(workerId: string, offerUrl: string, offerJson: string): Promise<void>;
  delete(workerId: string, offerUrl: string): Promise<void>;
}

const key = (workerId: string, offerUrl: string) => `wallet:offer:${sha256(`${workerId}\u0000${offerUrl}`)}`;

/**
 * The offer cache over Redis.
 * @example const offers = createOfferCache(redis); await offers.get(worker.id, offerUrl);
 */
export function createOfferCache(redis: Redis, ttlSeconds = 15 * 60): OfferCache {
  return {
    get: (workerId, offerUrl) => redis.get(key(workerId, offerUrl)),
    async set(workerId, offerUrl, offerJson) {
      await redis.set(key(workerId, offerUrl), offerJson, 'EX', ttlSeconds);
    },
    async delete(workerId, offerUrl) {
      await redis.del(key(workerId, offerUrl));
    },
  };
}
