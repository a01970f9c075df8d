import { getItem, listRoleCategories, type ReadinessReport } from '@sp/care-catalogue';
import { type Colour, describeRequirements, type RequirementLine } from '@sp/web-kit';
import type { VerificationReport } from './build-report.js';

/** Plain-English reasons for a failed or undecided check (reason codes of @sp/credential). */
const REASON_TEXT: Record<string, string> = {
  malformed_jwt: 'The record is damaged or not a training record',
  alg_not_allowed: 'The record is signed in a way we do not accept',
  typ_not_allowed: 'The record is not in a format we accept',
  crit_unsupported: 'The record uses features we do not accept',
  embedded_key_refused: 'The record tries to bring its own signing key',
  key_not_found: 'We could not find the key that signed the record',
  did_unresolvable: 'We could not reach the issuer to check the signature — try again later',
  signature_invalid: 'The record has been changed since it was issued',
  key_compromised: 'The issuer reported that its signing key was stolen',
  claims_invalid: 'The record’s contents do not make sense',
  not_yet_valid: 'The record is not valid yet',
  expired: 'The record has expired',
  wrong_audience: 'The share was made for someone else',
  wrong_nonce: 'The share answer was replayed',
  holder_mismatch: 'The record belongs to someone else',
  issuer_not_recognised: 'The issuer is not on your list of recognised training providers',
  issuer_not_recognised_for_type: 'The issuer is not recognised for this kind of training',
  issuer_suspended: 'The issuer is suspended',
  revoked: 'The issuer has withdrawn (revoked) this record',
  suspended: 'The issuer has suspended this record',
  status_unavailable: 'We could not check whether the record was withdrawn — try again later',
  status_invalid: 'The withdrawal list for this record is damaged',
};

/** One credential as the result page shows it. */
export interface CredentialLine {
  name: string;
  issuer: string;
  completionDate: string | null;
  colour: Colour;
  label: string;
  reasons: string[];
}

/** A stored report in the words and colours of the result page. */
export interface ReportView {
  id: string;
  checkedAt: string;
  shareUrl?: string;
  colour: Colour;
  headline: string;
  credentials: CredentialLine[];
  readiness?: {
    roleCategory: string;
    setting: string;
    requirements: RequirementLine[];
    retrain: { code: string; name: string }[];
  };
}

const itemName = (code: string) => getItem(code)?.name ?? code;

/** Care settings as a manager says them. */
export const SETTING_NAMES: Record<string, string> = {
  residential: 'Residential care home',
  nursing: 'Nursing home',
  home_care: 'Care at home',
  supported_living: 'Supported living',
  day_services: 'Day services',
};

/**
 * Turns a stored verification report into what a manager reads at a glance: one overall colour and
 * headline, and per credential and per requirement a colour (green, amber, red), a label and the reason.
 * Red: a record did not check out, or a required training is lapsed or missing. Amber: something could not
 * be checked right now, or training is due soon. Green: everything checked out.
 * @example const view = describeReport(report); view.colour // 'green'
 */
export function describeReport(report: VerificationReport): ReportView {
  const presentationProblems = report.presentation.checks
    .filter((c) => c.result !== 'pass')
    .map((c) => REASON_TEXT[c.reason ?? ''] ?? c.detail ?? 'The share could not be checked');
  const credentials: CredentialLine[] = report.credentials.map((c) => {
    const failing = c.checks.filter((k) => k.result !== 'pass');
    const hardFail = failing.some((k) => k.result === 'fail');
    const colour: Colour = c.verified ? 'green' : hardFail ? 'red' : 'amber';
    return {
      name: c.name ?? 'Unnamed record',
      issuer: c.issuerName ?? c.issuer ?? 'Unknown issuer',
      completionDate: c.completionDate,
      colour,
      label: c.verified ? 'Confirmed' : hardFail ? 'Not confirmed' : 'Could not check',
      reasons: failing.map(
        (k) => REASON_TEXT[k.reason ?? ''] ?? k.detail ?? `The ${k.name} check did not pass`,
      ),
    };
  });

  let readiness: ReportView['readiness'];
  const rr = report.readiness as ReadinessReport | undefined;
  if (rr) {
    readiness = {
      roleCategory: listRoleCategories().find((r) => r.id === rr.roleCategory)?.name ?? rr.roleCategory,
      setting: SETTING_NAMES[rr.setting] ?? rr.setting,
      requirements: describeRequirements(rr.requirements, itemName),
      retrain: rr.retrain.map((code) => ({ code, name: itemName(code) })),
    };
  }

  const anyRed =
    presentationProblems.length > 0 ||
    credentials.some((c) => c.colour === 'red') ||
    (readiness?.requirements.some((q) => q.colour === 'red') ?? false);
  const anyAmber =
    credentials.some((c) => c.colour === 'amber') ||
    (readiness?.requirements.some((q) => q.colour === 'amber') ?? false);
  const colour: Colour = anyRed ? 'red' : anyAmber ? 'amber' : 'green';
  const headline = presentationProblems.length
    ? `The share could not be trusted: ${presentationProblems.join('; ')}`
    : readiness
      ? colour === 'green'
        ? 'Ready for this role'
        : colour === 'amber'
          ? rr?.summary.ready
            ? 'Ready for this role, with training due soon or not yet checked'
            : 'Not ready for this role yet'
          : 'Not ready for this role: see what to retrain'
      : colour === 'green'
        ? 'All records confirmed'
        : colour === 'amber'
          ? 'Some records could not be checked right now'
          : 'Some records could not be confirmed';
  return {
    id: report.id,
    checkedAt: report.checkedAt,
    ...(report.shareUrl ? { shareUrl: report.shareUrl } : {}),
    colour,
    headline,
    credentials,
    ...(readiness ? { readiness } : {}),
  };
}
