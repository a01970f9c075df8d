import { generateSigningKey } from '@sp/crypto';
import { createBitstring, setBit, statusEntry, statusListCredentialPayload } from '@sp/status-list';
import {
  type KeyResolver,
  type VerifyOptions,
  signCredentialJwt,
  signPresentationJwt,
  signStatusListCredentialJwt,
  verifyCredentialJwt,
  verifyPresentationJwt,
} from '../src/index.js';
import {
  AUDIENCE,
  ISSUED,
  ISSUER_DID,
  LIST_REVOCATION,
  LIST_SUSPENSION,
  NONCE,
  NOW,
  buildVc,
  keys,
  makeStatusLists,
  memoryResolver,
  rawSign,
  tableFetcher,
} from './helpers.js';

let lists: Record<string, string>;
beforeAll(async () => {
  lists = await makeStatusLists();
});

const signVc = (vc = buildVc(), now = ISSUED) =>
  signCredentialJwt({
    vc,
    issuerDid: ISSUER_DID,
    kid: keys.issuer.kid,
    privateJwk: keys.issuer.privateJwk,
    alg: 'EdDSA',
    now,
  });

const signVp = (credentials: string[], o: { now?: Date; audience?: string } = {}) =>
  signPresentationJwt({
    holderDid: keys.holder.did,
    kid: keys.holder.kid,
    privateJwk: keys.holder.privateJwk,
    alg: 'EdDSA',
    credentials,
    audience: o.audience ?? AUDIENCE,
    nonce: NONCE,
    now: o.now ?? NOW,
  });

const opts = (o: Partial<VerifyOptions> = {}): VerifyOptions => ({
  resolver: memoryResolver(),
  now: NOW,
  fetchStatusListCredential: tableFetcher(lists),
  ...o,
});

const check = (report: { checks: { name: string; result: string; reason?: string }[] }, name: string) =>
  report.checks.find((c) => c.name === name);

/** A status list JWT for `url` signed by the issuer, with overrides. */
async function listJwt(
  url: string,
  o: { bits?: Uint8Array; purpose?: 'revocation' | 'suspension'; id?: string; validUntil?: Date } = {},
) {
  return signStatusListCredentialJwt({
    vc: statusListCredentialPayload({
      id: o.id ?? url,
      issuer: ISSUER_DID,
      purpose: o.purpose ?? 'revocation',
      bits: o.bits ?? createBitstring(),
      validFrom: ISSUED,
      ...(o.validUntil ? { validUntil: o.validUntil } : {}),
    }),
    issuerDid: ISSUER_DID,
    kid: keys.issuer.kid,
    privateJwk: keys.issuer.privateJwk,
    alg: 'EdDSA',
    now: ISSUED,
  });
}

describe('options', () => {
  it('throws TypeError for misuse: no resolver, an algorithm outside the pinned list, a huge skew', async () => {
    const jwt = await signVc();
    await expect(verifyCredentialJwt(jwt, { resolver: undefined as unknown as KeyResolver })).rejects.toThrow(
      TypeError,
    );
    await expect(verifyCredentialJwt(jwt, opts({ algorithms: ['none' as never] }))).rejects.toThrow(
      TypeError,
    );
    await expect(verifyCredentialJwt(jwt, opts({ algorithms: ['HS256' as never] }))).rejects.toThrow(
      TypeError,
    );
    await expect(verifyCredentialJwt(jwt, opts({ clockSkewSeconds: 3600 }))).rejects.toThrow(TypeError);
    await expect(verifyPresentationJwt(jwt, { ...opts(), audience: AUDIENCE, nonce: '' })).rejects.toThrow(
      TypeError,
    );
  });

  it('a narrower algorithm list refuses EdDSA', async () => {
    const sut = await verifyCredentialJwt(await signVc(), opts({ algorithms: ['ES256'] }));
    expect(check(sut, 'signature')).toMatchObject({ result: 'fail', reason: 'alg_not_allowed' });
  });

  it('never throws for garbage input', async () => {
    for (const input of ['', 'x', 'a.b.c', '...', 42, null]) {
      const sut = await verifyCredentialJwt(input as string, opts());
      expect(sut).toMatchObject({
        verified: false,
        checks: [{ name: 'format', result: 'fail', reason: 'malformed_jwt' }],
      });
    }
    const vp = await verifyPresentationJwt('nope', { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(vp).toMatchObject({ verified: false, credentials: [], checks: [{ reason: 'malformed_jwt' }] });
  });
});

describe('signature', () => {
  it('verifies ES256 credentials', async () => {
    const es = await generateSigningKey('ES256');
    const did = 'did:web:es.example';
    const resolver: KeyResolver = {
      resolveKey: async (u) =>
        u === `${did}#k` ? { didUrl: u, controller: did, publicJwk: es.publicJwk } : null,
    };
    const vc = buildVc({ issuer: { did, name: 'ES' }, credentialStatus: undefined });
    const jwt = await signCredentialJwt({
      vc,
      issuerDid: did,
      kid: `${did}#k`,
      privateJwk: es.privateJwk,
      alg: 'ES256',
    });
    const sut = await verifyCredentialJwt(jwt, { resolver });
    expect(sut.verified).toBe(true);
  });

  it('refuses a header alg that does not fit the resolved key', async () => {
    const vc = buildVc();
    const payload = { iss: ISSUER_DID, sub: keys.holder.did, nbf: 1_746_091_800, vc };
    const jwt = rawSign({ alg: 'ES256', typ: 'JWT', kid: keys.issuer.kid }, payload, keys.issuer.privateJwk);
    const sut = await verifyCredentialJwt(jwt, opts());
    expect(check(sut, 'signature')).toMatchObject({ result: 'fail', reason: 'signature_invalid' });
  });

  it('refuses a key the resolver says another DID controls', async () => {
    const resolver: KeyResolver = {
      resolveKey: async (u) => ({
        didUrl: u,
        controller: 'did:web:evil.example',
        publicJwk: keys.issuer.publicJwk,
      }),
    };
    const sut = await verifyCredentialJwt(await signVc(), opts({ resolver }));
    expect(check(sut, 'signature')).toMatchObject({ result: 'fail', reason: 'key_not_found' });
  });

  it('refuses an issuer key not listed under assertionMethod, and a holder key not under authentication', async () => {
    const only = (rel: 'assertionMethod' | 'authentication'): KeyResolver => {
      const inner = memoryResolver();
      return {
        resolveKey: async (u) => {
          const key = await inner.resolveKey(u);
          return key && { ...key, relationships: [rel] };
        },
      };
    };
    const vc = await verifyCredentialJwt(await signVc(), opts({ resolver: only('authentication') }));
    expect(check(vc, 'signature')).toMatchObject({ result: 'fail', reason: 'key_not_found' });
    const vp = await verifyPresentationJwt(await signVp([]), {
      ...opts({ resolver: only('assertionMethod') }),
      audience: AUDIENCE,
      nonce: NONCE,
    });
    expect(check(vp, 'signature')).toMatchObject({ result: 'fail', reason: 'key_not_found' });
  });

  it('accepts a relative kid (#key-1) read against iss', async () => {
    const payload = {
      iss: ISSUER_DID,
      sub: keys.holder.did,
      nbf: 1_746_091_800,
      vc: buildVc({ credentialStatus: undefined }),
    };
    const jwt = rawSign({ alg: 'EdDSA', typ: 'JWT', kid: '#key-1' }, payload, keys.issuer.privateJwk);
    expect((await verifyCredentialJwt(jwt, opts())).verified).toBe(true);
  });

  it('refuses a missing kid', async () => {
    const payload = { iss: ISSUER_DID, nbf: 1_746_091_800, vc: buildVc() };
    const jwt = rawSign({ alg: 'EdDSA', typ: 'JWT' }, payload, keys.issuer.privateJwk);
    expect(check(await verifyCredentialJwt(jwt, opts()), 'signature')).toMatchObject({
      reason: 'key_not_found',
    });
  });
});

describe('validity window', () => {
  const expiringAt = new Date('2025-06-01T11:59:30Z'); // 30 s before NOW

  it('allows 60 s of skew by default and none when asked', async () => {
    const jwt = await signVc(buildVc({ validUntil: expiringAt }));
    expect(check(await verifyCredentialJwt(jwt, opts()), 'validity_window')).toMatchObject({
      result: 'pass',
    });
    expect(
      check(await verifyCredentialJwt(jwt, opts({ clockSkewSeconds: 0 })), 'validity_window'),
    ).toMatchObject({
      result: 'fail',
      reason: 'expired',
    });
  });

  it('refuses an expired presentation', async () => {
    const vp = await signVp([await signVc()], { now: new Date('2025-06-01T11:50:00Z') }); // exp = 11:55
    const sut = await verifyPresentationJwt(vp, { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(check(sut, 'validity_window')).toMatchObject({ result: 'fail', reason: 'expired' });
    expect(sut.verified).toBe(false);
  });
});

describe('issuer_recognised', () => {
  it('passes with an async yes and is unknown when the register throws', async () => {
    const jwt = await signVc();
    const yes = await verifyCredentialJwt(
      jwt,
      opts({ isRecognisedIssuer: async () => ({ recognised: true }) }),
    );
    expect(check(yes, 'issuer_recognised')).toMatchObject({ result: 'pass' });
    const broken = await verifyCredentialJwt(
      jwt,
      opts({
        isRecognisedIssuer: () => {
          throw new Error('register down');
        },
      }),
    );
    expect(check(broken, 'issuer_recognised')).toMatchObject({
      result: 'unknown',
      reason: 'issuer_not_recognised',
    });
    expect(broken.verified).toBe(false);
  });

  it('hands the issuer DID, the vc and its catalogue code to the register', async () => {
    const seen: string[] = [];
    await verifyCredentialJwt(
      await signVc(),
      opts({
        isRecognisedIssuer: (did, vc, info) => {
          seen.push(did, String(vc.type), String(info.catalogueCode));
          return { recognised: true };
        },
      }),
    );
    expect(seen).toEqual([ISSUER_DID, 'VerifiableCredential,OpenBadgeCredential', 'CC-STD-13']);
  });
});

describe('status', () => {
  const withEntry = (
    index: number,
    listUrl = LIST_REVOCATION,
    purpose: 'revocation' | 'suspension' = 'revocation',
  ) => signVc(buildVc({ credentialStatus: statusEntry({ listUrl, index, purpose }) }));

  it('fetches and verifies each list once per presentation', async () => {
    const fetcher = tableFetcher(lists);
    const resolver = memoryResolver();
    const vcs = await Promise.all([1, 2, 3, 4, 5].map((i) => withEntry(i)));
    const sut = await verifyPresentationJwt(await signVp(vcs), {
      ...opts({ fetchStatusListCredential: fetcher, resolver }),
      audience: AUDIENCE,
      nonce: NONCE,
    });
    expect(sut.verified).toBe(true);
    expect(sut.credentials).toHaveLength(5);
    expect(fetcher.calls).toEqual([LIST_REVOCATION]);
    // 1 presentation + 5 credentials + 1 status list = 7 key look-ups.
    expect(resolver.calls).toHaveLength(7);
  });

  it('is unknown without a fetcher, and not reported when the credential has no status', async () => {
    const noFetcher = await verifyCredentialJwt(await withEntry(1), { resolver: memoryResolver(), now: NOW });
    expect(check(noFetcher, 'status')).toMatchObject({ result: 'unknown', reason: 'status_unavailable' });
    expect(noFetcher.verified).toBe(false);
    const noStatus = await verifyCredentialJwt(
      await signVc(buildVc({ credentialStatus: undefined })),
      opts(),
    );
    expect(check(noStatus, 'status')).toBeUndefined();
    expect(noStatus.verified).toBe(true);
  });

  it('reads the bit at the index (revoked), not its neighbours', async () => {
    const bits = createBitstring();
    setBit(bits, 500, true);
    const fetcher = tableFetcher({ [LIST_REVOCATION]: await listJwt(LIST_REVOCATION, { bits }) });
    const at = async (i: number) =>
      check(
        await verifyCredentialJwt(await withEntry(i), opts({ fetchStatusListCredential: fetcher })),
        'status',
      );
    expect(await at(500)).toMatchObject({ result: 'fail', reason: 'revoked' });
    expect(await at(499)).toMatchObject({ result: 'pass' });
    expect(await at(501)).toMatchObject({ result: 'pass' });
  });

  it.each([
    [
      'a list credential published under another URL',
      async () => listJwt(LIST_REVOCATION, { id: LIST_SUSPENSION }),
    ],
    [
      'a list shorter than 131,072 entries',
      async () => listJwt(LIST_REVOCATION, { bits: createBitstring(1024) }),
    ],
    ['a list for another purpose', async () => listJwt(LIST_REVOCATION, { purpose: 'suspension' })],
    [
      'a tampered list',
      async () => {
        const [h, p, s] = (await listJwt(LIST_REVOCATION)).split('.') as [string, string, string];
        const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
        payload.vc.credentialSubject.encodedList =
          'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    ['something that is not a JWT', async () => '<html>502 Bad Gateway</html>'],
  ])('fails with status_invalid for %s', async (_label, make) => {
    const fetcher = tableFetcher({ [LIST_REVOCATION]: await make() });
    const sut = await verifyCredentialJwt(await withEntry(1), opts({ fetchStatusListCredential: fetcher }));
    expect(check(sut, 'status')).toMatchObject({ result: 'fail', reason: 'status_invalid' });
  });

  it('fails with status_invalid for an index outside the list', async () => {
    const sut = await verifyCredentialJwt(await withEntry(200_000), opts());
    expect(check(sut, 'status')).toMatchObject({ result: 'fail', reason: 'status_invalid' });
  });

  it('is unknown when the list has expired (validUntil passed)', async () => {
    const stale = await listJwt(LIST_REVOCATION, { validUntil: new Date('2025-05-02T00:00:00Z') });
    const sut = await verifyCredentialJwt(
      await withEntry(1),
      opts({ fetchStatusListCredential: tableFetcher({ [LIST_REVOCATION]: stale }) }),
    );
    expect(check(sut, 'status')).toMatchObject({ result: 'unknown', reason: 'status_unavailable' });
  });

  it('is unknown for a status type it does not implement', async () => {
    const vc = buildVc({ credentialStatus: undefined });
    const jwt = await signVc({
      ...vc,
      credentialStatus: { id: 'https://x.example/1#1', type: 'StatusList2021Entry', statusListIndex: '1' },
    });
    expect(check(await verifyCredentialJwt(jwt, opts()), 'status')).toMatchObject({
      result: 'unknown',
      reason: 'status_invalid',
    });
  });

  it('reports revoked before suspended when both bits are set', async () => {
    const jwt = await signVc(
      buildVc({
        credentialStatus: [
          statusEntry({ listUrl: LIST_SUSPENSION, index: 23_452, purpose: 'suspension' }),
          statusEntry({ listUrl: LIST_REVOCATION, index: 94_567, purpose: 'revocation' }),
        ],
      }),
    );
    expect(check(await verifyCredentialJwt(jwt, opts()), 'status')).toMatchObject({
      result: 'fail',
      reason: 'revoked',
    });
  });
});

describe('presentation', () => {
  it('accepts aud as an array that contains the verifier', async () => {
    const payload = {
      iss: keys.holder.did,
      aud: ['https://other.example', AUDIENCE],
      nonce: NONCE,
      iat: NOW.getTime() / 1000,
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [],
      },
    };
    const vp = rawSign({ alg: 'EdDSA', typ: 'JWT', kid: keys.holder.kid }, payload, keys.holder.privateJwk);
    const sut = await verifyPresentationJwt(vp, { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(check(sut, 'audience')).toMatchObject({ result: 'pass' });
    expect(sut.verified).toBe(true);
  });

  it('reports an embedded credential that is not a JWT as malformed', async () => {
    const payload = {
      iss: keys.holder.did,
      aud: AUDIENCE,
      nonce: NONCE,
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [{ '@context': [], type: ['VerifiableCredential'] }],
      },
    };
    const vp = rawSign({ alg: 'EdDSA', typ: 'JWT', kid: keys.holder.kid }, payload, keys.holder.privateJwk);
    const sut = await verifyPresentationJwt(vp, { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(sut.credentials[0]).toMatchObject({
      verified: false,
      checks: [{ name: 'format', reason: 'malformed_jwt' }],
    });
    expect(sut.verified).toBe(false);
  });

  it('refuses a presentation whose vp.holder is not iss', async () => {
    const payload = {
      iss: keys.holder.did,
      aud: AUDIENCE,
      nonce: NONCE,
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        holder: keys.otherHolder.did,
      },
    };
    const vp = rawSign({ alg: 'EdDSA', typ: 'JWT', kid: keys.holder.kid }, payload, keys.holder.privateJwk);
    const sut = await verifyPresentationJwt(vp, { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(check(sut, 'format')).toMatchObject({ result: 'fail', reason: 'claims_invalid' });
  });

  it("refuses a presentation signed with someone else's key", async () => {
    const payload = {
      iss: keys.holder.did,
      aud: AUDIENCE,
      nonce: NONCE,
      vp: { '@context': [], type: 'VerifiablePresentation' },
    };
    const vp = rawSign(
      { alg: 'EdDSA', typ: 'JWT', kid: keys.holder.kid },
      payload,
      keys.otherHolder.privateJwk,
    );
    const sut = await verifyPresentationJwt(vp, { ...opts(), audience: AUDIENCE, nonce: NONCE });
    expect(check(sut, 'signature')).toMatchObject({ result: 'fail', reason: 'signature_invalid' });
    expect(sut.holder).toBe(keys.holder.did);
  });
});
