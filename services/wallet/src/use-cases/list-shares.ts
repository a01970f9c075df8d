import { AppError } from '@sp/http-kit';
import type { WalletContext } from '../context.js';
import type { ShareRecord } from '../store/share-store.js';

export type ShareStatus = 'active' | 'expired' | 'withdrawn';

export interface ShareView {
  id: string;
  label: string | null;
  status: ShareStatus;
  createdAt: string;
  expiresAt: string;
  withdrawnAt: string | null;
  credentialIds: string[];
  viewCount: number;
}

export interface ShareViewLogEntry {
  viewer: string | null;
  viewedAt: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * A share's status at `now`: withdrawn wins over expired, because the worker's act is the better reason.
 * @example shareStatus(share, new Date()) // 'active'
 */
export function shareStatus(s: { expiresAt: Date; withdrawnAt: Date | null }, now: Date): ShareStatus {
  if (s.withdrawnAt) return 'withdrawn';
  return s.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

function toView(s: ShareRecord, now: Date): ShareView {
  return {
    id: s.id,
    label: s.label,
    status: shareStatus(s, now),
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
    credentialIds: s.credentialIds,
    viewCount: s.viewCount,
  };
}

/**
 * The worker's shares, newest first, with view counts. (The link itself was shown once and is not stored.)
 * @example const shares = await listShares(ctx, worker.id);
 */
export async function listShares(
  ctx: Pick<WalletContext, 'shares' | 'now'>,
  workerId: string,
): Promise<ShareView[]> {
  const now = ctx.now();
  return (await ctx.shares.list(workerId)).map((s) => toView(s, now));
}

/**
 * One share with every recorded view (viewer name as given, time, IP address, user agent), newest first.
 *
 * @throws AppError `not_found` (404) when missing or another worker's.
 * @example const share = await getShare(ctx, worker.id, id);
 */
export async function getShare(
  ctx: Pick<WalletContext, 'shares' | 'now'>,
  workerId: string,
  id: string,
): Promise<ShareView & { views: ShareViewLogEntry[] }> {
  const share = await ctx.shares.get(workerId, id);
  if (!share) throw new AppError('not_found', { detail: 'No such share' });
  return {
    ...toView(share, ctx.now()),
    views: share.views.map((v) => ({
      viewer: v.viewer,
      viewedAt: v.viewedAt.toISOString(),
      ip: v.ip,
      userAgent: v.userAgent,
    })),
  };
}

/**
 * Withdraws a share: its link answers 410 from now on. Idempotent.
 *
 * @throws AppError `not_found` (404) when missing or another worker's.
 * @example await withdrawShare(ctx, worker.id, id);
 */
export async function withdrawShare(
  ctx: Pick<WalletContext, 'shares' | 'now' | 'logger'>,
  workerId: string,
  id: string,
): Promise<void> {
  if (!(await ctx.shares.withdraw(workerId, id, ctx.now())))
    throw new AppError('not_found', { detail: 'No such share' });
  ctx.logger.info({ shareId: id }, 'share withdrawn');
}
