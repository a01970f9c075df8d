import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { listNotifications } from '../use-cases/list-notifications.js';
import { currentWorker, requireWorker } from './auth.js';

/**
 * The worker's inbox.
 * @example app.use(notificationRoutes(ctx));
 */
export function notificationRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.get('/v1/notifications', requireWorker(ctx), async (_req, res) => {
    res.json({ notifications: await listNotifications(ctx, currentWorker(res).email) });
  });
  return r;
}
