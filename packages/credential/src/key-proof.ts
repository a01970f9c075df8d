import { SIGNING_ALGS } from '@sp/crypto';
import { zKeyProofPayload, zodDetail } from './internal/claims.js';
import { DEFAULT_SKEW_SECONDS } from './internal/context.js';
import type { KeyResolver } from './internal/resolver.js';
import {
  audienceIncludes,
  checkHeader,
  decodeCompact,
  didOf,
  secondsOf,
  verifySignature,
} from './internal/jwt.js';
import { KEY_PROOF_TYP } from './sign.js';
import type { ReasonCode } from './types.js';

/**
 * Verify an OpenID4VCI key proof (OpenID4VCI 1.0 §8.2.1.1 and Appendix F.1, proof type `jwt`) and
 * return the holder DID the credential must be bound to and the `nonce` it carries. The caller checks
 * that nonce against the `c_nonce` it issued and consumes it (single use).
 *
 * Rules: `typ` must be `openid4vci-proof+jwt`; `alg` EdDSA or ES256; the key comes only from `kid`
 * (a DID URL, e.g. `did:jwk:…#0`) via the resolver — `jwk`/`x5c`/… headers are refused; `aud` must
 * contain the credential issuer identifier; `iat` must be within `maxAgeSeconds` in the past and at most
 * 60 s in the future; `nonce` must be present (`nonce_missing`).
 *
 * @param opts.maxAgeSeconds - oldest acceptable `iat`, default 300.
 * @example
 * ```ts
 * const proof = await verifyKeyProofJwt(body.proofs.jwt[0], { audience: issuerUrl, resolver });
 * if (!proof.ok) return oauthError('invalid_proof', proof.detail);
 * if (!(await nonces.consume(proof.nonce))) return oauthError('invalid_nonce');
 * ```
 */
export async function verifyKeyProofJwt(
  jwt: string,
  opts: { audience: string; resolver: KeyResolver; now?: Date; maxAgeSeconds?: number },
): Promise<
  | { ok: true; holderDid: string; nonce: string }
  | { ok: false; reason: ReasonCode | 'nonce_missing'; detail: string }
> {
  if (!opts?.audience || typeof opts.resolver?.resolveKey !== 'function') {
    throw new TypeError('verifyKeyProofJwt: audience and resolver are required');
  }
  const maxAge = opts.maxAgeSeconds ?? 300;
  if (!Number.isFinite(maxAge) || maxAge <= 0)
    throw new TypeError('verifyKeyProofJwt: maxAgeSeconds must be > 0');
  const now = secondsOf(opts.now ?? new Date());

  const decoded = decodeCompact(jwt);
  if (!decoded.ok) return decoded;
  const header = checkHeader(decoded.header, SIGNING_ALGS, [KEY_PROOF_TYP]);
  if (!header.ok) return header;
  const kid = decoded.header.kid;
  if (typeof kid !== 'string' || !kid.startsWith('did:') || !kid.includes('#')) {
    return { ok: false, reason: 'key_not_found', detail: 'kid must be a DID URL' };
  }
  const holderDid = didOf(kid);
  const sig = await verifySignature(
    jwt,
    decoded.header,
    header.alg,
    holderDid,
    opts.resolver,
    'authentication',
  );
  if (!sig.ok) return sig;
  const parsed = zKeyProofPayload.safeParse(decoded.payload);
  if (!parsed.success) return { ok: false, reason: 'claims_invalid', detail: zodDetail(parsed.error) };
  const claims = parsed.data;
  if (!audienceIncludes(claims.aud, opts.audience)) {
    return {
      ok: false,
      reason: 'wrong_audience',
      detail: 'the proof was made for another credential issuer',
    };
  }
  if (
    claims.iat > now + DEFAULT_SKEW_SECONDS ||
    (claims.nbf !== undefined && claims.nbf > now + DEFAULT_SKEW_SECONDS)
  ) {
    return { ok: false, reason: 'not_yet_valid', detail: 'iat is in the future' };
  }
  if (claims.iat < now - maxAge)
    return { ok: false, reason: 'expired', detail: `iat is older than ${maxAge} s` };
  if (claims.exp !== undefined && now - DEFAULT_SKEW_SECONDS >= claims.exp) {
    return { ok: false, reason: 'expired', detail: 'the proof has expired' };
  }
  if (!claims.nonce) return { ok: false, reason: 'nonce_missing', detail: 'the proof has no nonce' };
  return { ok: true, holderDid, nonce: claims.nonce };
}
