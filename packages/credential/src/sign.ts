import { type JWK, SIGNING_ALGS, type SigningAlg, importKey } from '@sp/crypto';
import { CompactSign } from 'jose';
import { didOf } from './internal/jwt.js';
import { VC_CONTEXT_V1, type VcV1 } from './model.js';

const encoder = new TextEncoder();

/** Signer argument checks shared by every signing function of this package (and `register.ts`). */
export function assertSigner(fn: string, did: string, kid: string, alg: SigningAlg): void {
  if (!SIGNING_ALGS.includes(alg))
    throw new TypeError(`${fn}: alg must be one of ${SIGNING_ALGS.join(', ')}`);
  if (typeof did !== 'string' || !did.startsWith('did:')) throw new TypeError(`${fn}: expected a DID`);
  // The verifier looks the key up from `kid` and requires it to belong to `iss` (RFC 8725 §3.10).
  if (typeof kid !== 'string' || didOf(kid) !== did || !kid.includes('#')) {
    throw new TypeError(`${fn}: kid must be a DID URL of ${did} (did#fragment)`);
  }
}

function toSeconds(date: Date, fn: string): number {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError(`${fn}: invalid date`);
  return Math.floor(date.getTime() / 1000);
}

function dateClaim(iso: unknown, fn: string, name: string): number | undefined {
  if (iso === undefined) return undefined;
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError(`${fn}: ${name} is not a date`);
  return Math.floor(ms / 1000);
}

/** Compact JWS with a JSON payload, signed natively (jose); shared with `register.ts`. */
export async function signJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateJwk: JWK,
  alg: SigningAlg,
): Promise<string> {
  const key = await importKey(privateJwk, alg);
  return new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg } as { alg: string })
    .sign(key);
}

/**
 * Sign a credential as a VC-JWT (`jwt_vc_json`, OpenID4VCI 1.0 Appendix A.1; VCDM 1.1 §6.3.1) with
 * native crypto (jose). Claims: `iss` = issuer DID, `sub` = `credentialSubject.id`, `nbf` = `issuanceDate`,
 * `iat` = `now`, `exp` = `expirationDate` (only when present), `jti` = `vc.id`. Header: `alg`,
 * `typ: 'JWT'`, `kid`. The `vc` members stay in place (they are not moved into the claims).
 *
 * @param opts.kid - the full DID URL of the signing key (`did:web:acme.example#key-1`).
 * @param opts.now - default `new Date()`.
 * @throws TypeError when `kid` is not a key of `issuerDid`, `vc.issuer` is another DID, or a date is invalid.
 * @example
 * ```ts
 * const jwt = await signCredentialJwt({ vc, issuerDid, kid: `${issuerDid}#key-1`, privateJwk, alg: 'EdDSA' });
 * ```
 */
export async function signCredentialJwt(opts: {
  vc: VcV1;
  issuerDid: string;
  kid: string;
  privateJwk: JWK;
  alg: SigningAlg;
  now?: Date;
}): Promise<string> {
  const fn = 'signCredentialJwt';
  assertSigner(fn, opts.issuerDid, opts.kid, opts.alg);
  const { vc } = opts;
  const issuer = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.id;
  if (issuer !== undefined && issuer !== opts.issuerDid)
    throw new TypeError(`${fn}: vc.issuer is not issuerDid`);
  const now = toSeconds(opts.now ?? new Date(), fn);
  const subject = Array.isArray(vc.credentialSubject) ? undefined : vc.credentialSubject.id;
  const nbf = dateClaim(vc.issuanceDate, fn, 'issuanceDate') ?? now;
  const exp = dateClaim(vc.expirationDate, fn, 'expirationDate');
  const payload = {
    iss: opts.issuerDid,
    ...(subject ? { sub: subject } : {}),
    nbf,
    iat: now,
    ...(exp !== undefined ? { exp } : {}),
    ...(vc.id ? { jti: vc.id } : {}),
    vc,
  };
  return signJws({ typ: 'JWT', kid: opts.kid }, payload, opts.privateJwk, opts.alg);
}

/**
 * Sign a Verifiable Presentation as a VP-JWT (VCDM 1.1 §6.3.1) bound to one verifier and one request:
 * `iss` = holder DID, `aud` = verifier (OpenID4VP: the client_id), `nonce` from the request, `iat`/`nbf`
 * = `now`, `exp` = `now + ttlSeconds`. The credentials are embedded as VC-JWT strings.
 *
 * @param opts.ttlSeconds - lifetime in seconds, 1 to 86,400; default 300.
 * @throws TypeError when `kid` is not a key of `holderDid`, `audience`/`nonce` are empty, or ttl is out of range.
 * @example
 * ```ts
 * const vp = await signPresentationJwt({ holderDid, kid: `${holderDid}#0`, privateJwk, alg: 'EdDSA',
 *   credentials: [jwt1, jwt2], audience: 'https://verifier.example', nonce });
 * ```
 */
export async function signPresentationJwt(opts: {
  holderDid: string;
  kid: string;
  privateJwk: JWK;
  alg: SigningAlg;
  credentials: string[];
  audience: string;
  nonce: string;
  now?: Date;
  ttlSeconds?: number;
}): Promise<string> {
  const fn = 'signPresentationJwt';
  assertSigner(fn, opts.holderDid, opts.kid, opts.alg);
  if (!opts.audience || !opts.nonce) throw new TypeError(`${fn}: audience and nonce are required`);
  const ttl = opts.ttlSeconds ?? 300;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400)
    throw new TypeError(`${fn}: ttlSeconds must be 1..86400`);
  if (!Array.isArray(opts.credentials) || !opts.credentials.every((c) => typeof c === 'string')) {
    throw new TypeError(`${fn}: credentials must be VC-JWT strings`);
  }
  const now = toSeconds(opts.now ?? new Date(), fn);
  const payload = {
    iss: opts.holderDid,
    aud: opts.audience,
    nonce: opts.nonce,
    iat: now,
    nbf: now,
    exp: now + ttl,
    vp: {
      '@context': [VC_CONTEXT_V1],
      type: ['VerifiablePresentation'],
      holder: opts.holderDid,
      verifiableCredential: opts.credentials,
    },
  };
  return signJws({ typ: 'JWT', kid: opts.kid }, payload, opts.privateJwk, opts.alg);
}

/** The status list credential as built by `statusListCredentialPayload` from `@sp/status-list`. */
export interface StatusListVc {
  id: string;
  type: string[];
  issuer: string;
  validFrom?: string;
  validUntil?: string;
  credentialSubject: { id?: string; type: 'BitstringStatusList'; statusPurpose: string; encodedList: string };
  [member: string]: unknown;
}

/**
 * Sign a `BitstringStatusListCredential` (Bitstring Status List v1.0 §2.2) as a VC-JWT with the same
 * rules as {@link signCredentialJwt}: `iss` = `vc.issuer`, `nbf` = `validFrom` (else `now`), `exp` =
 * `validUntil` (only when present), `jti` = the list URL, `sub` = `credentialSubject.id`.
 *
 * @throws TypeError when `vc.issuer` is not `issuerDid` or `kid` is not one of its keys.
 * @example
 * ```ts
 * const vc = statusListCredentialPayload({ id: listUrl, issuer: issuerDid, purpose: 'revocation', bits });
 * const jwt = await signStatusListCredentialJwt({ vc, issuerDid, kid, privateJwk, alg: 'EdDSA' });
 * ```
 */
export async function signStatusListCredentialJwt(opts: {
  vc: StatusListVc;
  issuerDid: string;
  kid: string;
  privateJwk: JWK;
  alg: SigningAlg;
  now?: Date;
}): Promise<string> {
  const fn = 'signStatusListCredentialJwt';
  assertSigner(fn, opts.issuerDid, opts.kid, opts.alg);
  const { vc } = opts;
  if (vc.issuer !== opts.issuerDid) throw new TypeError(`${fn}: vc.issuer is not issuerDid`);
  if (!vc.type?.includes('BitstringStatusListCredential')) {
    throw new TypeError(`${fn}: vc.type must include BitstringStatusListCredential`);
  }
  const now = toSeconds(opts.now ?? new Date(), fn);
  const exp = dateClaim(vc.validUntil, fn, 'validUntil');
  const payload = {
    iss: opts.issuerDid,
    ...(vc.credentialSubject.id ? { sub: vc.credentialSubject.id } : {}),
    nbf: dateClaim(vc.validFrom, fn, 'validFrom') ?? now,
    iat: now,
    ...(exp !== undefined ? { exp } : {}),
    jti: vc.id,
    vc,
  };
  return signJws({ typ: 'JWT', kid: opts.kid }, payload, opts.privateJwk, opts.alg);
}

/** `typ` of an OpenID4VCI key proof (OpenID4VCI 1.0 Appendix F.1). */
export const KEY_PROOF_TYP = 'openid4vci-proof+jwt';

/**
 * Make the key proof a wallet sends to the credential endpoint (OpenID4VCI 1.0 §8.2.1.1, Appendix F.1,
 * proof type `jwt`): header `typ: openid4vci-proof+jwt`, `alg`, `kid` = the holder's DID URL; claims
 * `aud` = credential issuer identifier, `iat` = `now`, `nonce` = the issuer's `c_nonce`. `iss` is left out,
 * as F.1 requires for the pre-authorized code flow with anonymous access; pass `clientId` otherwise.
 *
 * @throws TypeError when `kid` is not a key of `holderDid` or `audience`/`nonce` are empty.
 * @example
 * ```ts
 * const proof = await createKeyProofJwt({ holderDid, kid: `${holderDid}#0`, privateJwk, alg: 'EdDSA',
 *   audience: metadata.credential_issuer, nonce: cNonce });
 * ```
 */
export async function createKeyProofJwt(opts: {
  holderDid: string;
  kid: string;
  privateJwk: JWK;
  alg: SigningAlg;
  audience: string;
  nonce: string;
  clientId?: string;
  now?: Date;
}): Promise<string> {
  const fn = 'createKeyProofJwt';
  assertSigner(fn, opts.holderDid, opts.kid, opts.alg);
  if (!opts.audience || !opts.nonce) throw new TypeError(`${fn}: audience and nonce are required`);
  const payload = {
    ...(opts.clientId ? { iss: opts.clientId } : {}),
    aud: opts.audience,
    iat: toSeconds(opts.now ?? new Date(), fn),
    nonce: opts.nonce,
  };
  return signJws({ typ: KEY_PROOF_TYP, kid: opts.kid }, payload, opts.privateJwk, opts.alg);
}
