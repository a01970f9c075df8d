import {
  assessReadiness,
  type EvidenceCredential,
  listRoleCategories,
  type ReadinessReport,
  type Setting,
  zDeliveryMode,
  zSetting,
} from '@sp/care-catalogue';
import { AppError } from '@sp/http-kit';
import type { WalletContext } from '../context.js';
import type { CredentialRecord } from '../store/credential-store.js';
import type { WorkerRecord } from '../store/worker-store.js';
import { toCredentialSummary } from './list-credentials.js';

/** The worker's readiness self-view (`GET /v1/readiness`). */
export interface OwnReadiness {
  selfView: true;
  notice: string;
  roleCategory: string;
  setting: Setting;
  asOf: string;
  /** Readiness for the role category asked for (or the worker's own). */
  current: ReadinessReport;
  /** Readiness for the next role category in the pathway's order; null after the last one. */
  next: ReadinessReport | null;
  /** Met requirements of either report due for refresh within the due-soon window, soonest first. */
  dueSoon: { code: string; name: string; refreshDue: string; roleCategories: string[] }[];
}

export const SELF_VIEW_NOTICE =
  'A self-view from the credentials stored in this wallet: their signatures and issuers were checked when ' +
  'they were accepted, but the wallet does not check whether an issuer has since revoked one. An ' +
  'employer’s check through a verifier is authoritative, and its own policy may add requirements or ' +
  'shorten refresh periods.';

/**
 * Stored credentials as readiness evidence. Signature, holder binding and issuer checks passed when the
 * credential was accepted; one whose `validUntil` has passed counts as unverified. Status (revocation) is not
 * checked here. Credentials without a catalogue code or completion date cannot meet a requirement.
 * @example const evidence = walletEvidence(await ctx.credentials.list(worker.id), ctx.now());
 */
export function walletEvidence(records: readonly CredentialRecord[], now: Date): EvidenceCredential[] {
  const out: EvidenceCredential[] = [];
  for (const r of records) {
    const s = toCredentialSummary(r);
    if (!s.catalogueCode || !s.completionDate) continue;
    const mode = zDeliveryMode.safeParse(s.deliveryMode);
    out.push({
      id: s.credentialId,
      catalogueCode: s.catalogueCode,
      completionDate: s.completionDate,
      verified: r.validUntil === null || r.validUntil.getTime() > now.getTime(),
      ...(mode.success ? { deliveryMode: mode.data } : {}),
    });
  }
  return out;
}

/**
 * The signed-in worker's readiness, from the credentials in their wallet, for a role category and setting
 * (the query's, else the worker's profile) and for the next role category in the pathway's order, on
 * today's UTC date, under national defaults. It says it is a self-view ({@link SELF_VIEW_NOTICE}).
 *
 * @throws AppError `bad_request` (400, `reason: profile_incomplete`) when the query names no role category and
 *   the worker has not set both a role category and a setting with `PATCH /v1/me`.
 * @example const view = await assessOwnReadiness(ctx, worker, {});
 */
export async function assessOwnReadiness(
  ctx: Pick<WalletContext, 'credentials' | 'now'>,
  worker: WorkerRecord,
  query: { roleCategory?: string | undefined; setting?: Setting | undefined },
): Promise<OwnReadiness> {
  const roleCategory = query.roleCategory ?? worker.roleCategory ?? undefined;
  const setting = query.setting ?? zSetting.safeParse(worker.setting).data;
  if (!roleCategory || !setting) {
    throw new AppError('bad_request', {
      detail:
        'Name a roleCategory and setting, or set your own with PATCH /v1/me { roleCategory, setting } first',
      extra: { reason: 'profile_incomplete' },
    });
  }
  const now = ctx.now();
  const asOf = now.toISOString().slice(0, 10);
  const credentials = walletEvidence(await ctx.credentials.list(worker.id), now);
  const assess = (rc: string) => assessReadiness({ credentials, roleCategory: rc, setting, today: asOf });

  const order = listRoleCategories();
  const nextId = order[order.findIndex((r) => r.id === roleCategory) + 1]?.id;
  const current = assess(roleCategory);
  const next = nextId ? assess(nextId) : null;

  const dueSoon = new Map<string, OwnReadiness['dueSoon'][number]>();
  for (const report of next ? [current, next] : [current]) {
    for (const r of report.requirements) {
      if (r.state !== 'due_soon' || !r.refreshDue) continue;
      const seen = dueSoon.get(r.code);
      if (seen) seen.roleCategories.push(report.roleCategory);
      else
        dueSoon.set(r.code, {
          code: r.code,
          name: r.name,
          refreshDue: r.refreshDue,
          roleCategories: [report.roleCategory],
        });
    }
  }
  return {
    selfView: true,
    notice: SELF_VIEW_NOTICE,
    roleCategory,
    setting,
    asOf,
    current,
    next,
    dueSoon: [...dueSoon.values()].sort(
      (a, b) => a.refreshDue.localeCompare(b.refreshDue) || a.code.localeCompare(b.code),
    ),
  };
}
