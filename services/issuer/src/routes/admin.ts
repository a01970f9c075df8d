import { timingSafeEqual } from 'node:crypto';
import { AppError, bearerToken, parseInput, unauthorized } from '@sp/http-kit';
import { type Request, Router } from 'express';
import type { IssuerContext } from '../context.js';
import { zCreateApiKeyRequest, zCreateOrganisationRequest, zSlugParams } from '../schemas.js';
import { createApiKey } from '../use-cases/create-api-key.js';
import { createOrganisation } from '../use-cases/create-organisation.js';

/**
 * The scheme operator's check (`Authorization: Bearer $ISSUER_ADMIN_TOKEN`): throws `not_found` when no token
 * is configured and `unauthorized` for a wrong one. Used by the admin and the register routes.
 * @example const requireAdmin = adminGuard(ctx); router.post('/v1/admin/x', (req, res) => { requireAdmin(req); … });
 */
export function adminGuard(ctx: IssuerContext): (req: Request) => void {
  const expected = ctx.config.adminToken ? Buffer.from(ctx.config.adminToken) : undefined;
  return (req) => {
    if (!expected) throw new AppError('not_found', { detail: 'The admin API is disabled' });
    const given = Buffer.from(bearerToken(req) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized();
  };
}

/** The scheme operator's admin API (`Authorization: Bearer $ISSUER_ADMIN_TOKEN`); 404 when no token is set. */
export function adminRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const requireAdmin = adminGuard(ctx);

  router.post('/v1/admin/organisations', async (req, res) => {
    requireAdmin(req);
    const body = parseInput(zCreateOrganisationRequest, req.body, 'body');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await createOrganisation(ctx, body));
  });

  router.post('/v1/admin/organisations/:slug/api-keys', async (req, res) => {
    requireAdmin(req);
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    const body = parseInput(zCreateApiKeyRequest, req.body ?? {}, 'body');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await createApiKey(ctx, slug, body.name));
  });

  return router;
}
