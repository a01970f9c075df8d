import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { zCreateShareRequest, zShareLinkParams, zShareLinkQuery } from '../schemas.js';
import { createShare } from '../use-cases/create-share.js';
import { getShare, listShares, withdrawShare } from '../use-cases/list-shares.js';
import { resolveShare } from '../use-cases/resolve-share.js';
import { currentWorker, requireWorker } from './auth.js';
import { parseNotFound } from './params.js';

/**
 * The worker's shares (create, list, show with views, withdraw).
 * @example app.use(shareRoutes(ctx));
 */
export function shareRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.post('/v1/shares', requireWorker(ctx), async (req, res) => {
    const body = parseInput(zCreateShareRequest, req.body, 'body');
    res.status(201).json(await createShare(ctx, currentWorker(res).id, body));
  });
  r.get('/v1/shares', requireWorker(ctx), async (_req, res) => {
    res.json({ shares: await listShares(ctx, currentWorker(res).id) });
  });
  r.get('/v1/shares/:id', requireWorker(ctx), async (req, res) => {
    const worker = currentWorker(res);
    res.json(await getShare(ctx, worker.id, parseNotFound(req.params).id));
  });
  r.delete('/v1/shares/:id', requireWorker(ctx), async (req, res) => {
    const worker = currentWorker(res);
    await withdrawShare(ctx, worker.id, parseNotFound(req.params).id);
    res.status(204).end();
  });
  return r;
}

/**
 * The public share link `GET /shares/:token` (no auth: the token is the capability).
 * @example app.use(shareLinkRoutes(ctx));
 */
export function shareLinkRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.get('/shares/:token', async (req, res) => {
    const { token } = parseInput(zShareLinkParams, req.params, 'params');
    const query = parseInput(zShareLinkQuery, req.query, 'query');
    const result = await resolveShare(ctx, {
      token,
      nonce: query.nonce,
      verifier: query.verifier,
      ip: req.ip,
      userAgent: req.get('user-agent'),
    });
    // Each answer is a fresh presentation bound to the caller's nonce: never cache it anywhere.
    res.set('Cache-Control', 'no-store').json(result);
  });
  return r;
}
