import { randomToken, sha256 } from '@sp/crypto';
import type { WalletContext } from '../context.js';

/** A new session: the bearer token is returned once; only its SHA-256 is stored. */
export interface SessionView {
  token: string;
  expiresAt: string;
}

/**
 * Opens a session for a worker (32 random bytes, base64url; TTL from `WALLET_SESSION_TTL_HOURS`).
 * @example const session = await issueSession(ctx, worker.id);
 */
export async function issueSession(
  ctx: Pick<WalletContext, 'sessions' | 'sessionTtlHours' | 'now'>,
  workerId: string,
): Promise<SessionView> {
  const token = randomToken(32);
  const expiresAt = new Date(ctx.now().getTime() + ctx.sessionTtlHours * 3600_000);
  await ctx.sessions.create({ workerId, tokenHash: sha256(token), expiresAt });
  return { token, expiresAt: expiresAt.toISOString() };
}
