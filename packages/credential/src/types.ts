import type { SigningAlg } from '@sp/crypto';
import type { CredentialSummary, VcV1 } from './model.js';
import type { KeyResolver } from './internal/resolver.js';

/** `pass`, `fail`, or `unknown` (could not be decided, e.g. the status list was unreachable). */
export type CheckResult = 'pass' | 'fail' | 'unknown';

/**
 * Why a check did not pass. Each code says when it is returned:
 * - `malformed_jwt` — not a JWS compact serialization with JSON header and payload (check `format`).
 * - `alg_not_allowed` — `alg` is not in `VerifyOptions.algorithms`; `none` and `HS*` never are (`signature`).
 * - `typ_not_allowed` — `typ` is not the one this kind of JWT uses (`format`).
 * - `crit_unsupported` — the header has `crit`; we understand no extensions (`format`).
 * - `embedded_key_refused` — the header has `jwk`, `jku`, `x5u` or `x5c` (`signature`).
 * - `key_not_found` — no `kid`, `kid` not a key of the `iss` DID, or the DID document lacks it (`signature`).
 * - `did_unresolvable` — the resolver could not reach the DID document (`signature`).
 * - `signature_invalid` — the signature does not verify with the resolved key (`signature`).
 * - `key_compromised` — the signing key was declared compromised (DID document, `COMPROMISED_FROM` of
 *   `@sp/did`) from a date at or before the credential's `iat` or `nbf` (`signature`).
 * - `claims_invalid` — the payload does not match the VC/VP data model or contradicts itself (`format`).
 * - `not_yet_valid` / `expired` — outside `nbf`/`iat` … `exp`, allowing the clock skew (`validity_window`).
 * - `wrong_audience` / `wrong_nonce` — the presentation was made for someone else or another request.
 * - `holder_mismatch` — the credential's subject is not the presentation's holder (`holder_binding`).
 * - `issuer_not_recognised` — `isRecognisedIssuer` said no, or could not answer (`issuer_recognised`); with
 *   a register: the issuer is not in it.
 * - `issuer_not_recognised_for_type` — the issuer is in the register but was not recognised for this
 *   credential's catalogue item or framework on its issuance date (`issuer_recognised`).
 * - `issuer_suspended` — the issuer is suspended in the register now (`issuer_recognised`).
 * - `revoked` / `suspended` — the status bit is set (`status`).
 * - `status_unavailable` — the status list could not be fetched or has expired (`status`, result `unknown`).
 * - `status_invalid` — the status entry or the status list credential is malformed, not signed by the
 *   credential's issuer, or too short, or the index is out of range (`status`).
 */
export type ReasonCode =
  | 'malformed_jwt'
  | 'alg_not_allowed'
  | 'typ_not_allowed'
  | 'crit_unsupported'
  | 'embedded_key_refused'
  | 'key_not_found'
  | 'did_unresolvable'
  | 'signature_invalid'
  | 'key_compromised'
  | 'claims_invalid'
  | 'not_yet_valid'
  | 'expired'
  | 'wrong_audience'
  | 'wrong_nonce'
  | 'holder_mismatch'
  | 'issuer_not_recognised'
  | 'issuer_not_recognised_for_type'
  | 'issuer_suspended'
  | 'revoked'
  | 'suspended'
  | 'status_unavailable'
  | 'status_invalid';

export type CheckName =
  | 'format'
  | 'signature'
  | 'validity_window'
  | 'audience'
  | 'nonce'
  | 'holder_binding'
  | 'issuer_recognised'
  | 'status';

/** One line of a verification report. `detail` is safe to show; it never contains a JWT or key. */
export interface Check {
  name: CheckName;
  result: CheckResult;
  reason?: ReasonCode;
  detail?: string;
}

/**
 * The outcome for one credential. `verified` is true only when every check passed: a `fail` or an
 * `unknown` anywhere makes it false (the checks say which). Checks after a failed `format` or `signature`
 * are not run, because an unauthenticated payload says nothing.
 */
export interface CredentialReport {
  /** Position in the presentation (0 for a lone credential). */
  index: number;
  id?: string;
  issuer?: string;
  summary?: CredentialSummary;
  verified: boolean;
  checks: Check[];
}

/** The outcome for a presentation: its own checks plus one report per embedded credential. */
export interface PresentationReport {
  verified: boolean;
  holder?: string;
  checks: Check[];
  credentials: CredentialReport[];
  /** ISO 8601 time the checks were made against (`now`). */
  checkedAt: string;
}

/**
 * The answer of {@link VerifyOptions.isRecognisedIssuer}. `reason` picks the failure code (default
 * `issuer_not_recognised`); `detail` is shown in the report.
 */
export interface RecognitionAnswer {
  recognised: boolean;
  reason?: 'issuer_not_recognised' | 'issuer_not_recognised_for_type' | 'issuer_suspended';
  detail?: string;
}

/** What a verifier supplies. Network, clock and trust decisions are all parameters. */
export interface VerifyOptions {
  resolver: KeyResolver;
  /** Default `new Date()`. */
  now?: Date;
  /** Allowed clock difference in seconds for `nbf`, `iat` and `exp`. Default 60 (did-jwt allows 300). */
  clockSkewSeconds?: number;
  /** Allowed JWS algorithms (RFC 8725 §3.1). Default `['EdDSA', 'ES256']`; `none` and HS* are never allowed. */
  algorithms?: SigningAlg[];
  /**
   * Decides the `issuer_recognised` check (e.g. from the issuer register). Called only for credentials
   * whose signature verified. When omitted, the check is not reported.
   */
  isRecognisedIssuer?: (
    issuerDid: string,
    vc: VcV1,
    /**
     * `issuedAt`: the credential's `nbf` (its issuanceDate), for registers that record dates; `catalogueCode`:
     * the catalogue code its achievement is aligned to (`summariseCredential`), already worked out.
     */
    info: { issuedAt: Date; catalogueCode: string | null },
  ) => Promise<RecognitionAnswer> | RecognitionAnswer;
  /**
   * Fetch the status list credential JWT at a URL. The caller supplies an SSRF-safe fetcher with its own
   * timeout and caching (honouring the list's `ttl`, default 300 s, §2.2). A rejection makes the status
   * `unknown` with `status_unavailable`. When omitted, a credential that has a `credentialStatus` gets
   * status `unknown`. May answer `{ jwt, etag }` so `statusListCache` can recognise an unchanged list by
   * its HTTP `ETag`.
   */
  fetchStatusListCredential?: (url: string) => Promise<string | { jwt: string; etag?: string | undefined }>;
  /**
   * Keeps verified, decoded status lists across verification runs (see `createStatusListCache`): a list
   * fetched again unchanged (same ETag, or the same bytes) costs no signature check and no gunzip. When
   * omitted, lists are shared only within one run.
   */
  statusListCache?: StatusListCache;
}

/** A verified, decoded status list as kept by a {@link StatusListCache}. */
export interface CachedStatusList {
  /** The HTTP entity tag it was fetched with, if any. */
  etag: string | undefined;
  /** The list credential as fetched; an identical JWT is the same list even without an ETag. */
  jwt: string;
  issuer: string;
  purposes: string[];
  bits: Uint8Array;
  /** Validity window of the list credential in seconds since the epoch, re-checked on every use. */
  nbf: number | undefined;
  iat: number | undefined;
  exp: number | undefined;
}

/** Cross-request store of verified status lists, keyed by list URL. Injected; never global. */
export interface StatusListCache {
  get(url: string): CachedStatusList | undefined;
  set(url: string, list: CachedStatusList): void;
}
