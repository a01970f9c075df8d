import { type OpenAPIRegistry, parseInput, problemResponses } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { IssuerContext } from '../context.js';
import { REGISTER_PATH } from '../internal/scheme-identity.js';
import {
  zAddRegisterIssuerRequest,
  zRegisterAuthorisationInput,
  zRegisterAuthorisationParams,
  zRegisterDidParams,
  zRegisterIssuerList,
  zRegisterIssuerView,
  zSuspendRegisterIssuerRequest,
} from '../register-schemas.js';
import { addRegisterAuthorisation } from '../use-cases/add-register-authorisation.js';
import { addRegisterIssuer } from '../use-cases/add-register-issuer.js';
import { createPublishedRegisterGetter } from '../use-cases/get-published-register.js';
import { getSchemeDidDocument } from '../use-cases/get-scheme-did-document.js';
import { getRegisterIssuer, listRegisterIssuers } from '../use-cases/list-register-issuers.js';
import { removeRegisterAuthorisation } from '../use-cases/remove-register-authorisation.js';
import { removeRegisterIssuer } from '../use-cases/remove-register-issuer.js';
import { setRegisterIssuerStatus } from '../use-cases/set-register-issuer-status.js';
import { adminGuard } from './admin.js';

/** Verifiers re-fetch the register at most this often (and revalidate with the ETag). */
const REGISTER_MAX_AGE_SECONDS = 60;

/**
 * The register of recognised issuers: the scheme operator's API under `/v1/admin/register` (the admin
 * token), the published register JWT at a well-known URL and the scheme's DID document.
 * @example app.use(registerRoutes(ctx));
 */
export function registerRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const requireAdmin = adminGuard(ctx);
  const getPublished = createPublishedRegisterGetter();
  const base = '/v1/admin/register/issuers';

  router.post(base, async (req, res) => {
    requireAdmin(req);
    const body = parseInput(zAddRegisterIssuerRequest, req.body, 'body');
    res.status(201).json(await addRegisterIssuer(ctx, body));
  });

  router.get(base, async (req, res) => {
    requireAdmin(req);
    res.set('Cache-Control', 'no-store').json(await listRegisterIssuers(ctx));
  });

  router.get(`${base}/:did`, async (req, res) => {
    requireAdmin(req);
    const { did } = parseInput(zRegisterDidParams, req.params, 'params');
    res.set('Cache-Control', 'no-store').json(await getRegisterIssuer(ctx, did));
  });

  router.delete(`${base}/:did`, async (req, res) => {
    requireAdmin(req);
    const { did } = parseInput(zRegisterDidParams, req.params, 'params');
    await removeRegisterIssuer(ctx, did);
    res.status(204).end();
  });

  router.post(`${base}/:did/authorisations`, async (req, res) => {
    requireAdmin(req);
    const { did } = parseInput(zRegisterDidParams, req.params, 'params');
    const body = parseInput(zRegisterAuthorisationInput, req.body, 'body');
    res.status(201).json(await addRegisterAuthorisation(ctx, did, body));
  });

  router.delete(`${base}/:did/authorisations/:authorisationId`, async (req, res) => {
    requireAdmin(req);
    const { did, authorisationId } = parseInput(zRegisterAuthorisationParams, req.params, 'params');
    await removeRegisterAuthorisation(ctx, did, authorisationId);
    res.status(204).end();
  });

  router.post(`${base}/:did/suspend`, async (req, res) => {
    requireAdmin(req);
    const { did } = parseInput(zRegisterDidParams, req.params, 'params');
    const { reason } = parseInput(zSuspendRegisterIssuerRequest, req.body, 'body');
    res.json(await setRegisterIssuerStatus(ctx, did, { status: 'suspended', reason }));
  });

  router.post(`${base}/:did/reinstate`, async (req, res) => {
    requireAdmin(req);
    const { did } = parseInput(zRegisterDidParams, req.params, 'params');
    res.json(await setRegisterIssuerStatus(ctx, did, { status: 'active' }));
  });

  router.get(REGISTER_PATH, async (req, res) => {
    const { jwt, etag } = await getPublished(ctx);
    res.set('ETag', etag).set('Cache-Control', `max-age=${REGISTER_MAX_AGE_SECONDS}`);
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.type('application/jwt').send(jwt);
  });

  router.get('/scheme/did.json', async (_req, res) => {
    res
      .set('Cache-Control', 'max-age=300')
      .type('application/did+json')
      .send(JSON.stringify(await getSchemeDidDocument(ctx)));
  });

  return router;
}

/**
 * Adds the register's paths to the issuer's OpenAPI document.
 * @example registerRegisterPaths(registry);
 */
export function registerRegisterPaths(r: OpenAPIRegistry): void {
  const bearer = [{ bearer: [] }];
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const did = z.object({ did: z.string().describe('the issuer DID, URL-encoded') });
  const path = '/v1/admin/register/issuers';
  r.registerPath({
    method: 'post',
    path,
    summary: 'Add an issuer to the register of recognised issuers (scheme operator)',
    security: bearer,
    request: { body: json(zAddRegisterIssuerRequest) },
    responses: {
      201: { description: 'Added', ...json(zRegisterIssuerView) },
      ...problemResponses(400, 401, 404, 409),
    },
  });
  r.registerPath({
    method: 'get',
    path,
    summary: 'The register with its version (scheme operator)',
    security: bearer,
    responses: {
      200: { description: 'The register', ...json(zRegisterIssuerList) },
      ...problemResponses(401, 404),
    },
  });
  r.registerPath({
    method: 'get',
    path: `${path}/{did}`,
    summary: 'One issuer of the register (scheme operator)',
    security: bearer,
    request: { params: did },
    responses: {
      200: { description: 'The issuer', ...json(zRegisterIssuerView) },
      ...problemResponses(401, 404),
    },
  });
  r.registerPath({
    method: 'delete',
    path: `${path}/{did}`,
    summary: 'Remove an issuer from the register (scheme operator)',
    security: bearer,
    request: { params: did },
    responses: { 204: { description: 'Removed' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'post',
    path: `${path}/{did}/authorisations`,
    summary: 'Record a catalogue item or framework the issuer may issue, from when until when',
    security: bearer,
    request: { params: did, body: json(zRegisterAuthorisationInput) },
    responses: { 201: { description: 'Recorded' }, ...problemResponses(400, 401, 404) },
  });
  r.registerPath({
    method: 'delete',
    path: `${path}/{did}/authorisations/{authorisationId}`,
    summary: 'Delete one authorisation',
    security: bearer,
    request: { params: did.extend({ authorisationId: z.string() }) },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'post',
    path: `${path}/{did}/suspend`,
    summary: 'Suspend a recognised issuer, with a reason',
    security: bearer,
    request: { params: did, body: json(zSuspendRegisterIssuerRequest) },
    responses: {
      200: { description: 'Suspended', ...json(zRegisterIssuerView) },
      ...problemResponses(400, 401, 404),
    },
  });
  r.registerPath({
    method: 'post',
    path: `${path}/{did}/reinstate`,
    summary: 'Reinstate a suspended issuer',
    security: bearer,
    request: { params: did },
    responses: {
      200: { description: 'Reinstated', ...json(zRegisterIssuerView) },
      ...problemResponses(401, 404),
    },
  });
  r.registerPath({
    method: 'get',
    path: REGISTER_PATH,
    summary: 'The register of recognised issuers as a JWT signed by the scheme key (ETag, max-age 60)',
    responses: {
      200: { description: 'application/jwt', content: { 'application/jwt': { schema: z.string() } } },
      304: { description: 'Not modified (If-None-Match)' },
    },
  });
  r.registerPath({
    method: 'get',
    path: '/scheme/did.json',
    summary: "The scheme's did:web document",
    responses: { 200: { description: 'DID document' } },
  });
}
