import { randomBytes } from 'node:crypto';
import { createOfferDeriver, deriveOffer } from './derived-offer.js';

describe('derived offers (one offer per batch row)', () => {
  const kek = randomBytes(32);

  it('the same row yields the same offer id and reference every time', () => {
    expect(deriveOffer(kek, 'row-1')).toEqual(deriveOffer(kek, 'row-1'));
    expect(createOfferDeriver(kek)('row-1')).toEqual(deriveOffer(kek, 'row-1'));
  });

  it('another row, or another KEK, yields another offer', () => {
    const a = deriveOffer(kek, 'row-1');
    expect(deriveOffer(kek, 'row-2').id).not.toBe(a.id);
    expect(deriveOffer(randomBytes(32), 'row-1').ref).not.toBe(a.ref);
  });

  it('ids are RFC 9562 UUIDv8 and references are 256-bit base64url', () => {
    const { id, ref } = deriveOffer(kek, 'row-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
