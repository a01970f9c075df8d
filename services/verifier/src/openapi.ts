import { zInvitePersonRequest, zInvitePersonResponse } from './routes/admin-people.js';
import { buildOpenApiDocument, OpenAPIRegistry, problemResponses } from '@sp/http-kit';
import { zPolicyView, zPutPolicyRequest, zTrainingMatrixQuery } from './routes/employer-schemas.js';
import {
  zCreateAccountRequest,
  zCreateAccountResponse,
  zListVerificationsQuery,
  zTrustedIssuer,
  zTrustedIssuerList,
  zTrustedIssuerRequest,
  zVerificationIdParams,
  zVerificationList,
  zVerificationReport,
  zVerificationRequest,
} from './routes/schemas.js';
import { registerSubscriptionPaths } from './routes/subscriptions.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

/**
 * The verifier's OpenAPI 3.1 document, from the same zod schemas the routes parse with (served at
 * `/openapi.json`).
 * @example createApp({ ..., openapi: () => verifierOpenApi(config.baseUrl) });
 */
export function verifierOpenApi(baseUrl: string): object {
  const registry = new OpenAPIRegistry();
  const security = [{ bearer: [] }];

  registry.registerPath({
    method: 'post',
    path: '/v1/admin/accounts',
    summary: 'Create an employer account and its first API key (admin token)',
    security,
    request: { body: json(zCreateAccountRequest) },
    responses: {
      201: { description: 'Created; the API key is shown once', ...json(zCreateAccountResponse) },
      ...problemResponses(400, 401, 404),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/admin/people',
    summary:
      'Invite a person of an employer account to the web pages (admin token); the invite link is shown once',
    security,
    request: { body: json(zInvitePersonRequest) },
    responses: {
      201: { description: 'Invited', ...json(zInvitePersonResponse) },
      ...problemResponses(400, 401, 404, 409),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/admin/trusted-issuers',
    summary: 'Add (or rename) an issuer DID on the allow-list (admin token)',
    security,
    request: { body: json(zTrustedIssuerRequest) },
    responses: {
      201: { description: 'Listed', ...json(zTrustedIssuer) },
      ...problemResponses(400, 401, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/admin/trusted-issuers',
    summary: 'The issuer allow-list (admin token)',
    security,
    responses: {
      200: { description: 'The allow-list', ...json(zTrustedIssuerList) },
      ...problemResponses(401, 404),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/verifications',
    summary: 'Verify a share link or a VP-JWT and store the report (employer API key)',
    description:
      'A presentation that fails a check is still a stored report (201, verified false). A share link that cannot be fetched is 422 with a `reason` (share_expired, share_withdrawn, share_gone, share_not_found, share_address_refused, share_unreachable, share_invalid_response) and nothing is stored.',
    security,
    request: { body: json(zVerificationRequest) },
    responses: {
      201: { description: 'The stored report', ...json(zVerificationReport) },
      ...problemResponses(400, 401, 413, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/verifications',
    summary: 'The account’s reports, newest first (employer API key)',
    security,
    request: { query: zListVerificationsQuery },
    responses: {
      200: { description: 'One page', ...json(zVerificationList) },
      ...problemResponses(400, 401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/verifications/{id}',
    summary: 'One of the account’s reports (employer API key); others’ are 404',
    security,
    request: { params: zVerificationIdParams },
    responses: {
      200: { description: 'The report', ...json(zVerificationReport) },
      ...problemResponses(401, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/policy',
    summary: 'The account’s employer readiness policy ({} = national defaults) (employer API key)',
    security,
    responses: {
      200: { description: 'The policy', ...json(zPolicyView) },
      ...problemResponses(401, 409),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/policy',
    summary: 'Replace the account’s employer readiness policy (employer API key)',
    description:
      'Refresh-period overrides, extra requirements for the employer’s own services and the due-soon window, applied on top of the national pathway in this account’s readiness reports and training matrix. An unknown code or role category is 400 with `reason: invalid_policy` and `issues`.',
    security,
    request: { body: json(zPutPolicyRequest) },
    responses: {
      200: { description: 'The stored policy', ...json(zPolicyView) },
      ...problemResponses(400, 401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/training-matrix.csv',
    summary: 'Training matrix (CSV): staff × topics with dates and states (employer API key)',
    description:
      'One line per member of staff verified with a `staff` reference, from their newest verification, with readiness recomputed for this role category and setting, under the account’s policy, as of today. Cells are escaped against CSV injection.',
    security,
    request: { query: zTrainingMatrixQuery },
    responses: {
      200: {
        description: 'CSV attachment (RFC 4180, CRLF)',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
      ...problemResponses(400, 401, 409),
    },
  });
  registerSubscriptionPaths(registry);
  return buildOpenApiDocument(registry, { title: 'Skills Passport verifier API', version: '0.1.0' }, [
    { url: baseUrl },
  ]);
}
