import { createHmac, hkdfSync } from 'node:crypto';

/** The id and reference of an offer made for a source (a batch row). */
export interface DerivedOffer {
  id: string;
  ref: string;
}

/**
 * Derives an offer's id (a UUID) and its secret reference from a source key (a batch row's id) with a key
 * derived from the KEK (HKDF, RFC 5869). The same row always yields the same offer, so a chunk job retried
 * after a crash re-creates nothing (the insert finds the id taken) and can still name the offer's URI; the
 * reference stays unguessable without the KEK, and only its hash is stored, as for every offer.
 * @example const { id, ref } = createOfferDeriver(kek)(row.id);
 */
export function createOfferDeriver(kek: Uint8Array): (sourceKey: string) => DerivedOffer {
  const key = Buffer.from(hkdfSync('sha256', kek, new Uint8Array(0), 'sp-issuer/derived-offer/v1', 32));
  const mac = (label: string, value: string) =>
    createHmac('sha256', key).update(`${label}\u0000${value}`).digest();
  return (sourceKey) => {
    const h = mac('id', sourceKey);
    // RFC 9562 §5.8 UUIDv8 (custom): version nibble 8, variant bits 10.
    h[6] = ((h[6] as number) & 0x0f) | 0x80;
    h[8] = ((h[8] as number) & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { id, ref: mac('ref', sourceKey).toString('base64url') };
  };
}

const derivers = new WeakMap<Uint8Array, (sourceKey: string) => DerivedOffer>();

/**
 * {@link createOfferDeriver} for this KEK, built once per KEK.
 * @example const { id, ref } = deriveOffer(ctx.kek, row.id);
 */
export function deriveOffer(kek: Uint8Array, sourceKey: string): DerivedOffer {
  let derive = derivers.get(kek);
  if (!derive) {
    derive = createOfferDeriver(kek);
    derivers.set(kek, derive);
  }
  return derive(sourceKey);
}
