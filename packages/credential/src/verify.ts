import {
  issuerIdOf,
  subjectsOf,
  vcClaimsConsistency,
  zVcJwtPayload,
  zVpJwtPayload,
  zodDetail,
} from './internal/claims.js';
import { type VerifyContext, failCheck, makeContext, passCheck } from './internal/context.js';
import {
  audienceIncludes,
  checkCompromise,
  checkHeader,
  checkTimes,
  decodeCompact,
  verifySignature,
} from './internal/jwt.js';
import { checkStatus } from './internal/status.js';
import { summariseCredential } from './model.js';
import type { Check, CheckName, CredentialReport, PresentationReport, VerifyOptions } from './types.js';

const ORDER: CheckName[] = [
  'format',
  'signature',
  'validity_window',
  'audience',
  'nonce',
  'holder_binding',
  'issuer_recognised',
  'status',
];

function ordered(checks: Check[]): Check[] {
  return [...checks].sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}

function allPass(checks: Check[]): boolean {
  return checks.length > 0 && checks.every((c) => c.result === 'pass');
}

/** A credential's report from its checks (a module-level helper, not a closure per credential: a hot path). */
function credentialReport(
  index: number,
  checks: Check[],
  extra?: Partial<CredentialReport>,
): CredentialReport {
  const sorted = ordered(checks);
  // Same key order as `{ index, ...extra, verified, checks }`, which costs far more on Node 20.
  const report = { index } as CredentialReport;
  if (extra) Object.assign(report, extra);
  report.verified = allPass(sorted);
  report.checks = sorted;
  return report;
}

// VC-JWTs from did-jwt-vc and most issuers carry `typ: JWT`; RFC 7519 §5.1 makes it optional.
const VC_TYPS = ['JWT', null] as const;

async function verifyOne(
  jwt: unknown,
  index: number,
  ctx: VerifyContext,
  expectedHolder: string | undefined,
): Promise<CredentialReport> {
  const checks: Check[] = [];

  const decoded = decodeCompact(jwt);
  if (!decoded.ok) {
    checks.push(failCheck(decoded.reason, decoded.detail));
    return credentialReport(index, checks);
  }
  const header = checkHeader(decoded.header, ctx.algorithms, VC_TYPS);
  if (!header.ok) {
    checks.push(failCheck(header.reason, header.detail));
    return credentialReport(index, checks);
  }
  const iss = decoded.payload.iss;
  if (typeof iss !== 'string' || !iss.startsWith('did:')) {
    checks.push(failCheck('claims_invalid', 'iss must be the issuer DID'));
    return credentialReport(index, checks);
  }
  // Signature before the payload schema: we parse outside data once, after it is known to be signed.
  const checked = verifySignature(
    jwt as string,
    decoded.header,
    header.alg,
    iss,
    ctx.resolver,
    'assertionMethod',
  );
  // Awaited only when the key had to be fetched: a cached issuer costs no promise (the hot path).
  const sig = checked instanceof Promise ? await checked : checked;
  if (!sig.ok) {
    checks.push(failCheck(sig.reason, sig.detail));
    return credentialReport(index, checks, { issuer: iss });
  }
  const parsed = zVcJwtPayload.safeParse(decoded.payload);
  if (!parsed.success) {
    checks.push(failCheck('claims_invalid', zodDetail(parsed.error)), passCheck('signature'));
    return credentialReport(index, checks, { issuer: iss });
  }
  const payload = parsed.data;
  const inconsistency = vcClaimsConsistency(payload);
  if (inconsistency) {
    checks.push(failCheck('claims_invalid', inconsistency), passCheck('signature'));
    return credentialReport(index, checks, { issuer: iss });
  }
  const compromised = checkCompromise(sig.compromisedFrom, payload, sig.kid);
  if (compromised) {
    checks.push(passCheck('format'), failCheck(compromised.reason, compromised.detail));
    return credentialReport(index, checks, { issuer: iss });
  }
  checks.push(passCheck('format'), passCheck('signature', `signed with ${sig.kid}`));

  const times = checkTimes(payload, ctx.nowSeconds, ctx.skew);
  checks.push(times.ok ? passCheck('validity_window') : failCheck(times.reason, times.detail));

  if (expectedHolder !== undefined) {
    // VCDM 1.1 §6.3.1: `sub` is credentialSubject.id; either may carry the holder.
    const holder = payload.sub ?? subjectsOf(payload.vc)[0]?.id;
    checks.push(
      holder === expectedHolder
        ? passCheck('holder_binding')
        : failCheck(
            'holder_mismatch',
            `the credential subject ${holder ?? '(none)'} is not the holder ${expectedHolder}`,
          ),
    );
  }

  const summary = summariseCredential(payload.vc);
  if (ctx.isRecognisedIssuer) {
    try {
      const answered = ctx.isRecognisedIssuer(iss, payload.vc, {
        issuedAt: new Date(payload.nbf * 1000),
        catalogueCode: summary.catalogueCode,
      });
      const answer = answered instanceof Promise ? await answered : answered;
      checks.push(
        answer.recognised
          ? passCheck('issuer_recognised', answer.detail)
          : failCheck(
              answer.reason ?? 'issuer_not_recognised',
              answer.detail ?? `${iss} is not a recognised issuer`,
            ),
      );
    } catch (err) {
      checks.push({
        name: 'issuer_recognised',
        result: 'unknown',
        reason: 'issuer_not_recognised',
        detail: `the issuer register could not be consulted: ${(err as Error)?.message ?? 'error'}`,
      });
    }
  }

  const status = await checkStatus(payload.vc, iss, ctx);
  if (status) checks.push(status);

  // The JWT claims are authoritative over the copies inside `vc` (VCDM 1.1 §6.3.1).
  summary.issuerDid = iss;
  summary.issuedAt ??= new Date(payload.nbf * 1000).toISOString();
  if (payload.exp !== undefined) summary.validUntil ??= new Date(payload.exp * 1000).toISOString();
  const id = payload.vc.id ?? payload.jti;
  summary.id ??= id ?? null;
  const extra: Partial<CredentialReport> = { issuer: issuerIdOf(payload.vc) ?? iss, summary };
  if (id) extra.id = id;
  return credentialReport(index, checks, extra);
}

/**
 * Verify a VC-JWT: format and header policy (RFC 8725), signature with the key from the issuer's DID,
 * validity window, optionally holder binding, issuer recognition, and Bitstring Status List status.
 * Never throws for bad input; every problem is a check with a reason code.
 *
 * @param opts.expectedHolder - when given, the credential's subject must be this DID (`holder_binding`).
 * @throws TypeError only for misuse of the options (no resolver, an algorithm outside EdDSA/ES256, bad skew).
 * @example
 * ```ts
 * const report = await verifyCredentialJwt(jwt, { resolver, fetchStatusListCredential: safeFetchText });
 * if (!report.verified) console.log(report.checks.filter((c) => c.result !== 'pass'));
 * ```
 */
export async function verifyCredentialJwt(
  jwt: string,
  opts: VerifyOptions & { expectedHolder?: string },
): Promise<CredentialReport> {
  return verifyOne(jwt, 0, makeContext(opts), opts.expectedHolder);
}

const VP_TYPS = ['JWT', null] as const;

/**
 * Verify a VP-JWT and every credential inside it (did-jwt-vc's `verifyPresentation` does not; its
 * issue 92): the presentation's format, signature (key from the holder's DID), validity window, `aud`
 * and `nonce`; then each embedded VC-JWT as {@link verifyCredentialJwt} does, with `holder_binding` to
 * the presentation's `iss`. Credentials sharing a status list cause one fetch.
 *
 * `verified` is true only when every presentation check passed and every credential is verified.
 *
 * @example
 * ```ts
 * const report = await verifyPresentationJwt(vpJwt, { resolver, audience: clientId, nonce: request.nonce,
 *   isRecognisedIssuer, fetchStatusListCredential });
 * ```
 */
export async function verifyPresentationJwt(
  vpJwt: string,
  opts: VerifyOptions & { audience: string; nonce: string },
): Promise<PresentationReport> {
  if (typeof opts?.audience !== 'string' || !opts.audience || typeof opts.nonce !== 'string' || !opts.nonce) {
    throw new TypeError('verifyPresentationJwt: audience and nonce are required');
  }
  const ctx = makeContext(opts);
  const checks: Check[] = [];
  const checkedAt = ctx.now.toISOString();
  const done = (credentials: CredentialReport[], holder?: string): PresentationReport => {
    const sorted = ordered(checks);
    return {
      verified: allPass(sorted) && credentials.every((c) => c.verified),
      ...(holder ? { holder } : {}),
      checks: sorted,
      credentials,
      checkedAt,
    };
  };

  const decoded = decodeCompact(vpJwt);
  if (!decoded.ok) {
    checks.push(failCheck(decoded.reason, decoded.detail));
    return done([]);
  }
  const header = checkHeader(decoded.header, ctx.algorithms, VP_TYPS);
  if (!header.ok) {
    checks.push(failCheck(header.reason, header.detail));
    return done([]);
  }
  const iss = decoded.payload.iss;
  if (typeof iss !== 'string' || !iss.startsWith('did:')) {
    checks.push(failCheck('claims_invalid', 'iss must be the holder DID'));
    return done([]);
  }
  const checked = verifySignature(vpJwt, decoded.header, header.alg, iss, ctx.resolver, 'authentication');
  const sig = checked instanceof Promise ? await checked : checked;
  if (!sig.ok) {
    checks.push(failCheck(sig.reason, sig.detail));
    return done([], iss);
  }
  const parsed = zVpJwtPayload.safeParse(decoded.payload);
  if (!parsed.success) {
    checks.push(failCheck('claims_invalid', zodDetail(parsed.error)), passCheck('signature'));
    return done([], iss);
  }
  const payload = parsed.data;
  if (payload.vp.holder !== undefined && payload.vp.holder !== iss) {
    checks.push(failCheck('claims_invalid', 'vp.holder is not iss'), passCheck('signature'));
    return done([], iss);
  }
  checks.push(passCheck('format'), passCheck('signature', `signed with ${sig.kid}`));
  const times = checkTimes(payload, ctx.nowSeconds, ctx.skew);
  checks.push(times.ok ? passCheck('validity_window') : failCheck(times.reason, times.detail));
  checks.push(
    audienceIncludes(payload.aud, opts.audience)
      ? passCheck('audience')
      : failCheck('wrong_audience', 'the presentation was made for another verifier'),
  );
  checks.push(
    payload.nonce === opts.nonce
      ? passCheck('nonce')
      : failCheck('wrong_nonce', 'the presentation answers another request'),
  );
  const embedded = payload.vp.verifiableCredential ?? [];
  const credentials = await Promise.all(embedded.map((vc, i) => verifyOne(vc, i, ctx, iss)));
  return done(credentials, iss);
}
