import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { getCredential, listCredentials } from '../use-cases/list-credentials.js';
import { currentWorker, requireWorker } from './auth.js';
import { parseNotFound } from './params.js';

/**
 * The worker's credentials.
 * @example app.use(credentialRoutes(ctx));
 */
export function credentialRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.get('/v1/credentials', requireWorker(ctx), async (_req, res) => {
    res.json({ credentials: await listCredentials(ctx, currentWorker(res).id) });
  });
  r.get('/v1/credentials/:id', requireWorker(ctx), async (req, res) => {
    const worker = currentWorker(res);
    const { id } = parseNotFound(req.params);
    res.json(await getCredential(ctx, worker.id, id));
  });
  return r;
}
