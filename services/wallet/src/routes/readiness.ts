import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { assessOwnReadiness } from '../use-cases/assess-own-readiness.js';
import { updateProfile } from '../use-cases/update-profile.js';
import { currentWorker, requireWorker } from './auth.js';
import { zReadinessQuery, zUpdateProfileRequest } from './readiness-schemas.js';

/**
 * The worker's role category and setting, and their readiness self-view.
 * @example app.use(readinessRoutes(ctx));
 */
export function readinessRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.patch('/v1/me', requireWorker(ctx), async (req, res) => {
    const body = parseInput(zUpdateProfileRequest, req.body, 'body');
    res.json({ worker: await updateProfile(ctx, currentWorker(res).id, body) });
  });
  r.get('/v1/readiness', requireWorker(ctx), async (req, res) => {
    const query = parseInput(zReadinessQuery, req.query, 'query');
    res.json(await assessOwnReadiness(ctx, currentWorker(res), query));
  });
  return r;
}
