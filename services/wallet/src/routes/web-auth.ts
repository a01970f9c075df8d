import type { WebKit } from '@sp/web-kit';
import type { RequestHandler, Response } from 'express';
import type { WalletContext } from '../context.js';
import type { WorkerRecord } from '../store/worker-store.js';
import { authenticate } from '../use-cases/sign-in.js';

/**
 * Pages for signed-in workers: the session cookie holds the same opaque session token the API takes as a
 * bearer token. No or a stale cookie → `unauthorized`, which the web kit turns into a sign-in redirect.
 * @example router.get('/credentials', requireWebWorker(ctx, kit), handler);
 */
export function requireWebWorker(ctx: WalletContext, kit: WebKit): RequestHandler {
  return async (req, res, next) => {
    const worker = await authenticate(ctx, kit.sessionToken(req, res));
    res.locals['worker'] = worker;
    res.locals['signedIn'] = true;
    res.locals['personName'] = worker.name;
    next();
  };
}

/**
 * The worker {@link requireWebWorker} authenticated.
 * @example const worker = webWorker(res);
 */
export function webWorker(res: Response): WorkerRecord {
  const worker = res.locals['worker'] as WorkerRecord | undefined;
  if (!worker) throw new TypeError('webWorker: route is missing requireWebWorker');
  return worker;
}
