import { zInvitePersonRequest, zInvitePersonResponse } from './routes/admin-people.js';
import { buildOpenApiDocument, OpenAPIRegistry, problemResponses } from '@sp/http-kit';
import {
  zCredentialOffer,
  zCredentialRequest,
  zCredentialResponse,
  zNonceResponse,
  zTokenRequest,
  zTokenResponse,
} from '@sp/oid4vci';
import { z } from 'zod';
import { registerRegisterPaths } from './routes/register.js';
import { registerBatchPaths } from './openapi-batches.js';
import { registerStatusKeyPaths } from './routes/status-keys.js';
import {
  zCreateApiKeyRequest,
  zCreateApiKeyResponse,
  zCreateOfferRequest,
  zCreateOfferResponse,
  zCreateOrganisationRequest,
  zCreateOrganisationResponse,
  zListCredentialsQuery,
  zListCredentialsResponse,
  zOfferStatus,
} from './schemas.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const slug = z.object({ slug: z.string() });

/**
 * The issuer's OpenAPI 3.1 document, from the same zod schemas the routes parse with.
 * @example const doc = issuerOpenApi('http://localhost:3001');
 */
export function issuerOpenApi(baseUrl: string): object {
  const r = new OpenAPIRegistry();
  const bearer = [{ bearer: [] }];
  r.registerPath({
    method: 'post',
    path: '/v1/admin/organisations',
    summary: 'Create an organisation with its first signing key and API key (admin)',
    security: bearer,
    request: { body: json(zCreateOrganisationRequest) },
    responses: {
      201: { description: 'Created; the API key is shown once', ...json(zCreateOrganisationResponse) },
      ...problemResponses(400, 401, 404, 409, 413),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/admin/people',
    summary: 'Invite a person of an organisation to the web pages (admin); the invite link is shown once',
    security: bearer,
    request: { body: json(zInvitePersonRequest) },
    responses: {
      201: { description: 'Invited', ...json(zInvitePersonResponse) },
      ...problemResponses(400, 401, 404, 409),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/admin/organisations/{slug}/api-keys',
    summary: 'Issue another API key (admin)',
    security: bearer,
    request: { params: slug, body: json(zCreateApiKeyRequest) },
    responses: {
      201: { description: 'Created; shown once', ...json(zCreateApiKeyResponse) },
      ...problemResponses(401, 404),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/credential-offers',
    summary: 'Offer a credential to one worker (organisation API key)',
    security: bearer,
    request: { body: json(zCreateOfferRequest) },
    responses: {
      201: { description: 'Offer created', ...json(zCreateOfferResponse) },
      ...problemResponses(400, 401, 413),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/credential-offers/{id}',
    summary: "State of one of the organisation's offers",
    security: bearer,
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: 'Offer state', ...json(zOfferStatus) }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/credentials',
    summary: 'Credentials issued by the organisation, newest first',
    security: bearer,
    request: { query: zListCredentialsQuery },
    responses: {
      200: { description: 'A page', ...json(zListCredentialsResponse) },
      ...problemResponses(400, 401),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/orgs/{slug}/offers/{ref}',
    summary: 'Credential offer by reference (OpenID4VCI 1.0 §4.1.3); single use',
    request: { params: slug.extend({ ref: z.string() }) },
    responses: {
      200: { description: 'The offer', ...json(zCredentialOffer) },
      ...problemResponses(404, 410),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/orgs/{slug}/token',
    summary: 'Token endpoint, pre-authorised code grant (OpenID4VCI 1.0 §6)',
    request: {
      params: slug,
      body: { content: { 'application/x-www-form-urlencoded': { schema: zTokenRequest } } },
    },
    responses: {
      200: { description: 'Access token', ...json(zTokenResponse) },
      400: { description: 'OAuth error (invalid_grant, invalid_request, unsupported_grant_type)' },
    },
  });
  r.registerPath({
    method: 'post',
    path: '/orgs/{slug}/nonce',
    summary: 'Nonce endpoint (OpenID4VCI 1.0 §7)',
    request: { params: slug },
    responses: { 200: { description: 'A fresh c_nonce', ...json(zNonceResponse) } },
  });
  r.registerPath({
    method: 'post',
    path: '/orgs/{slug}/credential',
    summary: 'Credential endpoint (OpenID4VCI 1.0 §8); Bearer access token',
    security: bearer,
    request: { params: slug, body: json(zCredentialRequest) },
    responses: {
      200: { description: 'The jwt_vc_json credential', ...json(zCredentialResponse) },
      400: {
        description:
          'invalid_credential_request | unknown_credential_configuration | invalid_proof | invalid_nonce',
      },
      401: { description: 'invalid_token' },
    },
  });
  r.registerPath({
    method: 'get',
    path: '/orgs/{slug}/did.json',
    summary: 'did:web document of the organisation',
    request: { params: slug },
    responses: { 200: { description: 'DID document' }, ...problemResponses(404) },
  });
  r.registerPath({
    method: 'get',
    path: '/orgs/{slug}/status/{listId}',
    summary: 'Bitstring Status List credential (VC-JWT, application/vc+jwt), with ETag',
    request: { params: slug.extend({ listId: z.string() }) },
    responses: {
      200: { description: 'Signed status list' },
      304: { description: 'Not modified' },
      ...problemResponses(404),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/.well-known/openid-credential-issuer/orgs/{slug}',
    summary: 'Credential Issuer Metadata (OpenID4VCI 1.0 §12.2)',
    request: { params: slug },
    responses: { 200: { description: 'Metadata' }, ...problemResponses(404) },
  });
  r.registerPath({
    method: 'get',
    path: '/.well-known/oauth-authorization-server/orgs/{slug}',
    summary: 'Authorization Server Metadata (RFC 8414)',
    request: { params: slug },
    responses: { 200: { description: 'Metadata' }, ...problemResponses(404) },
  });
  registerRegisterPaths(r);
  registerStatusKeyPaths(r);
  registerBatchPaths(r);
  return buildOpenApiDocument(r, { title: 'Skills Passport issuer', version: '0.1.0' }, [{ url: baseUrl }]);
}
