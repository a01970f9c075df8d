import { createBitstring, setBit, statusEntry, statusListCredentialPayload } from '@sp/status-list';
import {
  type KeyResolver,
  createStatusListCache,
  signCredentialJwt,
  signStatusListCredentialJwt,
  verifyCredentialJwt,
} from '../src/index.js';
import { ISSUED, ISSUER_DID, LIST_REVOCATION, NOW, buildVc, keys, memoryResolver } from './helpers.js';

// The cross-request status list cache (a warm check costs no signature check) and key_compromised.

const signVc = (index: number, now = ISSUED) =>
  signCredentialJwt({
    vc: buildVc({
      credentialStatus: statusEntry({ listUrl: LIST_REVOCATION, index, purpose: 'revocation' }),
    }),
    issuerDid: ISSUER_DID,
    kid: keys.issuer.kid,
    privateJwk: keys.issuer.privateJwk,
    alg: 'EdDSA',
    now,
  });

async function listJwt(set: number[] = [], validUntil?: Date) {
  const bits = createBitstring();
  for (const i of set) setBit(bits, i, true);
  return signStatusListCredentialJwt({
    vc: statusListCredentialPayload({
      id: LIST_REVOCATION,
      issuer: ISSUER_DID,
      purpose: 'revocation',
      bits,
      validFrom: ISSUED,
      ...(validUntil ? { validUntil } : {}),
    }),
    issuerDid: ISSUER_DID,
    kid: keys.issuer.kid,
    privateJwk: keys.issuer.privateJwk,
    alg: 'EdDSA',
    now: ISSUED,
  });
}

/** Counts key resolutions of the list's signer: each one is a signature check of the list. */
const listSignatureChecks = (resolver: { calls: string[] }) => resolver.calls.length;

describe('status list cache across verifications', () => {
  test('a warm check (same ETag) verifies the list signature once, then never again', async () => {
    const sut = createStatusListCache();
    const jwt = await signVc(5);
    const list = await listJwt();
    const fetch = async () => ({ jwt: list, etag: '"v1"' });
    const resolver = memoryResolver();
    const first = await verifyCredentialJwt(jwt, {
      resolver,
      now: NOW,
      fetchStatusListCredential: fetch,
      statusListCache: sut,
    });
    expect(first.verified).toBe(true);
    const afterFirst = listSignatureChecks(resolver); // credential key + list key
    expect(afterFirst).toBe(2);
    for (let i = 0; i < 3; i++) {
      const again = await verifyCredentialJwt(jwt, {
        resolver,
        now: NOW,
        fetchStatusListCredential: fetch,
        statusListCache: sut,
      });
      expect(again.verified).toBe(true);
    }
    expect(listSignatureChecks(resolver)).toBe(afterFirst + 3); // only the credential's own key each time
    expect(sut.size()).toBe(1);
  });

  test('a new ETag (the issuer revoked something) is verified afresh and its bits apply', async () => {
    const sut = createStatusListCache();
    const jwt = await signVc(5);
    let current = { jwt: await listJwt(), etag: '"v1"' };
    const opts = {
      resolver: memoryResolver(),
      now: NOW,
      fetchStatusListCredential: async () => current,
      statusListCache: sut,
    };
    expect((await verifyCredentialJwt(jwt, opts)).verified).toBe(true);
    current = { jwt: await listJwt([5]), etag: '"v2"' };
    const revoked = await verifyCredentialJwt(jwt, opts);
    expect(revoked.checks.find((c) => c.name === 'status')).toMatchObject({
      result: 'fail',
      reason: 'revoked',
    });
  });

  test('without an ETag, identical bytes hit the cache and different bytes do not', async () => {
    const sut = createStatusListCache();
    const jwt = await signVc(9);
    let body = await listJwt();
    const resolver = memoryResolver();
    const opts = { resolver, now: NOW, fetchStatusListCredential: async () => body, statusListCache: sut };
    await verifyCredentialJwt(jwt, opts);
    await verifyCredentialJwt(jwt, opts);
    expect(resolver.calls).toHaveLength(3); // 2 credential keys + 1 list key
    body = await listJwt([9]);
    const revoked = await verifyCredentialJwt(jwt, opts);
    expect(revoked.checks.find((c) => c.name === 'status')?.reason).toBe('revoked');
    expect(resolver.calls).toHaveLength(5);
  });

  test('a list that cannot be fetched is "unknown" even when an older copy is cached (never served stale)', async () => {
    const sut = createStatusListCache();
    const jwt = await signVc(5);
    const list = await listJwt();
    let up = true;
    const fetch = async () => {
      if (!up) throw new Error('GET status list: 503');
      return { jwt: list, etag: '"v1"' };
    };
    const opts = {
      resolver: memoryResolver(),
      now: NOW,
      fetchStatusListCredential: fetch,
      statusListCache: sut,
    };
    expect((await verifyCredentialJwt(jwt, opts)).verified).toBe(true);
    up = false;
    const report = await verifyCredentialJwt(jwt, opts);
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.name === 'status')).toMatchObject({
      result: 'unknown',
      reason: 'status_unavailable',
      detail: expect.stringContaining('could not be fetched'),
    });
  });

  test("a cached list past its validUntil is not current: 'unknown'", async () => {
    const sut = createStatusListCache();
    const jwt = await signVc(5);
    const list = await listJwt([], new Date(NOW.getTime() + 3600_000));
    const fetch = async () => ({ jwt: list, etag: '"v1"' });
    const base = { resolver: memoryResolver(), fetchStatusListCredential: fetch, statusListCache: sut };
    expect((await verifyCredentialJwt(jwt, { ...base, now: NOW })).verified).toBe(true);
    const later = await verifyCredentialJwt(jwt, { ...base, now: new Date(NOW.getTime() + 2 * 3600_000) });
    expect(later.checks.find((c) => c.name === 'status')).toMatchObject({
      result: 'unknown',
      reason: 'status_unavailable',
    });
  });

  test('the cache is bounded (least recently used evicted)', () => {
    const sut = createStatusListCache({ maxEntries: 2 });
    const entry = {
      etag: undefined,
      jwt: 'x',
      issuer: ISSUER_DID,
      purposes: ['revocation'],
      bits: new Uint8Array(1),
      nbf: undefined,
      iat: undefined,
      exp: undefined,
    };
    sut.set('a', entry);
    sut.set('b', entry);
    sut.get('a');
    sut.set('c', entry);
    expect([sut.get('a'), sut.get('b'), sut.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(() => createStatusListCache({ maxEntries: 0 })).toThrow(TypeError);
  });
});

describe('key_compromised', () => {
  const compromisedResolver = (from: string): KeyResolver => {
    const inner = memoryResolver();
    return {
      async resolveKey(didUrl) {
        const key = await inner.resolveKey(didUrl);
        return key && didUrl === keys.issuer.kid ? { ...key, compromisedFrom: from } : key;
      },
    };
  };

  test('a credential signed at or after the compromise date fails the signature check with key_compromised', async () => {
    const jwt = await signVc(5, ISSUED);
    const list = await listJwt();
    const atIssuance = await verifyCredentialJwt(jwt, {
      resolver: compromisedResolver(ISSUED.toISOString()),
      now: NOW,
      fetchStatusListCredential: async () => list,
    });
    expect(atIssuance.verified).toBe(false);
    expect(atIssuance.checks.find((c) => c.name === 'signature')).toMatchObject({
      result: 'fail',
      reason: 'key_compromised',
    });
  });

  test('a credential signed before the date still verifies (its status list, too, predates the date)', async () => {
    const jwt = await signVc(5, ISSUED);
    const list = await listJwt();
    const report = await verifyCredentialJwt(jwt, {
      resolver: compromisedResolver(new Date(ISSUED.getTime() + 1000).toISOString()),
      now: NOW,
      fetchStatusListCredential: async () => list,
    });
    expect(report.verified).toBe(true);
  });
});
