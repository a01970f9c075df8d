import { SIGNING_ALGS, type SigningAlg } from '@sp/crypto';
import type { KeyResolver } from './resolver.js';
import type { Check, CheckName, ReasonCode, VerifyOptions } from '../types.js';
import type { VcV1 } from '../model.js';

/** Status list outcomes shared by every credential of one verification run. */
export type ListOutcome =
  | { ok: true; issuer: string; purposes: string[]; bits: Uint8Array }
  | { ok: false; result: 'fail' | 'unknown'; reason: ReasonCode; detail: string };

/** Options resolved once per verification run. */
export interface VerifyContext {
  resolver: KeyResolver;
  now: Date;
  nowSeconds: number;
  skew: number;
  algorithms: readonly SigningAlg[];
  isRecognisedIssuer: VerifyOptions['isRecognisedIssuer'];
  fetchStatusListCredential: VerifyOptions['fetchStatusListCredential'];
  statusListCache: VerifyOptions['statusListCache'];
  /** One fetch and one signature check per list URL per run, however many credentials point at it. */
  lists: Map<string, Promise<ListOutcome>>;
}

export const DEFAULT_SKEW_SECONDS = 60;

export function makeContext(opts: VerifyOptions): VerifyContext {
  if (!opts || typeof opts.resolver?.resolveKey !== 'function') {
    throw new TypeError('verify: options.resolver with resolveKey() is required');
  }
  const now = opts.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError('verify: now must be a valid Date');
  const skew = opts.clockSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  if (!Number.isFinite(skew) || skew < 0 || skew > 600) {
    throw new TypeError('verify: clockSkewSeconds must be 0..600');
  }
  const algorithms = opts.algorithms ?? SIGNING_ALGS;
  // RFC 8725 §3.1: the list is pinned by us; a caller cannot widen it to `none` or HS256.
  if (algorithms.length === 0 || !algorithms.every((a) => SIGNING_ALGS.includes(a))) {
    throw new TypeError(`verify: algorithms must be a non-empty subset of ${SIGNING_ALGS.join(', ')}`);
  }
  return {
    resolver: opts.resolver,
    now,
    nowSeconds: Math.floor(now.getTime() / 1000),
    skew,
    algorithms,
    isRecognisedIssuer: opts.isRecognisedIssuer,
    fetchStatusListCredential: opts.fetchStatusListCredential,
    statusListCache: opts.statusListCache,
    lists: new Map(),
  };
}

/** Which check a header/format/signature refusal belongs to. */
const CHECK_OF_REASON: Partial<Record<ReasonCode, CheckName>> = {
  malformed_jwt: 'format',
  typ_not_allowed: 'format',
  crit_unsupported: 'format',
  claims_invalid: 'format',
  alg_not_allowed: 'signature',
  embedded_key_refused: 'signature',
  key_not_found: 'signature',
  did_unresolvable: 'signature',
  signature_invalid: 'signature',
  key_compromised: 'signature',
  not_yet_valid: 'validity_window',
  expired: 'validity_window',
  wrong_audience: 'audience',
  wrong_nonce: 'nonce',
  holder_mismatch: 'holder_binding',
  issuer_not_recognised: 'issuer_recognised',
  issuer_not_recognised_for_type: 'issuer_recognised',
  issuer_suspended: 'issuer_recognised',
};

export function failCheck(reason: ReasonCode, detail: string): Check {
  return { name: CHECK_OF_REASON[reason] ?? 'status', result: 'fail', reason, detail };
}

export function passCheck(name: CheckName, detail?: string): Check {
  return detail ? { name, result: 'pass', detail } : { name, result: 'pass' };
}

export type { VcV1 };
