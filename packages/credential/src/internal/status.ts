import { DecodeListError, MIN_LIST_SIZE, decodeList, getBit } from '@sp/status-list';
import { parseStatusEntry, type VcV1 } from '../model.js';
import type { Check, ReasonCode } from '../types.js';
import { zStatusListJwtPayload, zodDetail } from './claims.js';
import type { ListOutcome, VerifyContext } from './context.js';
import { checkCompromise, checkHeader, checkTimes, decodeCompact, verifySignature } from './jwt.js';

type EntryOutcome = { result: 'pass' | 'fail' | 'unknown'; reason?: ReasonCode; detail: string };

const listFail = (detail: string): ListOutcome => ({
  ok: false,
  result: 'fail',
  reason: 'status_invalid',
  detail,
});
const listUnknown = (detail: string): ListOutcome => ({
  ok: false,
  result: 'unknown',
  reason: 'status_unavailable',
  detail,
});

/**
 * Bitstring Status List v1.0 §3.2 Validate Algorithm, steps 4–9: dereference, verify the proof, check the
 * type, expand the bitstring and check its length.
 */
async function loadList(url: string, ctx: VerifyContext): Promise<ListOutcome> {
  let jwt: string;
  let etag: string | undefined;
  try {
    const fetched = await ctx.fetchStatusListCredential!(url);
    jwt = typeof fetched === 'string' ? fetched : fetched.jwt;
    etag = typeof fetched === 'string' ? undefined : fetched.etag;
  } catch (err) {
    return listUnknown(`status list ${url} could not be fetched: ${(err as Error)?.message ?? 'error'}`);
  }
  // Cross-request cache: the same list (same ETag, or the very same bytes) was verified and decoded before,
  // so only its validity window is checked again — no signature check, no gunzip.
  const cached = ctx.statusListCache?.get(url);
  if (cached && ((etag !== undefined && cached.etag === etag) || cached.jwt === jwt)) {
    const times = checkTimes(cached, ctx.nowSeconds, ctx.skew);
    if (!times.ok) return listUnknown(`status list is not current: ${times.detail}`);
    return { ok: true, issuer: cached.issuer, purposes: cached.purposes, bits: cached.bits };
  }
  const decoded = decodeCompact(jwt);
  if (!decoded.ok) return listFail(`status list: ${decoded.detail}`);
  const header = checkHeader(decoded.header, ctx.algorithms, ['JWT', null]);
  if (!header.ok) return listFail(`status list: ${header.detail}`);
  const iss = decoded.payload.iss;
  if (typeof iss !== 'string') return listFail('status list: iss is missing');
  const sig = await verifySignature(jwt, decoded.header, header.alg, iss, ctx.resolver, 'assertionMethod');
  if (!sig.ok) {
    // The issuer's DID resolved a moment ago for the credential itself; if it is unreachable now the
    // status is merely unknown. Any other signature problem is the spec's STATUS_VERIFICATION_ERROR.
    return sig.reason === 'did_unresolvable'
      ? listUnknown(`status list: ${sig.detail}`)
      : listFail(`status list signature: ${sig.detail}`);
  }
  const parsed = zStatusListJwtPayload.safeParse(decoded.payload);
  if (!parsed.success) return listFail(`status list: ${zodDetail(parsed.error)}`);
  const compromised = checkCompromise(sig.compromisedFrom, parsed.data, sig.kid);
  if (compromised) return listFail(`status list: ${compromised.detail}`);
  const { vc } = parsed.data;
  // A list credential served at another list's URL (an old copy, or a list with fewer bits set) must
  // not answer for this one.
  if (vc.id !== undefined && vc.id !== url) return listFail(`status list id ${vc.id} is not ${url}`);
  const vcIssuer = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.id;
  if (vcIssuer !== undefined && vcIssuer !== iss) return listFail('status list vc.issuer is not iss');
  const window = {
    nbf: parsed.data.nbf ?? (vc.validFrom ? Date.parse(vc.validFrom) / 1000 : undefined),
    iat: parsed.data.iat,
    exp: parsed.data.exp ?? (vc.validUntil ? Date.parse(vc.validUntil) / 1000 : undefined),
  };
  const times = checkTimes(window, ctx.nowSeconds, ctx.skew);
  if (!times.ok) return listUnknown(`status list is not current: ${times.detail}`);
  let bits: Uint8Array;
  try {
    bits = decodeList(vc.credentialSubject.encodedList);
  } catch (err) {
    if (err instanceof DecodeListError) return listFail(`status list encodedList: ${err.code}`);
    throw err;
  }
  if (bits.length * 8 < MIN_LIST_SIZE) {
    return listFail(`status list has ${bits.length * 8} entries; at least ${MIN_LIST_SIZE} are required`);
  }
  const purpose = vc.credentialSubject.statusPurpose;
  const purposes = Array.isArray(purpose) ? purpose : [purpose];
  ctx.statusListCache?.set(url, { etag, jwt, issuer: iss, purposes, bits, ...window });
  return { ok: true, issuer: iss, purposes, bits };
}

function list(url: string, ctx: VerifyContext): Promise<ListOutcome> {
  let pending = ctx.lists.get(url);
  if (!pending) {
    pending = loadList(url, ctx);
    ctx.lists.set(url, pending);
  }
  return pending;
}

async function checkEntry(
  raw: Record<string, unknown>,
  issuerDid: string,
  ctx: VerifyContext,
): Promise<EntryOutcome> {
  if (raw.type !== 'BitstringStatusListEntry') {
    return {
      result: 'unknown',
      reason: 'status_invalid',
      detail: `unsupported status type ${String(raw.type)}`,
    };
  }
  const parsed = parseStatusEntry(raw);
  if (!parsed.success)
    return { result: 'fail', reason: 'status_invalid', detail: `entry ${zodDetail(parsed.error)}` };
  const entry = parsed.data;
  if (entry.statusPurpose !== 'revocation' && entry.statusPurpose !== 'suspension') {
    return {
      result: 'unknown',
      reason: 'status_invalid',
      detail: `unsupported statusPurpose ${entry.statusPurpose}`,
    };
  }
  if (!ctx.fetchStatusListCredential) {
    return {
      result: 'unknown',
      reason: 'status_unavailable',
      detail: 'no status list fetcher was configured',
    };
  }
  const outcome = await list(entry.statusListCredential, ctx);
  if (!outcome.ok) return outcome;
  // The brief for this product: a list only speaks for credentials of the same issuer (the spec allows
  // a different one, §2.2, but then the verifier must trust that issuer too, which we do not model).
  if (outcome.issuer !== issuerDid) {
    return {
      result: 'fail',
      reason: 'status_invalid',
      detail: `status list issuer ${outcome.issuer} is not ${issuerDid}`,
    };
  }
  if (!outcome.purposes.includes(entry.statusPurpose)) {
    return {
      result: 'fail',
      reason: 'status_invalid',
      detail: `status list is not for ${entry.statusPurpose}`,
    };
  }
  const index = Number(entry.statusListIndex);
  if (index >= outcome.bits.length * 8) {
    return {
      result: 'fail',
      reason: 'status_invalid',
      detail: `statusListIndex ${index} is outside the list`,
    };
  }
  if (getBit(outcome.bits, index)) {
    return entry.statusPurpose === 'revocation'
      ? { result: 'fail', reason: 'revoked', detail: 'the credential has been revoked' }
      : { result: 'fail', reason: 'suspended', detail: 'the credential is suspended' };
  }
  return { result: 'pass', detail: `${entry.statusPurpose}: not set` };
}

const FAIL_PRIORITY: ReasonCode[] = ['revoked', 'suspended', 'status_invalid'];

/**
 * The `status` check for one credential: every `credentialStatus` entry is checked; the result is `fail`
 * if any entry fails (revoked before suspended before invalid), else `unknown` if any is unknown, else
 * `pass`. `null` when the credential has no `credentialStatus`.
 */
export async function checkStatus(vc: VcV1, issuerDid: string, ctx: VerifyContext): Promise<Check | null> {
  if (vc.credentialStatus === undefined) return null;
  const raw = Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus];
  const outcomes = await Promise.all(raw.map((e) => checkEntry(e, issuerDid, ctx)));
  const fails = outcomes.filter((o) => o.result === 'fail');
  if (fails.length > 0) {
    fails.sort((a, b) => FAIL_PRIORITY.indexOf(a.reason!) - FAIL_PRIORITY.indexOf(b.reason!));
    const worst = fails[0]!;
    return { name: 'status', result: 'fail', reason: worst.reason!, detail: worst.detail };
  }
  const unknown = outcomes.find((o) => o.result === 'unknown');
  if (unknown) return { name: 'status', result: 'unknown', reason: unknown.reason!, detail: unknown.detail };
  return { name: 'status', result: 'pass', detail: outcomes.map((o) => o.detail).join('; ') };
}
