import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sha256 } from '@sp/crypto';
import { AppError, bearerToken, unauthorized } from '@sp/http-kit';
import type { RequestHandler, Response } from 'express';
import type { Account } from '../store/account-store.js';

/**
 * Requires an employer API key (`Authorization: Bearer spk_ver_…`) and puts the account in
 * `res.locals.account`. Missing and wrong keys get the same 401.
 * @example router.use(requireAccount(authenticate));
 */
export function requireAccount(authenticate: (apiKey: string) => Promise<Account | null>): RequestHandler {
  return async (req, res, next) => {
    res.locals['account'] = await accountOfRequest(authenticate, req);
    next();
  };
}

/**
 * The account whose API key the request carries; 401 for a missing or wrong key alike. For express routes
 * through {@link requireAccount}, for lean routes directly.
 * @example const account = await accountOfRequest(authenticate, req);
 */
export async function accountOfRequest(
  authenticate: (apiKey: string) => Promise<Account | null>,
  req: { headers: IncomingHttpHeaders },
): Promise<Account> {
  const key = bearerToken(req);
  const account = key ? await authenticate(key) : null;
  if (!account) throw unauthorized();
  return account;
}

/** The account {@link requireAccount} authenticated. */
export function accountOf(res: Response): Account {
  const account = res.locals['account'] as Account | undefined;
  if (!account) throw new TypeError('accountOf: requireAccount did not run on this route');
  return account;
}

/**
 * Requires the admin bearer token. Without a configured token the admin API does not exist (404), so an
 * unset variable can never be matched by an empty header.
 * @example router.use('/v1/admin', requireAdmin(config.adminToken));
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  // Compare digests: equal length, so timingSafeEqual applies and the token length does not leak.
  const expected = adminToken ? Buffer.from(sha256(adminToken), 'hex') : undefined;
  return (req, _res, next) => {
    if (!expected) throw new AppError('not_found', { detail: 'The admin API is disabled' });
    const token = bearerToken(req);
    if (!token || !timingSafeEqual(Buffer.from(sha256(token), 'hex'), expected)) throw unauthorized();
    next();
  };
}
