import { bearerToken } from '@sp/http-kit';
import type { RequestHandler, Response } from 'express';
import type { WalletContext } from '../context.js';
import type { WorkerRecord } from '../store/worker-store.js';
import { authenticate } from '../use-cases/sign-in.js';

/**
 * Requires `Authorization: Bearer <session token>`; the worker goes to `res.locals.worker`.
 * @example router.get('/v1/me', requireWorker(ctx), handler);
 */
export function requireWorker(ctx: WalletContext): RequestHandler {
  return async (req, res, next) => {
    res.locals['worker'] = await authenticate(ctx, bearerToken(req));
    next();
  };
}

/**
 * The worker `requireWorker` put on the response.
 * @example const worker = currentWorker(res);
 */
export function currentWorker(res: Response): WorkerRecord {
  const worker = res.locals['worker'] as WorkerRecord | undefined;
  if (!worker) throw new TypeError('currentWorker: route is missing requireWorker');
  return worker;
}
