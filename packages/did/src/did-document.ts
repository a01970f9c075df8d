import type { JWK } from 'jose';
import { canonicalPublicJwk } from './internal/jwk.js';

/**
 * Extension property of a verification method: the key was declared compromised from this instant (ISO 8601).
 * Credentials it signed with `iat`/`nbf` at or after it must not be trusted. Not a DID Core property: an
 * absolute IRI so it cannot clash with a registered term (DID Core §4.1 extensibility).
 *
 * @example
 * ```ts
 * if (method[COMPROMISED_FROM]) console.log('compromised from', method[COMPROMISED_FROM]);
 * ```
 */
export const COMPROMISED_FROM = 'https://skills-passport.example/ns#compromisedFrom';

/** A verification method that carries its key as a JWK (W3C VC JOSE/COSE, `JsonWebKey2020`). */
export interface VerificationMethod {
  /** Absolute DID URL, `did:…#fragment`. */
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: JWK;
  /** See {@link COMPROMISED_FROM}. */
  [COMPROMISED_FROM]?: string;
}

/** The subset of a DID document (DID Core §5) this project publishes and reads. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod?: string[];
  authentication?: string[];
  capabilityInvocation?: string[];
  capabilityDelegation?: string[];
  keyAgreement?: string[];
}

/**
 * The `@context` of documents we build: DID Core v1, and the JsonWebKey2020 suite that defines `publicKeyJwk`.
 *
 * @example
 * ```ts
 * const doc = { '@context': [...DID_CONTEXTS], id: did, verificationMethod: [] };
 * ```
 */
export const DID_CONTEXTS = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'];

/**
 * Builds the DID document an issuer publishes at its did:web address. Every key given is listed as a
 * `JsonWebKey2020` verification method with an absolute id (did:web §"Key Material": DID URLs in the
 * document must be absolute, which prevents key confusion); `assertion` names the fragments allowed to sign
 * credentials (DID Core §5.3.2 assertionMethod), default all.
 *
 * Retired keys should stay in `keys` (and may leave `assertion`) so credentials signed with them keep
 * verifying; the caller decides which keys to include. Throws TypeError on an empty, duplicate or unknown
 * fragment, or a JWK with private members.
 *
 * @example
 * ```ts
 * const doc = buildDidDocument({
 *   did: 'did:web:issuer.example:orgs:acme',
 *   keys: [{ fragment: 'key-2', publicJwk: current }, { fragment: 'key-1', publicJwk: retired }],
 *   assertion: ['key-2'],
 * });
 * ```
 */
export function buildDidDocument(opts: {
  did: string;
  keys: { fragment: string; publicJwk: JWK; compromisedFrom?: Date | null | undefined }[];
  assertion?: string[];
}): DidDocument {
  const { did, keys } = opts;
  if (!/^did:[a-z0-9]+:[^#?/]+$/.test(did))
    throw new TypeError('buildDidDocument: did must be a DID without path, query or fragment');
  const fragments = new Set<string>();
  const verificationMethod = keys.map(({ fragment, publicJwk, compromisedFrom }): VerificationMethod => {
    if (!/^[A-Za-z0-9._~-]+$/.test(fragment))
      throw new TypeError(`buildDidDocument: bad fragment '${fragment}'`);
    if (fragments.has(fragment)) throw new TypeError(`buildDidDocument: duplicate fragment '${fragment}'`);
    fragments.add(fragment);
    canonicalPublicJwk(publicJwk); // throws TypeError on private members or a non-public key
    return {
      id: `${did}#${fragment}`,
      type: 'JsonWebKey2020',
      controller: did,
      publicKeyJwk: { ...publicJwk },
      ...(compromisedFrom ? { [COMPROMISED_FROM]: compromisedFrom.toISOString() } : {}),
    };
  });
  const assertion = opts.assertion ?? [...fragments];
  for (const f of assertion) {
    if (!fragments.has(f))
      throw new TypeError(`buildDidDocument: assertion fragment '${f}' is not among the keys`);
  }
  return {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod,
    assertionMethod: assertion.map((f) => `${did}#${f}`),
  };
}
