import { hashPassword, sha256, verifyPassword } from '@sp/crypto';
import { unauthorized } from '@sp/http-kit';
import type { WalletContext } from '../context.js';
import type { WorkerRecord } from '../store/worker-store.js';
import { issueSession, type SessionView } from './issue-session.js';

// Explicit cache: one scrypt hash of a throw-away password, made on first use. Verifying against it when the
// email is unknown makes that answer take as long as a wrong password (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => {
  dummyHash ??= hashPassword('not-a-real-password-but-the-same-cost');
  return dummyHash;
};

/**
 * Signs a worker in with email and password.
 *
 * @throws AppError `unauthorized` (401) — the same answer, in the same time, for an unknown email and a
 *   wrong password; `rate_limited` (429, `Retry-After`) after too many failures for that email or from that
 *   client address (`client`, the request's `req.ip`; see `createSignInLimiter`).
 * @example const session = await signIn(ctx, { email, password }, req.ip);
 */
export async function signIn(
  ctx: WalletContext,
  input: { email: string; password: string },
  client?: string,
): Promise<SessionView> {
  const attempt = { email: input.email, client };
  await ctx.signInLimiter.check(attempt);
  const worker = await ctx.workers.findByEmail(input.email);
  const ok = await verifyPassword(input.password, worker?.passwordHash ?? (await getDummyHash()));
  if (!worker || !ok) {
    await ctx.signInLimiter.fail(attempt);
    throw unauthorized('Email or password is wrong');
  }
  await ctx.signInLimiter.succeed(attempt);
  return issueSession(ctx, worker.id);
}

/**
 * Ends a session (idempotent).
 * @example await signOut(ctx, bearer);
 */
export async function signOut(ctx: Pick<WalletContext, 'sessions'>, token: string): Promise<void> {
  await ctx.sessions.delete(sha256(token));
}

/**
 * The worker behind a bearer token.
 *
 * @throws AppError `unauthorized` (401) for a missing, unknown or expired token.
 * @example const worker = await authenticate(ctx, bearerToken(req));
 */
export async function authenticate(
  ctx: Pick<WalletContext, 'sessions' | 'now'>,
  token: string | undefined,
): Promise<WorkerRecord> {
  if (!token) throw unauthorized();
  const worker = await ctx.sessions.findWorker(sha256(token), ctx.now());
  if (!worker) throw unauthorized();
  return worker;
}
