import { bearerToken, oauthError, parseInput } from '@sp/http-kit';
import { PRE_AUTHORIZED_GRANT, zTokenRequest } from '@sp/oid4vci';
import { Router } from 'express';
import type { IssuerContext } from '../context.js';
import { zSlugParams } from '../schemas.js';
import { createNonce } from '../use-cases/create-nonce.js';
import { exchangePreAuthorizedCode } from '../use-cases/exchange-pre-authorized-code.js';
import { issueCredential } from '../use-cases/issue-credential.js';

/** OpenID4VCI 1.0 protocol endpoints of each organisation: token (§6), nonce (§7), credential (§8). */
export function oid4vciRoutes(ctx: IssuerContext): Router {
  const router = Router();

  router.post('/orgs/:slug/token', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    // §6.1: application/x-www-form-urlencoded (RFC 6749 §4.1.3).
    if (!req.is('application/x-www-form-urlencoded')) {
      throw oauthError('invalid_request', 'The token request must be application/x-www-form-urlencoded');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body['grant_type'] !== PRE_AUTHORIZED_GRANT) {
      throw oauthError('unsupported_grant_type', 'Only the pre-authorised code grant is supported');
    }
    const parsed = zTokenRequest.safeParse(body);
    if (!parsed.success) throw oauthError('invalid_request', 'The token request is malformed');
    const token = await exchangePreAuthorizedCode(ctx, slug, parsed.data);
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(token);
  });

  router.post('/orgs/:slug/nonce', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    res.set('Cache-Control', 'no-store').json(await createNonce(ctx, slug));
  });

  router.post('/orgs/:slug/credential', async (req, res) => {
    const { slug } = parseInput(zSlugParams, req.params, 'params');
    const result = await issueCredential(ctx, slug, bearerToken(req), req.body);
    res.set('Cache-Control', 'no-store').json(result);
  });

  return router;
}
