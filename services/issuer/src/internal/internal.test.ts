import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { generateSigningKey, KeyUnsealError, sealPrivateKey } from '@sp/crypto';
import { ConfigError } from '@sp/http-kit';
import { loadIssuerConfig } from '../config.js';
import { orgIdentity, SLUG_PATTERN } from './identity.js';
import { createPrivateKeyCache } from './key-cache.js';
import { createOfferSecrets } from './offer-secrets.js';

const kek = new Uint8Array(randomBytes(32));

describe('orgIdentity', () => {
  test('derives the OpenID4VCI identifier, did:web DID (port colon encoded) and status list URL', () => {
    const sut = orgIdentity('http://localhost:3001', 'acme');
    expect(sut.issuer).toBe('http://localhost:3001/orgs/acme');
    expect(sut.did).toBe('did:web:localhost%3A3001:orgs:acme');
    expect(sut.statusListUrl('l1')).toBe('http://localhost:3001/orgs/acme/status/l1');
  });

  test.each(['acme', 'a', 'care-home-2'])('slug %s is accepted', (s) =>
    expect(SLUG_PATTERN.test(s)).toBe(true),
  );
  test.each(['Acme', '-acme', 'acme-', 'a:b', 'a/b', ''])('slug %j is refused', (s) =>
    expect(SLUG_PATTERN.test(s)).toBe(false),
  );
});

describe('createOfferSecrets', () => {
  const sut = createOfferSecrets(kek);
  const otherKek = new Uint8Array(randomBytes(32));

  test('the pre-authorised code is re-derivable from the reference alone, the same under any KEK', () => {
    expect(sut.preAuthorizedCode('ref-1')).toBe(sut.preAuthorizedCode('ref-1'));
    expect(sut.preAuthorizedCode('ref-1')).not.toBe(sut.preAuthorizedCode('ref-2'));
    // Offers survive a KEK rotation: the code does not depend on it.
    expect(createOfferSecrets(otherKek).preAuthorizedCode('ref-1')).toBe(sut.preAuthorizedCode('ref-1'));
  });

  test('tx_code hashes are keyed by the pre-authorised code and check only the right code', () => {
    const code = sut.preAuthorizedCode('ref-a');
    const stored = sut.txCodeHash(code, '123456');
    expect(stored).toMatch(/^v2\./);
    expect(sut.txCodeMatches(stored, { offerId: 'offer-a', code, txCode: '123456' })).toBe(true);
    expect(sut.txCodeMatches(stored, { offerId: 'offer-a', code, txCode: '123457' })).toBe(false);
    // Another offer's code (or a guessed one) does not open it.
    const other = sut.preAuthorizedCode('ref-b');
    expect(sut.txCodeMatches(stored, { offerId: 'offer-a', code: other, txCode: '123456' })).toBe(false);
    // And a new KEK changes nothing.
    expect(
      createOfferSecrets(otherKek).txCodeMatches(stored, { offerId: 'offer-a', code, txCode: '123456' }),
    ).toBe(true);
  });

  test('offers made before (v1, KEK-derived) keep working under that KEK, and as the previous KEK in a rotation', () => {
    // A v1 offer, exactly as the old code stored it.
    const v1Key = Buffer.from(hkdfSync('sha256', kek, new Uint8Array(0), 'sp-issuer/offer-secrets/v1', 32));
    const mac = (label: string, value: string) =>
      createHmac('sha256', v1Key).update(`${label}\u0000${value}`).digest('base64url');
    const v1Code = mac('pre-authorized_code', 'ref-old');
    const storedCodeHash = sut.codeHash(v1Code);
    const storedTx = mac('tx_code', 'offer-old\u0000654321');
    const presented = { offerId: 'offer-old', code: v1Code, txCode: '654321' };

    expect(sut.preAuthorizedCodeFor('ref-old', storedCodeHash)).toBe(v1Code);
    expect(sut.txCodeMatches(storedTx, presented)).toBe(true);
    const rotating = createOfferSecrets(otherKek, kek);
    expect(rotating.preAuthorizedCodeFor('ref-old', storedCodeHash)).toBe(v1Code);
    expect(rotating.txCodeMatches(storedTx, presented)).toBe(true);
    expect(rotating.txCodeMatches(storedTx, { ...presented, txCode: '654320' })).toBe(false);
    // A v2 offer is answered with its v2 code.
    const v2Hash = sut.codeHash(sut.preAuthorizedCode('ref-new'));
    expect(rotating.preAuthorizedCodeFor('ref-new', v2Hash)).toBe(sut.preAuthorizedCode('ref-new'));
  });

  test('the stored reference is a hash, not the reference', () => {
    expect(sut.refHash('abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.refHash('abc')).not.toContain('abc');
  });
});

describe('createPrivateKeyCache', () => {
  test('opens an envelope bound to its row id, caches it, and evicts the least recently used', async () => {
    const { privateJwk } = await generateSigningKey();
    const sut = createPrivateKeyCache(kek, 2);
    const row = (id: string) => ({ id, sealedPrivateKey: sealPrivateKey(privateJwk, kek, id) });
    expect(sut.open(row('k1')).d).toBe(privateJwk.d);
    sut.open(row('k2'));
    sut.open(row('k3'));
    expect(sut.size()).toBe(2);
  });

  test('an envelope moved to another row does not open (AAD)', async () => {
    const { privateJwk } = await generateSigningKey();
    const sut = createPrivateKeyCache(kek);
    expect(() => sut.open({ id: 'other', sealedPrivateKey: sealPrivateKey(privateJwk, kek, 'k1') })).toThrow(
      KeyUnsealError,
    );
  });
});

describe('loadIssuerConfig', () => {
  const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

  test('defaults: port 3001, base URL from the port, 7-day offers, admin API off', () => {
    const sut = loadIssuerConfig({ KEY_ENCRYPTION_KEY });
    expect(sut.port).toBe(3001);
    expect(sut.baseUrl).toBe('http://localhost:3001');
    expect(sut.offerTtlSeconds).toBe(7 * 24 * 3600);
    expect(sut.adminToken).toBeUndefined();
  });

  test('ISSUER_BASE_URL loses its trailing slash', () => {
    expect(loadIssuerConfig({ KEY_ENCRYPTION_KEY, ISSUER_BASE_URL: 'https://issuer.example/' }).baseUrl).toBe(
      'https://issuer.example',
    );
  });

  test('a missing or short KEY_ENCRYPTION_KEY is a ConfigError naming it', () => {
    expect(() => loadIssuerConfig({})).toThrow(ConfigError);
    try {
      loadIssuerConfig({ KEY_ENCRYPTION_KEY: 'c2hvcnQ=' });
    } catch (err) {
      expect((err as ConfigError).variables).toContain('KEY_ENCRYPTION_KEY');
      expect((err as Error).message).not.toContain('c2hvcnQ=');
    }
    expect.assertions(3);
  });
});
