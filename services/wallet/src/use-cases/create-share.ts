import { randomToken, sha256 } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import type { WalletContext } from '../context.js';

export interface CreateShareInput {
  /** Wallet credential ids (1..50), all the worker's own. */
  credentialIds: string[];
  /** 5..43200 minutes (30 days); default 10080 (7 days). */
  expiresInMinutes: number;
  label?: string | undefined;
}

/**
 * The public URL of a share link. `aud` of the presentation behind it is exactly this string.
 * @example shareUrl('https://wallet.example', token) // 'https://wallet.example/shares/<token>'
 */
export function shareUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/shares/${token}`;
}

/**
 * Creates a share link for some of the worker's credentials. The token (32 random bytes, base64url) is
 * returned once in the URL; only its SHA-256 is stored, so a database leak does not leak live links.
 *
 * @throws AppError `not_found` (404) when any credential id is missing or another worker's.
 * @example const { id, url, expiresAt } = await createShare(ctx, worker.id, { credentialIds, expiresInMinutes: 60 });
 */
export async function createShare(
  ctx: Pick<WalletContext, 'credentials' | 'shares' | 'baseUrl' | 'now' | 'logger'>,
  workerId: string,
  input: CreateShareInput,
): Promise<{ id: string; url: string; expiresAt: string }> {
  const ids = [...new Set(input.credentialIds)];
  const owned = await ctx.credentials.findMany(workerId, ids);
  if (owned.length !== ids.length) throw new AppError('not_found', { detail: 'No such credential' });
  const token = randomToken(32);
  const expiresAt = new Date(ctx.now().getTime() + input.expiresInMinutes * 60_000);
  const share = await ctx.shares.create({
    workerId,
    tokenHash: sha256(token),
    label: input.label ?? null,
    expiresAt,
    credentialIds: ids,
  });
  ctx.logger.info({ shareId: share.id, credentials: ids.length }, 'share created');
  return { id: share.id, url: shareUrl(ctx.baseUrl, token), expiresAt: expiresAt.toISOString() };
}
