import type http from 'node:http';
import {
  buildDidDocument,
  createCachedFetcher,
  createKeyResolver,
  createSafeFetcher,
  type DidDocument,
  didWebFromUrl,
  FetchError,
  type KeyResolver,
  type SafeFetcher,
} from '../src/index.js';
import { type LocalServer, startLocalServer } from './helpers/local-server.js';

const current = { kty: 'OKP', crv: 'Ed25519', x: 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik' };
const retired = {
  kty: 'EC',
  crv: 'P-256',
  x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
  y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
};

/** Documents served by path; a function lets a test decide per request. */
const documents = new Map<string, unknown>();

describe('createKeyResolver', () => {
  let server: LocalServer;
  let t: number;
  let didOf: (org: string) => string;
  let sut: KeyResolver;

  beforeAll(async () => {
    server = await startLocalServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const doc = documents.get(path);
      const send = () => {
        if (doc === undefined) {
          res.writeHead(404);
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/did+json' });
          res.end(typeof doc === 'string' ? doc : JSON.stringify(doc));
        }
      };
      if (path.startsWith('/orgs/slow/')) setTimeout(send, 50);
      else send();
    });
    didOf = (org) => didWebFromUrl(`${server.origin}/orgs/${org}`);
  });

  afterAll(() => server.close());

  const makeResolver = (fetcher?: SafeFetcher) =>
    createKeyResolver({
      fetcher: fetcher ?? createSafeFetcher({ allowedPrivateHosts: [server.hostPort] }),
      allowHttpHosts: [server.hostPort],
      cacheTtlMs: 60_000,
      negativeTtlMs: 5_000,
      now: () => t,
    });
  const hits = (org: string) => server.hits.get(`/orgs/${org}/did.json`) ?? 0;
  const serve = (org: string, doc: unknown) => documents.set(`/orgs/${org}/did.json`, doc);
  const issuerDocument = (did: string): DidDocument =>
    buildDidDocument({
      did,
      keys: [
        { fragment: 'key-2', publicJwk: current },
        { fragment: 'key-1', publicJwk: retired },
      ],
      assertion: ['key-2'],
    });

  beforeEach(() => {
    t = 1_000_000;
    documents.clear();
    server.hits.clear();
    sut = makeResolver();
  });

  describe('did:web', () => {
    it('resolves a key by absolute DID URL from a real document over the allowed host', async () => {
      const did = didOf('acme');
      expect(did).toBe(`did:web:127.0.0.1%3A${server.port}:orgs:acme`);
      serve('acme', issuerDocument(did));
      await expect(sut.resolveKey(`${did}#key-2`)).resolves.toEqual({
        didUrl: `${did}#key-2`,
        controller: did,
        publicJwk: current,
        relationships: ['assertionMethod'],
      });
    });

    it('returns a retired key that is no longer in assertionMethod, with no relationships', async () => {
      const did = didOf('acme');
      serve('acme', issuerDocument(did));
      const key = await sut.resolveKey(`${did}#key-1`);
      expect(key?.publicJwk).toEqual(retired);
      expect(key?.relationships).toEqual([]);
    });

    it('returns null when the DID resolves but the key is not in it', async () => {
      const did = didOf('acme');
      serve('acme', issuerDocument(did));
      await expect(sut.resolveKey(`${did}#key-9`)).resolves.toBeNull();
    });

    it('accepts relative verification method ids and references', async () => {
      const did = didOf('relative');
      serve('relative', {
        '@context': 'https://www.w3.org/ns/did/v1',
        id: did,
        verificationMethod: [
          { id: '#key-1', type: 'JsonWebKey2020', controller: did, publicKeyJwk: current },
        ],
        assertionMethod: ['#key-1'],
      });
      const key = await sut.resolveKey(`${did}#key-1`);
      expect(key).toEqual({
        didUrl: `${did}#key-1`,
        controller: did,
        publicJwk: current,
        relationships: ['assertionMethod'],
      });
      expect((await sut.resolveDid(did))?.['@context']).toEqual(['https://www.w3.org/ns/did/v1']);
    });

    it('accepts a verification method embedded in a relationship, and type JsonWebKey', async () => {
      const did = didOf('embedded');
      serve('embedded', {
        id: did,
        assertionMethod: [{ id: `${did}#k`, type: 'JsonWebKey', controller: did, publicKeyJwk: current }],
      });
      expect((await sut.resolveKey(`${did}#k`))?.relationships).toEqual(['assertionMethod']);
    });

    it('ignores methods that are not JWKs, and methods whose id lies outside the DID', async () => {
      const did = didOf('mixed');
      serve('mixed', {
        id: did,
        verificationMethod: [
          {
            id: `${did}#multibase`,
            type: 'Ed25519VerificationKey2020',
            controller: did,
            publicKeyMultibase: 'z6Mk',
          },
          {
            id: 'did:web:attacker.example#key-1',
            type: 'JsonWebKey2020',
            controller: did,
            publicKeyJwk: current,
          },
          { id: `${did}#ok`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: current },
        ],
      });
      await expect(sut.resolveKey(`${did}#multibase`)).resolves.toBeNull();
      expect((await sut.resolveDid(did))?.verificationMethod.map((m) => m.id)).toEqual([`${did}#ok`]);
    });

    it('answers the same frozen key object for the same key, and a new one after the document is re-fetched', async () => {
      const did = didOf('same');
      serve('same', issuerDocument(did));
      const first = await sut.resolveKey(`${did}#key-2`);
      const again = await sut.resolveKey(`${did}#key-2`);
      // Identity lets @sp/crypto reuse its KeyObject; frozen so no caller can change what others are given.
      expect(again).toBe(first);
      expect(Object.isFrozen(first) && Object.isFrozen(first?.publicJwk)).toBe(true);
      expect(first?.publicJwk).toEqual(current);
      serve('same', buildDidDocument({ did, keys: [{ fragment: 'key-2', publicJwk: retired }] }));
      t += 61_000;
      const rotated = await sut.resolveKey(`${did}#key-2`);
      expect(rotated).not.toBe(first);
      expect(rotated?.publicJwk).toEqual(retired);
    });

    it('peekKey answers without I/O only what resolveKey would, while the document is cached and fresh', async () => {
      const did = didOf('peek');
      serve('peek', issuerDocument(did));
      expect(sut.peekKey(`${did}#key-2`)).toBeUndefined(); // not fetched yet: no answer, and no fetch
      expect(hits('peek')).toBe(0);
      const resolved = await sut.resolveKey(`${did}#key-2`);
      expect(sut.peekKey(`${did}#key-2`)).toBe(resolved);
      expect(sut.peekKey(`${did}#key-9`)).toBeNull();
      t += 61_000; // stale: the asynchronous way re-fetches
      expect(sut.peekKey(`${did}#key-2`)).toBeUndefined();
      const gone = didOf('peek-gone');
      await expect(sut.resolveKey(`${gone}#key-1`)).rejects.toBeInstanceOf(FetchError);
      expect(sut.peekKey(`${gone}#key-1`)).toBeUndefined(); // a remembered failure is replayed by resolveKey only
      expect(hits('peek')).toBe(1);
    });

    it('caches the document for cacheTtlMs, then fetches again', async () => {
      const did = didOf('acme');
      serve('acme', issuerDocument(did));
      await sut.resolveKey(`${did}#key-2`);
      await sut.resolveKey(`${did}#key-1`);
      t += 59_000;
      await sut.resolveDid(did);
      expect(hits('acme')).toBe(1);
      t += 2_000;
      await sut.resolveDid(did);
      expect(hits('acme')).toBe(2);
    });

    it('shares one in-flight request among concurrent resolutions of the same DID', async () => {
      const did = didOf('slow');
      serve('slow', issuerDocument(did));
      const keys = await Promise.all(
        ['key-1', 'key-2', 'key-1', 'key-2', 'key-9'].map((f) => sut.resolveKey(`${did}#${f}`)),
      );
      expect(keys.map((k) => k?.didUrl ?? null)).toEqual([
        `${did}#key-1`,
        `${did}#key-2`,
        `${did}#key-1`,
        `${did}#key-2`,
        null,
      ]);
      expect(hits('slow')).toBe(1);
    });

    it('rejects with http_status when the document is missing, and replays that failure from the negative cache', async () => {
      const did = didOf('gone');
      await expect(sut.resolveKey(`${did}#key-1`)).rejects.toMatchObject({
        code: 'http_status',
        status: 404,
      });
      t += 4_000;
      await expect(sut.resolveKey(`${did}#key-1`)).rejects.toMatchObject({ code: 'http_status' });
      await expect(sut.resolveDid(did)).rejects.toBeInstanceOf(FetchError);
      expect(hits('gone')).toBe(1);
      serve('gone', issuerDocument(did));
      t += 2_000; // negative entry expired
      await expect(sut.resolveKey(`${did}#key-2`)).resolves.toMatchObject({ publicJwk: current });
      expect(hits('gone')).toBe(2);
    });

    it.each([
      [
        'an id that is not the DID',
        (did: string) => ({ ...issuerDocument(did), id: 'did:web:other.example' }),
      ],
      ['a body that is not JSON', () => 'not json'],
      ['JSON that is not a DID document', () => ({ verificationMethod: 'nope' })],
      [
        'a published private key member',
        (did: string) => ({
          id: did,
          verificationMethod: [
            {
              id: `${did}#k`,
              type: 'JsonWebKey2020',
              controller: did,
              publicKeyJwk: { ...current, d: 'AAAA' },
            },
          ],
        }),
      ],
    ])('rejects with bad_content for %s', async (_label, makeDoc) => {
      const did = didOf('bad');
      serve('bad', makeDoc(did));
      await expect(sut.resolveKey(`${did}#k`)).rejects.toMatchObject({ code: 'bad_content' });
    });

    it('does not fetch over http unless the host is allowed', async () => {
      const strict = createKeyResolver({
        fetcher: createSafeFetcher({ allowedPrivateHosts: [server.hostPort] }),
      });
      const did = didOf('acme');
      serve('acme', issuerDocument(did));
      // https://127.0.0.1:<port>: our plain-http server cannot speak TLS.
      await expect(strict.resolveKey(`${did}#key-2`)).rejects.toMatchObject({ code: 'network' });
    });

    it('works through a cached fetcher', async () => {
      const fetcher = createCachedFetcher(createSafeFetcher({ allowedPrivateHosts: [server.hostPort] }), {
        maxEntries: 10,
        defaultTtlMs: 60_000,
        now: () => t,
      });
      const did = didOf('acme');
      serve('acme', issuerDocument(did));
      expect((await makeResolver(fetcher).resolveKey(`${did}#key-2`))?.publicJwk).toEqual(current);
      expect((await makeResolver(fetcher).resolveKey(`${did}#key-2`))?.publicJwk).toEqual(current);
      expect(hits('acme')).toBe(1);
    });
  });

  describe('local methods (no network)', () => {
    const noNetwork: SafeFetcher = {
      get: () => Promise.reject(new Error('network used')),
      post: () => Promise.reject(new Error('network used')),
    };
    const specDidJwk =
      'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';

    it('resolves did:jwk#0 locally', async () => {
      const key = await makeResolver(noNetwork).resolveKey(`${specDidJwk}#0`);
      expect(key).toEqual({
        didUrl: `${specDidJwk}#0`,
        controller: specDidJwk,
        publicJwk: {
          crv: 'P-256',
          kty: 'EC',
          x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0',
          y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE',
        },
        relationships: [
          'assertionMethod',
          'authentication',
          'capabilityInvocation',
          'capabilityDelegation',
          'keyAgreement',
        ],
      });
    });

    it('peekKey answers did:jwk and did:key at once, as resolveKey does', async () => {
      const resolver = makeResolver(noNetwork);
      expect(resolver.peekKey(`${specDidJwk}#0`)).toEqual(await resolver.resolveKey(`${specDidJwk}#0`));
      expect(resolver.peekKey(`${specDidJwk}#1`)).toBeNull();
      expect(resolver.peekKey('did:example:123#k')).toBeUndefined();
    });

    it('builds the did:jwk document of the spec (use: enc keeps only keyAgreement)', async () => {
      const did =
        'did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9';
      const doc = await makeResolver(noNetwork).resolveDid(did);
      expect(doc?.keyAgreement).toEqual([`${did}#0`]);
      expect(doc?.assertionMethod).toBeUndefined();
    });

    it('resolves a bare did:jwk (its only key) and returns null for another fragment', async () => {
      const resolver = makeResolver(noNetwork);
      expect((await resolver.resolveKey(specDidJwk))?.didUrl).toBe(`${specDidJwk}#0`);
      await expect(resolver.resolveKey(`${specDidJwk}#1`)).resolves.toBeNull();
    });

    it('resolves did:key locally with the key as fragment', async () => {
      const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
      const key = await makeResolver(noNetwork).resolveKey(
        `${did}#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp`,
      );
      expect(key?.publicJwk).toEqual(current);
      expect(key?.relationships).toContain('assertionMethod');
    });

    it.each([
      ['an unsupported method', 'did:example:123#key-1'],
      ['a malformed did:jwk', 'did:jwk:!!!#0'],
      [
        'a private did:jwk',
        `did:jwk:${Buffer.from(JSON.stringify({ ...current, d: 'AAAA' })).toString('base64url')}#0`,
      ],
      ['an unsupported did:key', 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'],
      ['a malformed did:web', 'did:web:example.com:..:x#key-1'],
      ['not a DID', 'https://issuer.example#key-1'],
    ])('returns null for %s', async (_label, didUrl) => {
      await expect(makeResolver(noNetwork).resolveKey(didUrl)).resolves.toBeNull();
    });
  });

  it.each([{ cacheTtlMs: -1 }, { negativeTtlMs: Number.NaN }, { maxEntries: 0 }])(
    'throws TypeError on bad options %p',
    (options) => {
      expect(() => createKeyResolver({ fetcher: createSafeFetcher(), ...options })).toThrow(TypeError);
    },
  );
});
