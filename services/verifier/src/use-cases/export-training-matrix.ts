import { assessReadiness, type Setting, type TrainingMatrixRow, trainingMatrixCsv } from '@sp/care-catalogue';
import type { Account } from '../store/account-store.js';
import type { PolicyStore } from '../store/policy-store.js';
import type { StaffReportStore } from '../store/staff-report-store.js';
import { toEvidenceCredentials, type VerificationReport } from './build-report.js';
import { getEmployerPolicy } from './get-employer-policy.js';

/** What {@link exportTrainingMatrix} needs. */
export interface TrainingMatrixDeps {
  staffReports: StaffReportStore;
  policies: PolicyStore;
  now: () => Date;
}

/**
 * The account's training matrix (care-catalogue `trainingMatrixCsv`): one line per member of staff it has
 * verified with a `staff` reference, from that person's newest verification, with readiness recomputed for
 * the given role category and setting, under the account's current policy, as of today (UTC). Credentials
 * that failed a check in that verification (bad signature, revoked, unrecognised issuer…) never count.
 * Lines are sorted by staff name, then id; every cell is escaped against CSV injection by the package.
 *
 * @example const { csv, asOf } = await exportTrainingMatrix(deps, account, { roleCategory: 'new_to_care', setting: 'home_care' });
 */
export async function exportTrainingMatrix(
  deps: TrainingMatrixDeps,
  account: Account,
  query: { roleCategory: string; setting: Setting },
): Promise<{ csv: string; asOf: string; staffCount: number }> {
  const { policy } = await getEmployerPolicy(deps.policies, account);
  const asOf = deps.now().toISOString().slice(0, 10);
  const rows: TrainingMatrixRow[] = (await deps.staffReports.latestPerStaff(account.id)).map((row) => ({
    staffId: row.staffId,
    staffName: row.staffName ?? '',
    report: assessReadiness({
      credentials: toEvidenceCredentials(row.report as VerificationReport),
      roleCategory: query.roleCategory,
      setting: query.setting,
      policy,
      today: asOf,
    }),
  }));
  rows.sort((a, b) => a.staffName.localeCompare(b.staffName, 'en-GB') || (a.staffId < b.staffId ? -1 : 1));
  return { csv: trainingMatrixCsv(rows), asOf, staffCount: rows.length };
}
