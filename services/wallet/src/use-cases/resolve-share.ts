import { openPrivateKey, randomToken, sha256 } from '@sp/crypto';
import { signPresentationJwt } from '@sp/credential';
import { AppError } from '@sp/http-kit';
import type { WalletContext } from '../context.js';
import { shareUrl } from './create-share.js';
import { shareStatus } from './list-shares.js';

export interface ResolveShareInput {
  token: string;
  /** The verifier's nonce (8..128 chars); a random one is made when absent. */
  nonce?: string | undefined;
  /** The name the viewer gives (max 200 chars), recorded in the view log. */
  verifier?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface ResolvedShare {
  /** VP-JWT signed by the holder key, carrying the shared credential JWTs. */
  presentation: string;
  /** `aud` of the presentation: the share URL exactly, without query. */
  audience: string;
  nonce: string;
  /** When the share link expires. */
  expiresAt: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Opens a share link: signs a fresh VP-JWT with the holder key, `aud` bound to this share's URL and `nonce`
 * to the verifier's nonce, so a presentation taken from one share cannot be replayed as another. Records one
 * view. Refused views are not recorded.
 *
 * @throws AppError `not_found` (404) for an unknown token; `gone` (410) for an expired or withdrawn share.
 * @example const { presentation } = await resolveShare(ctx, { token, nonce: 'n-0S6_WzA2Mj', verifier: 'Oak House' });
 */
export async function resolveShare(
  ctx: Pick<WalletContext, 'shares' | 'kek' | 'previousKek' | 'baseUrl' | 'now'>,
  input: ResolveShareInput,
): Promise<ResolvedShare> {
  const share = TOKEN.test(input.token) ? await ctx.shares.findByTokenHash(sha256(input.token)) : null;
  if (!share) throw new AppError('not_found', { detail: 'No such share link' });
  const now = ctx.now();
  const status = shareStatus(share, now);
  if (status === 'withdrawn') throw new AppError('gone', { detail: 'This share link was withdrawn' });
  if (status === 'expired') throw new AppError('gone', { detail: 'This share link has expired' });

  const audience = shareUrl(ctx.baseUrl, input.token);
  const nonce = input.nonce ?? randomToken(16);
  const privateJwk = openPrivateKey(
    share.worker.sealedPrivateKey,
    ctx.previousKek ? [ctx.kek, ctx.previousKek] : ctx.kek,
    share.worker.id,
  );
  const presentation = await signPresentationJwt({
    holderDid: share.worker.did,
    kid: `${share.worker.did}#0`,
    privateJwk,
    alg: 'EdDSA',
    credentials: share.jwts,
    audience,
    nonce,
    now,
  });
  await ctx.shares.recordView({
    shareId: share.id,
    viewer: input.verifier ?? null,
    ip: input.ip?.slice(0, 100) ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    viewedAt: now,
  });
  return { presentation, audience, nonce, expiresAt: share.expiresAt.toISOString() };
}
