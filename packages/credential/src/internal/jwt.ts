import { type JWK, type SigningAlg, algForJwk, verifyCompactJws } from '@sp/crypto';
import type { ReasonCode } from '../types.js';
import type { KeyResolver } from './resolver.js';

/** A refusal from one of the helpers below; callers place it in the right report check. */
export interface Refusal {
  ok: false;
  reason: ReasonCode;
  detail: string;
}

export function refuse(reason: ReasonCode, detail: string): Refusal {
  return { ok: false, reason, detail };
}

/** JOSE header members that carry or point to a key (RFC 7515 §4.1.3–4.1.6). RFC 8725 §3.10: the
 *  verifier must take keys only from the issuer's DID, so any of these is refused outright. */
const EMBEDDED_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Largest JWT we parse: 1 MiB. A presentation of a handful of credentials is a few tens of KB. */
const MAX_JWT_CHARS = 1024 * 1024;

export interface DecodedJwt {
  ok: true;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether `part` is canonical unpadded base64url (RFC 7515 §2) given the byte length Node's decoder made of it.
 * Node's decoder skips characters outside the alphabet, and also accepts `+`, `/` and `=`: a skipped character
 * makes the output shorter than a string of that length decodes to, and the other three are looked for; the
 * unused low bits of the last character must be zero. Same answer as re-encoding and comparing, without
 * building a second copy of a 25 KB presentation.
 */
export function isCanonicalBase64url(part: string, decodedLength: number): boolean {
  const rest = part.length % 4;
  if (rest === 1 || decodedLength !== Math.floor((part.length * 3) / 4)) return false;
  if (part.includes('+') || part.includes('/') || part.includes('=')) return false;
  if (rest === 0) return true;
  const last = BASE64URL_ALPHABET.indexOf(part.charAt(part.length - 1));
  return rest === 2 ? (last & 15) === 0 : (last & 3) === 0;
}

/** Reused for decoding (synchronous, so never shared): no new buffer per part of every JWT verified. */
let decodeBuffer = Buffer.allocUnsafe(64 * 1024);

/** Decodes one base64url JSON object part; `null` when it is not strict base64url or not a JSON object. */
function decodeJsonPart(part: string): Record<string, unknown> | null {
  try {
    // Decoded base64 is at most 3/4 of its length.
    if (part.length > decodeBuffer.length) decodeBuffer = Buffer.allocUnsafe(part.length);
    const length = decodeBuffer.write(part, 'base64url');
    if (!isCanonicalBase64url(part, length)) return null;
    const value: unknown = JSON.parse(decodeBuffer.toString('utf8', 0, length));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Split and JSON-decode a JWS compact serialization (RFC 7515 §7.1) without checking the signature. */
export function decodeCompact(jwt: unknown): DecodedJwt | Refusal {
  if (typeof jwt !== 'string' || jwt.length === 0) return refuse('malformed_jwt', 'not a string');
  if (jwt.length > MAX_JWT_CHARS) return refuse('malformed_jwt', `longer than ${MAX_JWT_CHARS} characters`);
  const parts = jwt.split('.');
  if (parts.length !== 3) return refuse('malformed_jwt', 'a JWS compact serialization has three parts');
  // An empty signature (an unsecured JWT, RFC 7519 §6) still decodes, so its `alg: none` is refused by
  // the header policy with a precise reason rather than as a malformed token.
  if (!BASE64URL.test(parts[2]!)) return refuse('malformed_jwt', 'parts must be base64url');
  const header = decodeJsonPart(parts[0]!);
  if (!header) return refuse('malformed_jwt', 'header is not a JSON object in base64url');
  const payload = decodeJsonPart(parts[1]!);
  if (!payload) return refuse('malformed_jwt', 'payload is not a JSON object in base64url');
  return { ok: true, header, payload };
}

/**
 * Apply the header rules of RFC 8725 before any key is looked up: no `crit` (we understand no
 * extensions, RFC 7515 §4.1.11), no embedded or referenced keys, `alg` pinned (§3.1; `none` and HS*
 * never), and `typ` from an explicit list (§3.11). An absent `typ` is allowed only when `typs` has `null`.
 */
export function checkHeader(
  header: Record<string, unknown>,
  algorithms: readonly SigningAlg[],
  typs: readonly (string | null)[],
): { ok: true; alg: SigningAlg } | Refusal {
  if ('crit' in header) return refuse('crit_unsupported', 'the crit header is not supported');
  for (const name of EMBEDDED_KEY_HEADERS) {
    if (name in header)
      return refuse('embedded_key_refused', `the ${name} header is refused; keys come from the DID`);
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !(algorithms as readonly string[]).includes(alg)) {
    return refuse('alg_not_allowed', `alg ${JSON.stringify(alg ?? null)} is not allowed`);
  }
  const typ = header.typ;
  if (typ === undefined ? !typs.includes(null) : typeof typ !== 'string' || !typs.includes(typ)) {
    return refuse('typ_not_allowed', `typ ${JSON.stringify(typ ?? null)} is not allowed`);
  }
  return { ok: true, alg: alg as SigningAlg };
}

/** The DID part of a DID URL (`did:web:x#key-1` → `did:web:x`). */
export function didOf(didUrl: string): string {
  const cut = didUrl.search(/[#?/]/u);
  // did:web paths use ':' so a '/' never belongs to the DID itself (DID Core §3.2).
  return cut === -1 ? didUrl : didUrl.slice(0, cut);
}

/**
 * Verify a JWS signature with the key named by `kid`, which must be a verification method of `did` in the
 * given relationship
 * (RFC 8725 §3.10 and VC-JWT: the key comes from the issuer's DID document, nowhere else). A relative
 * `kid` (`#key-1`) is read against `did`. Answers at once when the resolver knows the key without I/O
 * (`peekKey`), else a promise; `await` works on both.
 */
export function verifySignature(
  jwt: string,
  header: Record<string, unknown>,
  alg: SigningAlg,
  did: string,
  resolver: KeyResolver,
  relationship: 'assertionMethod' | 'authentication',
): SignatureOutcome | Promise<SignatureOutcome> {
  const rawKid = header.kid;
  if (typeof rawKid !== 'string' || rawKid.length === 0)
    return refuse('key_not_found', 'the kid header is missing');
  const kid = rawKid.startsWith('#') ? `${did}${rawKid}` : rawKid;
  if (didOf(kid) !== did || !kid.includes('#')) {
    return refuse('key_not_found', `kid ${kid} is not a verification method of ${did}`);
  }
  const unresolvable = (err: unknown) =>
    refuse('did_unresolvable', `could not resolve ${did}: ${(err as Error)?.message ?? 'unknown error'}`);
  let pending: Promise<Awaited<ReturnType<KeyResolver['resolveKey']>>>;
  try {
    // A key known without I/O (cached issuer, did:jwk holder) is checked at once: no promise per signature.
    const known = resolver.peekKey?.(kid);
    if (known !== undefined) return checkWithKey(jwt, alg, did, kid, known, relationship);
    pending = resolver.resolveKey(kid);
  } catch (err) {
    return unresolvable(err);
  }
  return pending.then((resolved) => checkWithKey(jwt, alg, did, kid, resolved, relationship), unresolvable);
}

/** What {@link verifySignature} answers: the key that verified (and its compromise date), or a refusal. */
export type SignatureOutcome = { ok: true; kid: string; compromisedFrom?: string } | Refusal;

function checkWithKey(
  jwt: string,
  alg: SigningAlg,
  did: string,
  kid: string,
  resolved: Awaited<ReturnType<KeyResolver['resolveKey']>>,
  relationship: 'assertionMethod' | 'authentication',
): SignatureOutcome {
  if (!resolved) return refuse('key_not_found', `${kid} is not a key listed for ${did}`);
  if (resolved.controller !== did)
    return refuse('key_not_found', `${kid} is controlled by ${resolved.controller}`);
  // DID Core §5.3: a key may sign credentials only if listed under assertionMethod, and prove control
  // (presentations, key proofs) only if listed under authentication.
  if (resolved.relationships && !resolved.relationships.includes(relationship)) {
    return refuse('key_not_found', `${kid} is not listed under ${relationship} in ${did}`);
  }
  const jwk: JWK = resolved.publicJwk;
  if (algForJwk(jwk) !== alg) return refuse('signature_invalid', `the key ${kid} is not a key for ${alg}`);
  // Native, synchronous check with a cached KeyObject: the hot path of every verification.
  if (!verifyCompactJws(jwt, jwk, alg)) return refuse('signature_invalid', 'the signature does not verify');
  const outcome: SignatureOutcome = { ok: true, kid };
  if (resolved.compromisedFrom) outcome.compromisedFrom = resolved.compromisedFrom;
  return outcome;
}

/**
 * A key declared compromised from `compromisedFrom` may have signed this JWT after it leaked: the JWT is
 * refused when its `iat` or `nbf` is at or after that instant. (A thief can back-date `iat`; the cut-off
 * catches honest-looking forgeries made later, and everything the issuer itself signed after the date.)
 */
export function checkCompromise(
  compromisedFrom: string | undefined,
  claims: { iat?: number | undefined; nbf?: number | undefined },
  kid: string,
): Refusal | null {
  if (!compromisedFrom) return null;
  const from = Date.parse(compromisedFrom) / 1000;
  const signedAt = [claims.iat, claims.nbf].filter((t): t is number => typeof t === 'number');
  if (signedAt.length === 0 || signedAt.some((t) => t >= from)) {
    return refuse('key_compromised', `${kid} was declared compromised from ${compromisedFrom}`);
  }
  return null;
}

/**
 * The validity window of RFC 7519 §4.1.4–4.1.6 with an explicit skew. `exp`, `nbf` and `iat` have
 * already been type-checked as numbers by the payload schema (did-jwt does not do this).
 */
export function checkTimes(
  claims: { nbf?: number | undefined; iat?: number | undefined; exp?: number | undefined },
  nowSeconds: number,
  skewSeconds: number,
): { ok: true } | Refusal {
  if (claims.nbf !== undefined && claims.nbf > nowSeconds + skewSeconds) {
    return refuse('not_yet_valid', `not valid before ${new Date(claims.nbf * 1000).toISOString()}`);
  }
  if (claims.iat !== undefined && claims.iat > nowSeconds + skewSeconds) {
    return refuse('not_yet_valid', `issued in the future (${new Date(claims.iat * 1000).toISOString()})`);
  }
  // §4.1.4: "on or after" exp the JWT MUST NOT be accepted.
  if (claims.exp !== undefined && nowSeconds - skewSeconds >= claims.exp) {
    return refuse('expired', `expired at ${new Date(claims.exp * 1000).toISOString()}`);
  }
  return { ok: true };
}

export function secondsOf(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** `aud` (RFC 7519 §4.1.3) is a string or an array of strings; `expected` must be one of them. */
export function audienceIncludes(aud: unknown, expected: string): boolean {
  return typeof aud === 'string' ? aud === expected : Array.isArray(aud) && aud.includes(expected);
}
