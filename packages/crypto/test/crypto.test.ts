import { compactVerify, CompactSign } from 'jose';
import {
  KeyUnsealError,
  algForJwk,
  generateApiKey,
  generateSigningKey,
  hashPassword,
  importKey,
  importKeyCacheSize,
  openPrivateKey,
  parseKek,
  randomToken,
  sealPrivateKey,
  sha256,
  verifyCompactJws,
  verifyPassword,
} from '../src/index.js';

const kek = new Uint8Array(32).fill(7);
const otherKek = new Uint8Array(32).fill(8);

function flipChar(text: string, at: number): string {
  const c = text[at]!;
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('generateSigningKey', () => {
  it('makes Ed25519 by default and P-256 for ES256', async () => {
    const ed = await generateSigningKey();
    expect(ed.alg).toBe('EdDSA');
    expect(ed.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(ed.publicJwk.d).toBeUndefined();
    expect(typeof ed.privateJwk.d).toBe('string');
    const ec = await generateSigningKey('ES256');
    expect(ec.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(algForJwk(ec.publicJwk)).toBe('ES256');
  });

  it('refuses an unknown algorithm with TypeError', async () => {
    await expect(generateSigningKey('HS256' as never)).rejects.toThrow(TypeError);
  });
});

describe('sealPrivateKey / openPrivateKey', () => {
  it('round-trips with and without AAD', async () => {
    const { privateJwk } = await generateSigningKey();
    const sut = sealPrivateKey(privateJwk, kek, 'row-1');
    expect(sut).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(openPrivateKey(sut, kek, 'row-1')).toEqual(privateJwk);
    expect(openPrivateKey(sealPrivateKey(privateJwk, kek), kek)).toEqual(privateJwk);
  });

  it('uses a fresh IV every time', async () => {
    const { privateJwk } = await generateSigningKey();
    expect(sealPrivateKey(privateJwk, kek)).not.toBe(sealPrivateKey(privateJwk, kek));
  });

  it('refuses tampered ciphertext', async () => {
    const { privateJwk } = await generateSigningKey();
    const parts = sealPrivateKey(privateJwk, kek, 'row-1').split('.');
    parts[2] = flipChar(parts[2]!, 5);
    expect(() => openPrivateKey(parts.join('.'), kek, 'row-1')).toThrow(KeyUnsealError);
  });

  it('refuses a tampered tag and a tampered IV', async () => {
    const { privateJwk } = await generateSigningKey();
    const parts = sealPrivateKey(privateJwk, kek).split('.');
    expect(() =>
      openPrivateKey([parts[0], parts[1], parts[2], flipChar(parts[3]!, 0)].join('.'), kek),
    ).toThrow(KeyUnsealError);
    expect(() =>
      openPrivateKey([parts[0], flipChar(parts[1]!, 0), parts[2], parts[3]].join('.'), kek),
    ).toThrow(KeyUnsealError);
  });

  it('refuses the wrong AAD, a missing AAD and the wrong KEK', async () => {
    const { privateJwk } = await generateSigningKey();
    const sut = sealPrivateKey(privateJwk, kek, 'row-1');
    expect(() => openPrivateKey(sut, kek, 'row-2')).toThrow(KeyUnsealError);
    expect(() => openPrivateKey(sut, kek)).toThrow(KeyUnsealError);
    expect(() => openPrivateKey(sut, otherKek, 'row-1')).toThrow(KeyUnsealError);
    try {
      openPrivateKey(sut, otherKek, 'row-1');
    } catch (err) {
      expect((err as KeyUnsealError).code).toBe('key_unseal_failed');
    }
  });

  it('refuses strings that are not v1 envelopes', () => {
    expect(() => openPrivateKey('v2.a.b.c', kek)).toThrow(KeyUnsealError);
    expect(() => openPrivateKey('v1.a.b', kek)).toThrow(KeyUnsealError);
  });

  it('throws TypeError for a KEK that is not 32 bytes (misuse)', async () => {
    const { privateJwk } = await generateSigningKey();
    expect(() => sealPrivateKey(privateJwk, new Uint8Array(16))).toThrow(TypeError);
    expect(() => openPrivateKey('v1.a.b.c', new Uint8Array(31))).toThrow(TypeError);
  });
});

describe('parseKek', () => {
  const raw = Buffer.alloc(32, 0xfb); // 0xfb bytes give '+' '/' in base64 and '-' '_' in base64url
  it('accepts base64 and base64url of 32 bytes', () => {
    expect(parseKek(raw.toString('base64'))).toEqual(new Uint8Array(raw));
    expect(parseKek(raw.toString('base64url'))).toEqual(new Uint8Array(raw));
  });
  it('throws TypeError for other lengths and non-base64 text', () => {
    expect(() => parseKek(Buffer.alloc(31).toString('base64'))).toThrow(TypeError);
    expect(() => parseKek(Buffer.alloc(33).toString('base64'))).toThrow(TypeError);
    expect(() => parseKek('not base64 at all!')).toThrow(TypeError);
    expect(() => parseKek('')).toThrow(TypeError);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const sut = await hashPassword('correct horse battery staple');
    expect(sut).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword('correct horse battery staple', sut)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', sut)).resolves.toBe(false);
    await expect(verifyPassword('', sut)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('rejects with TypeError for a stored value it did not make', async () => {
    await expect(verifyPassword('x', 'plain-text')).rejects.toThrow(TypeError);
    await expect(verifyPassword('x', '$scrypt$ln=30,r=8,p=1$AAAA$AAAA')).rejects.toThrow(TypeError);
  });
});

describe('randomToken, sha256, generateApiKey', () => {
  it('randomToken is base64url of the requested size', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(randomToken(16), 'base64url').byteLength).toBe(16);
    expect(() => randomToken(4)).toThrow(TypeError);
  });

  it('sha256 matches the FIPS 180-2 "abc" vector for strings and bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256('abc')).toBe(abc);
    expect(sha256(new TextEncoder().encode('abc'))).toBe(abc);
  });

  it('generateApiKey hashes the whole key and shows its first 12 characters', () => {
    const sut = generateApiKey('spk_iss');
    expect(sut.key).toMatch(/^spk_iss_[A-Za-z0-9_-]{43}$/);
    expect(sut.prefix).toBe(sut.key.slice(0, 12));
    expect(sut.hash).toBe(sha256(sut.key));
    expect(sut.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey('spk_iss').key).not.toBe(sut.key);
    expect(() => generateApiKey('Bad Prefix')).toThrow(TypeError);
  });
});

describe('importKey', () => {
  it('imports public and private keys that sign and verify, and caches them', async () => {
    const pair = await generateSigningKey();
    const priv = await importKey(pair.privateJwk, 'EdDSA');
    const pub = await importKey(pair.publicJwk, 'EdDSA');
    expect(await importKey({ ...pair.publicJwk }, 'EdDSA')).toBe(pub);
    const jws = await new CompactSign(new TextEncoder().encode('hi'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(priv);
    const { payload } = await compactVerify(jws, pub, { algorithms: ['EdDSA'] });
    expect(new TextDecoder().decode(payload)).toBe('hi');
  });

  it('does not confuse a private key with its public half', async () => {
    const pair = await generateSigningKey('ES256');
    const priv = await importKey(pair.privateJwk, 'ES256');
    const pub = await importKey(pair.publicJwk, 'ES256');
    expect(priv).not.toBe(pub);
    expect(priv.type).toBe('private');
    expect(pub.type).toBe('public');
  });

  it('rejects with TypeError when the key does not fit the algorithm', async () => {
    const pair = await generateSigningKey('EdDSA');
    await expect(importKey(pair.publicJwk, 'ES256')).rejects.toThrow(TypeError);
  });

  it('keeps the cache bounded', async () => {
    const pair = await generateSigningKey();
    await importKey(pair.publicJwk, 'EdDSA');
    expect(importKeyCacheSize()).toBeLessThanOrEqual(1_000);
    expect(importKeyCacheSize()).toBeGreaterThan(0);
  });
});

describe('verifyCompactJws', () => {
  const sign = async (
    alg: 'EdDSA' | 'ES256',
    privateJwk: Parameters<typeof importKey>[0],
    text = 'payload',
  ) =>
    new CompactSign(new TextEncoder().encode(text))
      .setProtectedHeader({ alg })
      .sign(await importKey(privateJwk, alg));

  it.each(['EdDSA', 'ES256'] as const)(
    'accepts a jose-made %s signature and refuses a changed payload',
    async (alg) => {
      const pair = await generateSigningKey(alg);
      const jws = await sign(alg, pair.privateJwk);
      expect(verifyCompactJws(jws, pair.publicJwk, alg)).toBe(true);
      // A private JWK is accepted as a source of the public key.
      expect(verifyCompactJws(jws, pair.privateJwk, alg)).toBe(true);
      const [h, , sig] = jws.split('.');
      const other = Buffer.from('payloaD').toString('base64url');
      expect(verifyCompactJws(`${h}.${other}.${sig}`, pair.publicJwk, alg)).toBe(false);
    },
  );

  it('refuses another key, a key of the wrong type, and malformed input without throwing', async () => {
    const pair = await generateSigningKey('EdDSA');
    const other = await generateSigningKey('EdDSA');
    const ec = await generateSigningKey('ES256');
    const jws = await sign('EdDSA', pair.privateJwk);
    expect(verifyCompactJws(jws, other.publicJwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(jws, ec.publicJwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(jws, pair.publicJwk, 'ES256')).toBe(false);
    expect(verifyCompactJws('a.b', pair.publicJwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(`${jws}.x`, pair.publicJwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(jws.slice(0, -4), pair.publicJwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(jws, { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, 'EdDSA')).toBe(false);
  });

  it('reuses the key of a JWK object it has seen, but never after the object was changed', async () => {
    const pair = await generateSigningKey('EdDSA');
    const other = await generateSigningKey('EdDSA');
    const jws = await sign('EdDSA', pair.privateJwk);
    const jwk = { ...pair.publicJwk };
    expect(verifyCompactJws(jws, jwk, 'EdDSA')).toBe(true);
    expect(verifyCompactJws(jws, jwk, 'EdDSA')).toBe(true);
    // The identity cache must not answer for the old key once the object names another one.
    jwk.x = other.publicJwk.x;
    expect(verifyCompactJws(jws, jwk, 'EdDSA')).toBe(false);
    expect(verifyCompactJws(jws, jwk, 'ES256')).toBe(false);
  });
});
