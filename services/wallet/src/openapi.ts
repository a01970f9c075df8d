import { buildOpenApiDocument, OpenAPIRegistry, problemResponses } from '@sp/http-kit';
import { z } from 'zod';
import {
  zAcceptOfferRequest,
  zAccountResponse,
  zCreateAccountRequest,
  zCreateShareRequest,
  zCreateShareResponse,
  zCredentialDetail,
  zCredentialSummary,
  zIdParams,
  zNotification,
  zSession,
  zShare,
  zShareDetail,
  zShareLinkParams,
  zShareLinkQuery,
  zShareLinkResponse,
  zSignInRequest,
  zWorker,
} from './schemas.js';
import { zOwnReadiness, zReadinessQuery, zUpdateProfileRequest } from './routes/readiness-schemas.js';

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const bearer = [{ bearer: [] }];

/**
 * The wallet's OpenAPI registry: every route with the zod schemas its handler parses with.
 * @example const doc = walletOpenApi('http://localhost:3002');
 */
export function walletOpenApiRegistry(): OpenAPIRegistry {
  const r = new OpenAPIRegistry();
  r.registerPath({
    method: 'post',
    path: '/v1/accounts',
    summary: 'Sign up (creates the did:jwk holder key) and sign in',
    request: { body: body(zCreateAccountRequest) },
    responses: { 201: json(zAccountResponse, 'Account and session'), ...problemResponses(400, 409) },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/sessions',
    summary: 'Sign in',
    request: { body: body(zSignInRequest) },
    responses: { 201: json(zSession, 'Session'), ...problemResponses(400, 401) },
  });
  r.registerPath({
    method: 'delete',
    path: '/v1/sessions/current',
    summary: 'Sign out',
    security: bearer,
    responses: { 204: { description: 'Signed out' }, ...problemResponses(401) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in worker',
    security: bearer,
    responses: { 200: json(z.object({ worker: zWorker }), 'Worker'), ...problemResponses(401) },
  });
  r.registerPath({
    method: 'patch',
    path: '/v1/me',
    summary: 'Set the worker’s current role category and care setting (null clears)',
    security: bearer,
    request: { body: body(zUpdateProfileRequest) },
    responses: { 200: json(z.object({ worker: zWorker }), 'Worker'), ...problemResponses(400, 401) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/readiness',
    summary: 'Readiness self-view for the current and next role category, and what is due soon',
    description:
      'From the credentials stored in the wallet, under national defaults. The wallet does not re-check revocation, so this is a self-view: an employer’s check through a verifier is authoritative. Without a query it uses the worker’s role category and setting (PATCH /v1/me); without those it is 400 `reason: profile_incomplete`.',
    security: bearer,
    request: { query: zReadinessQuery },
    responses: { 200: json(zOwnReadiness, 'Readiness'), ...problemResponses(400, 401) },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/offers/accept',
    summary: 'Accept an OpenID4VCI credential offer (pre-authorised code flow)',
    security: bearer,
    request: { body: body(zAcceptOfferRequest) },
    responses: {
      201: json(z.object({ credential: zCredentialSummary }), 'Stored'),
      200: json(z.object({ credential: zCredentialSummary }), 'Already in the wallet'),
      ...problemResponses(400, 401, 410, 502),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/credentials',
    summary: 'List credentials',
    security: bearer,
    responses: {
      200: json(z.object({ credentials: z.array(zCredentialSummary) }), 'Credentials'),
      ...problemResponses(401),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/credentials/{id}',
    summary: 'One credential with its JWT and decoded vc',
    security: bearer,
    request: { params: zIdParams },
    responses: { 200: json(zCredentialDetail, 'Credential'), ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/shares',
    summary: 'Create a share link',
    security: bearer,
    request: { body: body(zCreateShareRequest) },
    responses: {
      201: json(zCreateShareResponse, 'Share link (shown once)'),
      ...problemResponses(400, 401, 404),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/shares',
    summary: 'List shares with view counts',
    security: bearer,
    responses: { 200: json(z.object({ shares: z.array(zShare) }), 'Shares'), ...problemResponses(401) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/shares/{id}',
    summary: 'One share with every view',
    security: bearer,
    request: { params: zIdParams },
    responses: { 200: json(zShareDetail, 'Share'), ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'delete',
    path: '/v1/shares/{id}',
    summary: 'Withdraw a share',
    security: bearer,
    request: { params: zIdParams },
    responses: { 204: { description: 'Withdrawn' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'get',
    path: '/shares/{token}',
    summary: 'Public share link: a VP-JWT bound to this URL (aud) and the given nonce',
    request: { params: zShareLinkParams, query: zShareLinkQuery },
    responses: { 200: json(zShareLinkResponse, 'Presentation'), ...problemResponses(400, 404, 410) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/notifications',
    summary: 'The worker inbox, newest first',
    security: bearer,
    responses: {
      200: json(z.object({ notifications: z.array(zNotification) }), 'Notifications'),
      ...problemResponses(401),
    },
  });
  return r;
}

/**
 * The wallet's OpenAPI 3.1 document, served at /openapi.json.
 * @example app.get('/openapi.json', (_req, res) => res.json(walletOpenApi(baseUrl)));
 */
export function walletOpenApi(baseUrl: string): object {
  return buildOpenApiDocument(
    walletOpenApiRegistry(),
    { title: 'Skills Passport wallet API', version: '0.1.0' },
    [{ url: baseUrl }],
  );
}
