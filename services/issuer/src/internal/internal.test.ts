import { randomBytes } from 'node:crypto';
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

  test('the pre-authorised code is re-derivable from the reference and differs per KEK', () => {
    expect(sut.preAuthorizedCode('ref-1')).toBe(sut.preAuthorizedCode('ref-1'));
    expect(sut.preAuthorizedCode('ref-1')).not.toBe(sut.preAuthorizedCode('ref-2'));
    expect(createOfferSecrets(new Uint8Array(randomBytes(32))).preAuthorizedCode('ref-1')).not.toBe(
      sut.preAuthorizedCode('ref-1'),
    );
  });

  test('tx_code hashes are bound to the offer id', () => {
    const stored = sut.txCodeHash('offer-a', '123456');
    expect(sut.txCodeMatches(stored, 'offer-a', '123456')).toBe(true);
    expect(sut.txCodeMatches(stored, 'offer-a', '123457')).toBe(false);
    expect(sut.txCodeMatches(stored, 'offer-b', '123456')).toBe(false);
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
