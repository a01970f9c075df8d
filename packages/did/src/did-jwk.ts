import type { JWK } from 'jose';
import { canonicalPublicJwk, hasPrivateMembers, isPublicJwk } from './internal/jwk.js';

const DID_JWK_PREFIX = 'did:jwk:';

/**
 * The did:jwk DID of a public key (did:jwk spec "Create"): `did:jwk:` + base64url(UTF-8 JSON of the JWK).
 * The JWK is canonicalised first — only its public members (those RFC 7638 requires, plus `alg` and `use`),
 * in lexicographic order — so one key always gives one DID. Throws TypeError for a private or symmetric key.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('ES256');
 * const did = didJwkFromJwk(await exportJWK(publicKey)); // 'did:jwk:eyJjcnYiOiJQLTI1NiIs…'
 * ```
 */
export function didJwkFromJwk(publicJwk: JWK): string {
  const json = JSON.stringify(canonicalPublicJwk(publicJwk));
  return `${DID_JWK_PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}`;
}

/**
 * The JWK inside a did:jwk DID (or its `#0` DID URL), as serialised by its creator (did:jwk spec "Read").
 * Throws TypeError when the DID is malformed, the JSON is not an EC/OKP/RSA public key, or the JWK holds
 * private members (did:jwk spec §Security: a private JWK "must be rejected").
 *
 * @example
 * ```ts
 * jwkFromDidJwk('did:jwk:eyJjcnYiOiJQLTI1NiIs…#0'); // { crv: 'P-256', kty: 'EC', x: '…', y: '…' }
 * ```
 */
export function jwkFromDidJwk(did: string): JWK {
  if (!did.startsWith(DID_JWK_PREFIX)) throw new TypeError('not a did:jwk DID');
  const hash = did.indexOf('#');
  if (hash !== -1 && did.slice(hash) !== '#0')
    throw new TypeError('did:jwk DID URLs have only the fragment #0');
  const value = did.slice(DID_JWK_PREFIX.length, hash === -1 ? undefined : hash);
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new TypeError('did:jwk value is not base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new TypeError('did:jwk value is not JSON');
  }
  if (typeof parsed === 'object' && parsed !== null && hasPrivateMembers(parsed as Record<string, unknown>)) {
    throw new TypeError('did:jwk contains private key members');
  }
  if (!isPublicJwk(parsed)) throw new TypeError('did:jwk value is not a public EC, OKP or RSA JWK');
  return parsed;
}
