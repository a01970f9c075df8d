import { randomBytes } from 'node:crypto';
import { isCanonicalBase64url } from './jwt.js';

/** The reference answer: Node's decoder, re-encoded, gives back the very same text. */
const byReEncoding = (s: string) => Buffer.from(s, 'base64url').toString('base64url') === s;
const check = (s: string) => isCanonicalBase64url(s, Buffer.from(s, 'base64url').length);

describe('isCanonicalBase64url', () => {
  it('accepts what Node itself encodes, at every length', () => {
    for (let n = 0; n < 64; n++) {
      const s = randomBytes(n).toString('base64url');
      expect(check(s)).toBe(true);
    }
  });

  it.each([
    ['padding', 'QQ=='],
    ['standard alphabet +', 'Q+Q'],
    ['standard alphabet /', 'Q/Q'],
    ['a character outside any alphabet', 'Q!QQ'],
    ['whitespace', 'QU JD'],
    ['an impossible length', 'QUJDR'],
    ['non-zero unused bits (2 chars)', 'QR'],
    ['non-zero unused bits (3 chars)', 'QUF'],
  ])('refuses %s (%s)', (_what, s) => {
    expect(check(s)).toBe(false);
    expect(byReEncoding(s)).toBe(false);
  });

  it('agrees with re-encoding on 20,000 random strings over the base64 alphabets and some strays', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .!';
    for (let i = 0; i < 20_000; i++) {
      const len = i % 13;
      const bytes = randomBytes(len);
      // Mostly valid alphabet characters, so that both answers are exercised.
      const s = Array.from(bytes, (b) => chars[b % (b < 200 ? 64 : chars.length)]).join('');
      expect([s, check(s)]).toEqual([s, byReEncoding(s)]);
    }
  });
});
