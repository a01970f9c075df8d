import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  buildDidDocument,
  didJwkFromJwk,
  didWebDocumentUrl,
  didWebFromUrl,
  jwkFromDidJwk,
  jwkFromDidKey,
} from '../src/index.js';

describe('did:web', () => {
  // did:web Method Specification §3.2 "Create" and §2.3 examples, run unchanged.
  it.each([
    ['did:web:w3c-ccg.github.io', 'https://w3c-ccg.github.io/.well-known/did.json'],
    ['did:web:w3c-ccg.github.io:user:alice', 'https://w3c-ccg.github.io/user/alice/did.json'],
    ['did:web:example.com%3A3000:user:alice', 'https://example.com:3000/user/alice/did.json'],
    ['did:web:example.com%3A3000', 'https://example.com:3000/.well-known/did.json'],
  ])('spec example %s → %s', (did, url) => {
    expect(didWebDocumentUrl(did)).toBe(url);
    expect(didWebFromUrl(url)).toBe(did);
  });

  it('maps an organisation URL with a port to a DID', () => {
    expect(didWebFromUrl('http://localhost:3001/orgs/acme')).toBe('did:web:localhost%3A3001:orgs:acme');
    expect(didWebFromUrl('https://issuer.example/')).toBe('did:web:issuer.example');
  });

  it('uses http only for allowHttpHosts', () => {
    const did = 'did:web:localhost%3A3001:orgs:acme';
    expect(didWebDocumentUrl(did)).toBe('https://localhost:3001/orgs/acme/did.json');
    expect(didWebDocumentUrl(did, { allowHttpHosts: ['localhost:3001'] })).toBe(
      'http://localhost:3001/orgs/acme/did.json',
    );
    expect(didWebDocumentUrl(did, { allowHttpHosts: ['localhost'] })).toBe(
      'http://localhost:3001/orgs/acme/did.json',
    );
    expect(didWebDocumentUrl(did, { allowHttpHosts: ['localhost:3002'] })).toBe(
      'https://localhost:3001/orgs/acme/did.json',
    );
  });

  it.each([
    ['wrong method', 'did:key:z6Mk'],
    ['empty', 'did:web:'],
    ['fragment', 'did:web:example.com#key-1'],
    ['query', 'did:web:example.com?x=1'],
    ['dot-dot segment', 'did:web:example.com:..:admin'],
    ['empty segment', 'did:web:example.com::x'],
    ['encoded slash in a segment', 'did:web:example.com:a%2Fb'],
    ['encoded slash in the host', 'did:web:example.com%2Fevil'],
    ['user info in the host', 'did:web:user%40example.com'],
    ['bad percent-encoding', 'did:web:example.com%3'],
  ])('didWebDocumentUrl throws TypeError on %s', (_label, did) => {
    expect(() => didWebDocumentUrl(did)).toThrow(TypeError);
  });

  it.each(['ftp://example.com/', 'https://example.com/a?b=1', 'https://example.com/#x', 'not a url'])(
    'didWebFromUrl throws TypeError on %s',
    (url) => {
      expect(() => didWebFromUrl(url)).toThrow(TypeError);
    },
  );
});

describe('did:jwk', () => {
  // did:jwk spec §Examples, P-256, run unchanged.
  const specDid =
    'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';
  const specJwk = {
    crv: 'P-256',
    kty: 'EC',
    x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0',
    y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE',
  };

  it('reads the spec example', () => {
    expect(jwkFromDidJwk(specDid)).toEqual(specJwk);
    expect(jwkFromDidJwk(`${specDid}#0`)).toEqual(specJwk);
  });

  it('creates the spec example DID from its JWK, whatever the member order or extra members', () => {
    expect(didJwkFromJwk(specJwk)).toBe(specDid);
    const { x, y } = specJwk;
    expect(didJwkFromJwk({ y, x, kty: 'EC', crv: 'P-256', kid: 'k1', key_ops: ['verify'] })).toBe(specDid);
  });

  it('reads the spec X25519 example (use: enc)', () => {
    const did =
      'did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9';
    expect(jwkFromDidJwk(did)).toEqual({
      kty: 'OKP',
      crv: 'X25519',
      use: 'enc',
      x: '3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08',
    });
  });

  it('round-trips a fresh Ed25519 key', () => {
    const publicJwk = createPublicKey(
      createPrivateKey({
        key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32, 7)]),
        format: 'der',
        type: 'pkcs8',
      }),
    ).export({ format: 'jwk' });
    expect(jwkFromDidJwk(didJwkFromJwk(publicJwk))).toEqual({ crv: 'Ed25519', kty: 'OKP', x: publicJwk.x });
  });

  it('didJwkFromJwk throws TypeError on a private key (did:jwk §Security)', () => {
    expect(() => didJwkFromJwk({ ...specJwk, d: 'gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc' })).toThrow(
      TypeError,
    );
    expect(() => didJwkFromJwk({ kty: 'oct', k: 'c2VjcmV0' })).toThrow(TypeError);
  });

  const encode = (o: unknown) => `did:jwk:${Buffer.from(JSON.stringify(o)).toString('base64url')}`;
  it.each([
    ['private member d', encode({ ...specJwk, d: 'gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc' })],
    ['symmetric key', encode({ kty: 'oct', k: 'c2VjcmV0' })],
    ['missing y', encode({ kty: 'EC', crv: 'P-256', x: specJwk.x })],
    ['not JSON', `did:jwk:${Buffer.from('nope').toString('base64url')}`],
    ['not base64url', 'did:jwk:eyJ+/'],
    ['JSON array', encode([1, 2])],
    ['fragment other than #0', `${specDid}#1`],
    ['other method', 'did:key:z6Mk'],
  ])('jwkFromDidJwk throws TypeError on %s', (_label, did) => {
    expect(() => jwkFromDidJwk(did)).toThrow(TypeError);
  });
});

// RFC 8410 §7: PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

describe('did:key', () => {
  it('reads the did:key spec Ed25519 test vector (seed 00…00)', () => {
    // The expected key is derived here from the vector's seed with node:crypto, independently of our decoder.
    const expected = createPublicKey(
      createPrivateKey({
        key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.alloc(32)]),
        format: 'der',
        type: 'pkcs8',
      }),
    ).export({ format: 'jwk' });
    const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
    expect(jwkFromDidKey(did)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expected.x });
    expect(jwkFromDidKey(did).x).toBe('O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik');
    expect(jwkFromDidKey(`${did}#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp`)).toEqual(
      jwkFromDidKey(did),
    );
  });

  it('reads the did:key spec P-256 test vector (compressed point)', () => {
    expect(jwkFromDidKey('did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv')).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
      y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
    });
  });

  it.each([
    ['secp256k1 (unsupported)', 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'],
    ['not base58btc multibase', 'did:key:m7QE'],
    ['character outside base58', 'did:key:z6Mk0OIl'],
    ['truncated Ed25519 key', 'did:key:z6Mkha'],
    ['fragment naming another key', 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#key-1'],
    ['other method', 'did:jwk:eyJ9'],
  ])('throws TypeError on %s', (_label, did) => {
    expect(() => jwkFromDidKey(did)).toThrow(TypeError);
  });
});

describe('buildDidDocument', () => {
  const did = 'did:web:issuer.example:orgs:acme';
  const current = { kty: 'OKP', crv: 'Ed25519', x: 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik' };
  const retired = {
    kty: 'EC',
    crv: 'P-256',
    x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
    y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
  };

  it('lists every key with absolute ids; assertion defaults to all', () => {
    const sut = buildDidDocument({
      did,
      keys: [
        { fragment: 'key-2', publicJwk: current },
        { fragment: 'key-1', publicJwk: retired },
      ],
    });
    expect(sut).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [
        { id: `${did}#key-2`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: current },
        { id: `${did}#key-1`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: retired },
      ],
      assertionMethod: [`${did}#key-2`, `${did}#key-1`],
    });
  });

  it('keeps a retired key listed while only the current key asserts', () => {
    const sut = buildDidDocument({
      did,
      keys: [
        { fragment: 'key-2', publicJwk: current },
        { fragment: 'key-1', publicJwk: retired },
      ],
      assertion: ['key-2'],
    });
    expect(sut.verificationMethod.map((m) => m.id)).toEqual([`${did}#key-2`, `${did}#key-1`]);
    expect(sut.assertionMethod).toEqual([`${did}#key-2`]);
  });

  it.each([
    ['private member', { did, keys: [{ fragment: 'k', publicJwk: { ...current, d: 'AAAA' } }] }],
    [
      'duplicate fragment',
      {
        did,
        keys: [
          { fragment: 'k', publicJwk: current },
          { fragment: 'k', publicJwk: retired },
        ],
      },
    ],
    [
      'unknown assertion fragment',
      { did, keys: [{ fragment: 'k', publicJwk: current }], assertion: ['nope'] },
    ],
    ['fragment with #', { did, keys: [{ fragment: '#k', publicJwk: current }] }],
    ['DID with a fragment', { did: `${did}#x`, keys: [{ fragment: 'k', publicJwk: current }] }],
  ])('throws TypeError on %s', (_label, opts) => {
    expect(() => buildDidDocument(opts)).toThrow(TypeError);
  });
});
