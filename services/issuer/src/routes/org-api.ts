import { bearerToken, parseInput } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { IssuerContext } from '../context.js';
import { zCreateOfferRequest, zListCredentialsQuery } from '../schemas.js';
import { authenticateOrganisation } from '../use-cases/authenticate-organisation.js';
import { createCredentialOffer } from '../use-cases/create-credential-offer.js';
import { getOfferStatus } from '../use-cases/get-offer-status.js';
import { listIssuedCredentials } from '../use-cases/list-issued-credentials.js';

/** The organisation API (`Authorization: Bearer <API key>`): offers and issued credentials. */
export function orgApiRoutes(ctx: IssuerContext): Router {
  const router = Router();

  router.post('/v1/credential-offers', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const body = parseInput(zCreateOfferRequest, req.body, 'body');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await createCredentialOffer(ctx, org, body));
  });

  router.get('/v1/credential-offers/:id', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const { id } = parseInput(z.object({ id: z.string().max(64) }), req.params, 'params');
    res.json(await getOfferStatus(ctx, org, id));
  });

  router.get('/v1/credentials', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const query = parseInput(zListCredentialsQuery, req.query, 'query');
    res.json(await listIssuedCredentials(ctx, org, query));
  });

  return router;
}
