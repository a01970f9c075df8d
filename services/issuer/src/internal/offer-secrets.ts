import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { sha256 } from '@sp/crypto';

/**
 * Secrets of an offer. The random offer reference (256 bits, in the credential_offer_uri) is the root: the
 * pre-authorised code is an HMAC keyed by the reference, and the tx_code hash an HMAC keyed by that code. The
 * database holds only hashes (of the reference, of the code, of the access token) and the keyed tx_code hash, so
 * a copy of the tables alone lets nobody redeem an offer or brute-force its six digits; and nothing depends on
 * the key-encryption key, so offers outstanding across a KEK rotation keep working (however long they wait).
 *
 * Offers made before this scheme (v1) derived both from a key derived from the KEK; they are still honoured under
 * the current KEK and, during a rotation, the previous one.
 */
export interface OfferSecrets {
  /** What is stored in `offerRef`: SHA-256 of the reference in the credential_offer_uri. */
  refHash(ref: string): string;
  /** The pre-authorised code of a new offer (base64url HMAC-SHA256 keyed by the reference). */
  preAuthorizedCode(ref: string): string;
  /** The code of a stored offer: the current derivation, or the v1 one whose hash is the stored hash. */
  preAuthorizedCodeFor(ref: string, storedCodeHash: string): string;
  /** What is stored in `preAuthorizedCodeHash`. */
  codeHash(code: string): string;
  /** What is stored in `txCodeHash` (`v2.` + HMAC keyed by the pre-authorised code, which is never stored). */
  txCodeHash(code: string, txCode: string): string;
  /** Whether `txCode` is the offer's tx_code; `code` is the pre-authorised code the request presented. */
  txCodeMatches(stored: string, presented: { offerId: string; code: string; txCode: string }): boolean;
}

const V2 = 'v2.';

const hmac = (key: Uint8Array | string, label: string, value: string) =>
  createHmac('sha256', key).update(`${label}\u0000${value}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** @example const secrets = createOfferSecrets(kek, previousKek); const code = secrets.preAuthorizedCode(ref); */
export function createOfferSecrets(kek: Uint8Array, previousKek?: Uint8Array): OfferSecrets {
  // v1 (legacy): keys derived from the KEK(s), current first.
  const v1Keys = [kek, ...(previousKek ? [previousKek] : [])].map((k) =>
    Buffer.from(hkdfSync('sha256', k, new Uint8Array(0), 'sp-issuer/offer-secrets/v1', 32)),
  );
  const preAuthorizedCode = (ref: string) => hmac(ref, 'sp-issuer/pre-authorized_code/v2', '');
  return {
    refHash: (ref) => sha256(ref),
    preAuthorizedCode,
    preAuthorizedCodeFor(ref, storedCodeHash) {
      const current = preAuthorizedCode(ref);
      if (sha256(current) === storedCodeHash) return current;
      for (const key of v1Keys) {
        const legacy = hmac(key, 'pre-authorized_code', ref);
        if (sha256(legacy) === storedCodeHash) return legacy;
      }
      // Nothing matches (a v1 offer whose KEK is gone): the token request will say the code is invalid.
      return current;
    },
    codeHash: (code) => sha256(code),
    txCodeHash: (code, txCode) => `${V2}${hmac(code, 'sp-issuer/tx_code/v2', txCode)}`,
    txCodeMatches(stored, { offerId, code, txCode }) {
      if (stored.startsWith(V2)) return same(stored, `${V2}${hmac(code, 'sp-issuer/tx_code/v2', txCode)}`);
      return v1Keys.some((key) => same(stored, hmac(key, 'tx_code', `${offerId}\u0000${txCode}`)));
    },
  };
}
