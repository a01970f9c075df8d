import type { EvidenceCredential } from '@sp/care-catalogue';
import { zDeliveryMode } from '@sp/care-catalogue';
import type { Check, CredentialReport, PresentationReport } from '@sp/credential';
import type { RegisterUsed } from './issuer-recognition.js';

/** One check of the stored report (the package's {@link Check}, copied without extra members). */
export interface ReportCheck {
  name: Check['name'];
  result: Check['result'];
  reason?: Check['reason'];
  detail?: string;
}

/** One credential of the stored report. Fields the credential does not carry are `null`. */
export interface ReportCredential {
  id: string | null;
  issuer: string | null;
  /** The issuer's name from the verifier's allow-list; absent for issuers that are not on it. */
  issuerName?: string;
  name: string | null;
  catalogueCode: string | null;
  completionDate: string | null;
  deliveryMode: string | null;
  verified: boolean;
  checks: ReportCheck[];
}

/** What is stored and returned for one verification (`POST /v1/verifications`). */
export interface VerificationReport {
  id: string;
  verified: boolean;
  checkedAt: string;
  inputKind: 'share_url' | 'presentation';
  /** The share link without query and fragment (the presentation's audience), for `share_url` input. */
  shareUrl?: string;
  presentation: { holder?: string; checks: ReportCheck[] };
  credentials: ReportCredential[];
  /** The member of staff the employer said this check is for (its own reference), when given. */
  staff?: { id: string; name: string };
  /** Care Workforce Pathway readiness (care-catalogue `assessReadiness`), when a role category was given. */
  readiness?: unknown;
  /** The register of recognised issuers the `issuer_recognised` checks used (absent in allow-list mode). */
  register?: RegisterUsed;
}

const copyCheck = (c: Check): ReportCheck => ({
  name: c.name,
  result: c.result,
  ...(c.reason ? { reason: c.reason } : {}),
  ...(c.detail ? { detail: c.detail } : {}),
});

function toCredential(c: CredentialReport, trusted: ReadonlyMap<string, string>): ReportCredential {
  const s = c.summary;
  const issuer = c.issuer ?? s?.issuerDid ?? null;
  const issuerName = issuer ? trusted.get(issuer) : undefined;
  return {
    id: c.id ?? s?.id ?? null,
    issuer,
    ...(issuerName !== undefined ? { issuerName } : {}),
    name: s?.name ?? null,
    catalogueCode: s?.catalogueCode ?? null,
    completionDate: s?.completionDate ?? null,
    deliveryMode: s?.deliveryMode ?? null,
    verified: c.verified,
    checks: c.checks.map(copyCheck),
  };
}

/**
 * Turns the package's presentation report into the stored report. `verified` is recomputed here as well
 * (every presentation check passes and every credential is verified), so the service never reports more
 * than the checks support, whatever a future package version does.
 * @example const report = buildReport(presentationReport, { id, inputKind: 'presentation', trusted });
 */
export function buildReport(
  pr: PresentationReport,
  ctx: {
    id: string;
    inputKind: 'share_url' | 'presentation';
    shareUrl?: string;
    trusted: ReadonlyMap<string, string>;
  },
): VerificationReport {
  const credentials = pr.credentials.map((c) => toCredential(c, ctx.trusted));
  const verified =
    pr.verified &&
    pr.checks.every((c) => c.result === 'pass') &&
    credentials.every((c) => c.verified && c.checks.every((k) => k.result === 'pass'));
  return {
    id: ctx.id,
    verified,
    checkedAt: pr.checkedAt,
    inputKind: ctx.inputKind,
    ...(ctx.shareUrl ? { shareUrl: ctx.shareUrl } : {}),
    presentation: pr.holder
      ? { holder: pr.holder, checks: pr.checks.map(copyCheck) }
      : { checks: pr.checks.map(copyCheck) },
    credentials,
  };
}

/**
 * The report's credentials as readiness evidence (care-catalogue `EvidenceCredential`). Credentials without
 * an id, catalogue code or completion date cannot meet a requirement and are left out; unverified ones are
 * passed with `verified: false` so the readiness report lists them as not counted.
 * @example assessReadiness({ credentials: toEvidenceCredentials(report), roleCategory, setting, today });
 */
export function toEvidenceCredentials(report: VerificationReport): EvidenceCredential[] {
  const out: EvidenceCredential[] = [];
  for (const c of report.credentials) {
    if (!c.id || !c.catalogueCode || !c.completionDate) continue;
    const statusReason = c.checks.find((k) => k.name === 'status')?.reason;
    const deliveryMode = zDeliveryMode.safeParse(c.deliveryMode);
    out.push({
      id: c.id,
      catalogueCode: c.catalogueCode,
      completionDate: c.completionDate,
      verified: c.verified,
      ...(statusReason === 'revoked' || statusReason === 'suspended' ? { status: statusReason } : {}),
      ...(deliveryMode.success ? { deliveryMode: deliveryMode.data } : {}),
    });
  }
  return out;
}
