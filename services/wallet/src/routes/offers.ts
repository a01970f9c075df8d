import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { zAcceptOfferRequest } from '../schemas.js';
import { acceptOffer } from '../use-cases/accept-offer.js';
import { currentWorker, requireWorker } from './auth.js';

/**
 * Accepting OpenID4VCI credential offers.
 * @example app.use(offerRoutes(ctx));
 */
export function offerRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.post('/v1/offers/accept', requireWorker(ctx), async (req, res) => {
    const body = parseInput(zAcceptOfferRequest, req.body, 'body');
    const { credential, created } = await acceptOffer(ctx, currentWorker(res), body);
    // 201 for a new credential, 200 when this credential was already in the wallet.
    res.status(created ? 201 : 200).json({ credential });
  });
  return r;
}
