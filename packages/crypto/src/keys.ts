import {
  type KeyObject,
  createHash,
  createPublicKey,
  generateKeyPair as nodeGenerateKeyPair,
  verify as nodeVerify,
} from 'node:crypto';
import { promisify } from 'node:util';
import { importJWK, type CryptoKey, type JWK } from 'jose';

const generateKeyPairAsync = promisify(nodeGenerateKeyPair);

/** The JWS algorithms we sign and verify with (RFC 8725 §3.1: a pinned, short list). */
export type SigningAlg = 'EdDSA' | 'ES256';

/** A signing key pair as JWKs (RFC 7517). `privateJwk` contains `d`; never log it. */
export interface SigningKeyPair {
  alg: SigningAlg;
  publicJwk: JWK;
  privateJwk: JWK;
}

/** The algorithms this package knows, in the order we prefer them. */
export const SIGNING_ALGS: readonly SigningAlg[] = ['EdDSA', 'ES256'];

/**
 * Generate a fresh signing key pair with native crypto.
 *
 * `EdDSA` is Ed25519 (RFC 8037 §2, `kty: OKP, crv: Ed25519`); `ES256` is P-256 (RFC 7518 §3.4).
 *
 * @param alg - default `'EdDSA'`.
 * @throws TypeError for an algorithm other than `EdDSA` or `ES256`.
 * @example
 * ```ts
 * const { publicJwk, privateJwk } = await generateSigningKey();
 * publicJwk.crv; // 'Ed25519'
 * ```
 */
export async function generateSigningKey(alg: SigningAlg = 'EdDSA'): Promise<SigningKeyPair> {
  const pair =
    alg === 'EdDSA'
      ? await generateKeyPairAsync('ed25519')
      : alg === 'ES256'
        ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' })
        : undefined;
  if (!pair) throw new TypeError(`generateSigningKey: unsupported alg ${String(alg)}`);
  const privateJwk = pair.privateKey.export({ format: 'jwk' }) as JWK;
  const publicJwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
  return { alg, publicJwk, privateJwk };
}

/**
 * The signing algorithm a JWK is meant for, from its key type and curve, or `null` when it is neither
 * an Ed25519 (RFC 8037) nor a P-256 (RFC 7518 §6.2) key. Lets a verifier refuse a header `alg` that
 * does not match the resolved key before any crypto runs.
 *
 * @example
 * ```ts
 * algForJwk({ kty: 'OKP', crv: 'Ed25519', x: '…' }); // 'EdDSA'
 * ```
 */
export function algForJwk(jwk: JWK): SigningAlg | null {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  return null;
}

/** Bounded LRU of imported keys: a Map keeps insertion order, so the first key is the least recently used. */
const KEY_CACHE_LIMIT = 1_000;
const keyCache = new Map<string, Promise<CryptoKey>>();

// The members that define the key (RFC 7638 §3.2), plus `d` for private keys so two different private
// keys that share a public half (a corrupted row) never share a cache entry.
const KEY_MEMBERS = ['crv', 'd', 'kty', 'x', 'y'] as const;

function cacheKey(jwk: JWK, alg: SigningAlg): string {
  const hash = createHash('sha256');
  hash.update(alg);
  for (const member of KEY_MEMBERS) {
    const value = jwk[member];
    hash.update(`\u0000${member}=${typeof value === 'string' ? value : ''}`);
  }
  return hash.digest('base64url');
}

/**
 * Import a JWK (public or private) as a WebCrypto key for jose, cached by a SHA-256 of its key members
 * and `alg` in a bounded LRU (1,000 keys). Verification is a hot path: importing costs about as much as
 * one signature check, so a 5-credential presentation from one issuer imports two keys, not six.
 *
 * The cache is the package's only global state; it holds private keys in memory only as long as the
 * process that already holds their plaintext.
 *
 * @throws TypeError when the JWK is not an Ed25519 key for `EdDSA` or a P-256 key for `ES256`
 *   (the promise rejects).
 * @example
 * ```ts
 * const key = await importKey(publicJwk, 'EdDSA');
 * await compactVerify(jws, key, { algorithms: ['EdDSA'] });
 * ```
 */
export function importKey(jwk: JWK, alg: SigningAlg): Promise<CryptoKey> {
  if (algForJwk(jwk) !== alg) {
    return Promise.reject(new TypeError(`importKey: the JWK is not a key for ${String(alg)}`));
  }
  const id = cacheKey(jwk, alg);
  const hit = keyCache.get(id);
  if (hit) {
    keyCache.delete(id);
    keyCache.set(id, hit);
    return hit;
  }
  const pending = importJWK(jwk, alg).then((key) => {
    if (key instanceof Uint8Array) throw new TypeError('importKey: symmetric keys are not signing keys');
    return key;
  });
  // A failed import must not stay cached, or one bad JWK poisons every later attempt.
  pending.catch(() => keyCache.delete(id));
  keyCache.set(id, pending);
  if (keyCache.size > KEY_CACHE_LIMIT) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  return pending;
}

/**
 * Number of keys held by the `importKey` cache (for tests and metrics).
 *
 * @example
 * ```ts
 * metrics.gauge('imported_keys', importKeyCacheSize());
 * ```
 */
export function importKeyCacheSize(): number {
  return keyCache.size;
}

const publicKeyCache = new Map<string, KeyObject>();
/**
 * The same JWK object (a key resolver hands out its cached one) maps straight to its KeyObject, skipping the
 * SHA-256 of the members: six lookups per presentation. Keyed by identity, so a new or changed object takes
 * the hashed path; the alg is part of the entry.
 */
const byObject = new WeakMap<JWK, { alg: SigningAlg; x: unknown; y: unknown; key: KeyObject }>();

function publicKeyObject(jwk: JWK, alg: SigningAlg): KeyObject {
  const known = byObject.get(jwk);
  // x and y compared as well: an object mutated after it was cached must not keep the old key.
  if (known && known.alg === alg && known.x === jwk.x && known.y === jwk.y) return known.key;
  const key = publicKeyObjectByValue(jwk, alg);
  byObject.set(jwk, { alg, x: jwk.x, y: jwk.y, key });
  return key;
}

function publicKeyObjectByValue(jwk: JWK, alg: SigningAlg): KeyObject {
  const id = cacheKey({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JWK, alg);
  let key = publicKeyCache.get(id);
  if (key) {
    publicKeyCache.delete(id);
  } else {
    // Only the public members: a JWK that also carries `d` must not become a private key here.
    const { kty, crv, x, y } = jwk;
    key = createPublicKey({
      key: { kty, crv, x, ...(y ? { y } : {}) } as import('node:crypto').JsonWebKey,
      format: 'jwk',
    });
    if (publicKeyCache.size >= KEY_CACHE_LIMIT) {
      const oldest = publicKeyCache.keys().next().value;
      if (oldest !== undefined) publicKeyCache.delete(oldest);
    }
  }
  publicKeyCache.set(id, key);
  return key;
}

/**
 * Check the signature of a JWS compact serialization (RFC 7515 §7.1) with native `node:crypto`,
 * synchronously, using a cached public KeyObject (same bounded LRU policy as {@link importKey}). This is
 * the verification hot path: it skips WebCrypto's promise and thread-pool hop, about 1.5× faster than
 * jose's `compactVerify` here. It checks only the signature; header rules (`alg` pinning, `crit`, `b64`)
 * are the caller's job. ES256 signatures are R‖S (RFC 7518 §3.4), hence `ieee-p1363`.
 *
 * @returns `true` only for a valid signature; `false` for a bad signature, a malformed JWS, or a key that
 *   does not fit `alg`. Never throws.
 * @example
 * ```ts
 * if (!verifyCompactJws(jwt, resolved.publicJwk, 'EdDSA')) return { ok: false, reason: 'signature_invalid' };
 * ```
 */
let signingInput = Buffer.allocUnsafe(64 * 1024);

export function verifyCompactJws(jws: string, publicJwk: JWK, alg: SigningAlg): boolean {
  if (typeof jws !== 'string' || algForJwk(publicJwk) !== alg) return false;
  const first = jws.indexOf('.');
  const second = jws.indexOf('.', first + 1);
  if (first < 1 || second < 0 || jws.indexOf('.', second + 1) !== -1) return false;
  const signature = Buffer.from(jws.slice(second + 1), 'base64url');
  // Ed25519 and P-256 R‖S signatures are both 64 bytes.
  if (signature.byteLength !== 64) return false;
  // The signing input is written into a reused buffer rather than a new one per check: verification is
  // synchronous, so nothing else can use the buffer meanwhile, and a presentation's input is ~25 KB.
  if (second > signingInput.length) signingInput = Buffer.allocUnsafe(second * 2);
  signingInput.write(jws, 0, second, 'latin1');
  const data = signingInput.subarray(0, second);
  try {
    const key = publicKeyObject(publicJwk, alg);
    return alg === 'EdDSA'
      ? nodeVerify(null, data, key, signature)
      : nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
