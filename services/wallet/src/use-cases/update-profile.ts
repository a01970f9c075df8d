import type { Setting } from '@sp/care-catalogue';
import { toWorkerView, type WalletContext, type WorkerView } from '../context.js';

/**
 * Sets the signed-in worker's current Care Workforce Pathway role category and care setting (already
 * checked against the pathway by the route), which `GET /v1/readiness` uses when the query names none.
 * `null` clears a field; an absent field is left as it is.
 * @example const worker = await updateProfile(ctx, worker.id, { roleCategory: 'new_to_care', setting: 'home_care' });
 */
export async function updateProfile(
  ctx: Pick<WalletContext, 'workers'>,
  workerId: string,
  profile: { roleCategory?: string | null | undefined; setting?: Setting | null | undefined },
): Promise<WorkerView> {
  const changes: { roleCategory?: string | null; setting?: string | null } = {};
  if (profile.roleCategory !== undefined) changes.roleCategory = profile.roleCategory;
  if (profile.setting !== undefined) changes.setting = profile.setting;
  return toWorkerView(await ctx.workers.updateProfile(workerId, changes));
}
