import { getItem } from '@sp/care-catalogue';
import { AppError, parseInput } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { IssuerContext } from '../context.js';
import { zSlugParams } from '../schemas.js';
import { fetchCredentialOffer } from '../use-cases/fetch-credential-offer.js';
import {
  getAuthorizationServerMetadata,
  getDidDocument,
  getIssuerMetadata,
} from '../use-cases/get-organisation-documents.js';
import { createStatusListGetter } from '../use-cases/get-status-list-credential.js';

const zOfferParams = zSlugParams.extend({ ref: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
const zStatusParams = zSlugParams.extend({ listId: z.string().min(1).max(64) });

/** Public documents: DID documents, OpenID4VCI/RFC 8414 metadata, offers by reference, status lists. */
export function publicRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const getStatusList = createStatusListGetter();

  router.get('/orgs/:slug/did.json', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    res
      .set('Cache-Control', 'max-age=300')
      .type('application/did+json')
      .send(JSON.stringify(await getDidDocument(ctx, slug)));
  });

  // OpenID4VCI 1.0 §12.2.2: for an identifier with a path, the well-known segment goes between host and path.
  router.get('/.well-known/openid-credential-issuer/orgs/:slug', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    res.set('Cache-Control', 'max-age=300').json(await getIssuerMetadata(ctx, slug));
  });

  // RFC 8414 §3.1: the same insertion rule.
  router.get('/.well-known/oauth-authorization-server/orgs/:slug', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    res.set('Cache-Control', 'max-age=300').json(await getAuthorizationServerMetadata(ctx, slug));
  });

  router.get('/orgs/:slug/offers/:ref', async (req, res) => {
    const params = zOfferParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { detail: 'No such credential offer' });
    const offer = await fetchCredentialOffer(ctx, params.data.slug, params.data.ref);
    res.set('Cache-Control', 'no-store').json(offer);
  });

  // Bitstring Status List v1.0 §2.2 as a VC-JWT; verifiers cache it for 60 s (a revocation shows within a
  // minute) and then revalidate with ETag (a 304 costs no body and no signature check).
  router.get('/orgs/:slug/status/:listId', async (req, res) => {
    const { slug, listId } = parseInput(zStatusParams, req.params, 'params');
    const { jwt, etag } = await getStatusList(ctx, slug, listId);
    res.set('ETag', etag).set('Cache-Control', `max-age=${ctx.config.statusListMaxAgeSeconds ?? 60}`);
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.type('application/vc+jwt').send(jwt);
  });

  // Alignment targetUrl / achievement id of issued credentials point here.
  router.get('/catalogue/:code', (req, res) => {
    const item = getItem(String(req.params.code));
    if (!item) throw new AppError('not_found', { detail: 'No such catalogue item' });
    res.set('Cache-Control', 'max-age=3600').json(item);
  });

  return router;
}
