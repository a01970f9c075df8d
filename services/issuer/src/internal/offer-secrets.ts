import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { sha256 } from '@sp/crypto';

/**
 * Secrets of an offer, all derived from the random offer reference with a key derived from the KEK (HKDF,
 * RFC 5869), so the database holds only hashes: the pre-authorised code is re-derived when the offer is
 * fetched instead of being stored, and a copy of the tables alone lets nobody redeem an offer.
 */
export interface OfferSecrets {
  /** What is stored in `offerRef`: SHA-256 of the reference in the credential_offer_uri. */
  refHash(ref: string): string;
  /** The pre-authorised code for an offer reference (base64url HMAC-SHA256). */
  preAuthorizedCode(ref: string): string;
  /** What is stored in `preAuthorizedCodeHash`. */
  codeHash(code: string): string;
  /** What is stored in `txCodeHash`: keyed, so six digits cannot be brute-forced from a database copy. */
  txCodeHash(offerId: string, txCode: string): string;
  txCodeMatches(stored: string, offerId: string, txCode: string): boolean;
}

/** @example const secrets = createOfferSecrets(kek); const code = secrets.preAuthorizedCode(ref); */
export function createOfferSecrets(kek: Uint8Array): OfferSecrets {
  const key = Buffer.from(hkdfSync('sha256', kek, new Uint8Array(0), 'sp-issuer/offer-secrets/v1', 32));
  const mac = (label: string, value: string) =>
    createHmac('sha256', key).update(`${label}\u0000${value}`).digest('base64url');
  const txCodeHash = (offerId: string, txCode: string) => mac('tx_code', `${offerId}\u0000${txCode}`);
  return {
    refHash: (ref) => sha256(ref),
    preAuthorizedCode: (ref) => mac('pre-authorized_code', ref),
    codeHash: (code) => sha256(code),
    txCodeHash,
    txCodeMatches(stored, offerId, txCode) {
      const a = Buffer.from(stored);
      const b = Buffer.from(txCodeHash(offerId, txCode));
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
