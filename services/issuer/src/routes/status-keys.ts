import { bearerToken, type OpenAPIRegistry, parseInput, problemResponses } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { IssuerContext } from '../context.js';
import { authenticateApiKey, authenticateOrganisation } from '../use-cases/authenticate-organisation.js';
import { changeCredentialStatus } from '../use-cases/change-credential-status.js';
import { declareKeyCompromised } from '../use-cases/declare-key-compromised.js';
import { listSigningKeys } from '../use-cases/list-signing-keys.js';
import { listStatusEvents } from '../use-cases/list-status-events.js';
import { rotateSigningKey } from '../use-cases/rotate-signing-key.js';

/** `POST /v1/credentials/:id/{revoke,suspend,reinstate}` body: why (kept in the audit trail). */
export const zStatusChangeRequest = z.object({ reason: z.string().trim().min(1).max(500) });
export const zCredentialIdParams = z.object({ id: z.string().min(1).max(100) });
export const zStatusEvent = z.object({
  id: z.string(),
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  reason: z.string(),
  at: z.string(),
  by: z.object({ apiKeyId: z.string(), apiKeyPrefix: z.string() }),
  purpose: z.enum(['revocation', 'suspension']),
  statusListIndex: z.number(),
});
const zState = z.enum(['active', 'suspended', 'revoked']);
export const zStatusChangeResponse = z.object({
  credentialId: z.string(),
  state: zState,
  event: zStatusEvent,
});
export const zStatusEventsResponse = z.object({
  credentialId: z.string(),
  state: zState,
  items: z.array(zStatusEvent),
});
/** `POST /v1/keys/rotate` body (optional). */
export const zRotateKeyRequest = z.object({ alg: z.enum(['EdDSA', 'ES256']).optional() }).optional();
export const zKeyView = z.object({
  kid: z.string(),
  alg: z.string(),
  status: z.enum(['active', 'retired']),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  compromisedFrom: z.string().nullable(),
});
export const zRotateKeyResponse = z.object({ active: zKeyView, retired: z.array(z.string()) });
/** `POST /v1/keys/:kid/compromised` body: from when the key must not be trusted (ISO 8601 date or date-time). */
export const zKeyCompromisedRequest = z.object({
  from: z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
});
export const zKeyCompromisedResponse = z.object({ key: zKeyView, active: zKeyView.optional() });
export const zKidParams = z.object({ kid: z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/) });

const ACTIONS = { revoke: 'revoke', suspend: 'suspend', reinstate: 'reinstate' } as const;

/** Organisation API for credential status (revoke, suspend, reinstate, audit trail) and signing keys. */
export function statusKeyRoutes(ctx: IssuerContext): Router {
  const router = Router();

  for (const action of Object.values(ACTIONS)) {
    router.post(`/v1/credentials/:id/${action}`, async (req, res) => {
      const who = await authenticateApiKey(ctx, bearerToken(req));
      const { id } = parseInput(zCredentialIdParams, req.params, 'params');
      const { reason } = parseInput(zStatusChangeRequest, req.body, 'body');
      res.json(await changeCredentialStatus(ctx, who, id, action, reason));
    });
  }

  router.get('/v1/credentials/:id/events', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const { id } = parseInput(zCredentialIdParams, req.params, 'params');
    res.json(await listStatusEvents(ctx, org, id));
  });

  router.get('/v1/keys', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    res.json(await listSigningKeys(ctx, org));
  });

  router.post('/v1/keys/rotate', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const body = parseInput(zRotateKeyRequest, req.body ?? undefined, 'body');
    res.status(201).json(await rotateSigningKey(ctx, org, body?.alg));
  });

  router.post('/v1/keys/:kid/compromised', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const { kid } = parseInput(zKidParams, req.params, 'params');
    const { from } = parseInput(zKeyCompromisedRequest, req.body, 'body');
    const at = /^\d{4}-\d{2}-\d{2}$/.test(from) ? new Date(`${from}T00:00:00Z`) : new Date(from);
    res.json(await declareKeyCompromised(ctx, org, kid, at));
  });

  return router;
}

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/**
 * Adds the status and keys routes to the issuer's OpenAPI registry (same zod schemas the routes parse with).
 * @example registerStatusKeyPaths(registry);
 */
export function registerStatusKeyPaths(r: OpenAPIRegistry): void {
  const bearer = [{ bearer: [] }];
  const summaries = {
    revoke: 'Revoke a credential (final): sets its bit in the revocation list',
    suspend: 'Suspend an active credential: sets its bit in the suspension list',
    reinstate: 'Reinstate a suspended credential: clears its suspension bit',
  };
  for (const action of Object.values(ACTIONS)) {
    r.registerPath({
      method: 'post',
      path: `/v1/credentials/{id}/${action}`,
      summary: `${summaries[action]} (organisation API key)`,
      security: bearer,
      request: { params: zCredentialIdParams, body: json(zStatusChangeRequest) },
      responses: {
        200: { description: 'Changed; the audit event', ...json(zStatusChangeResponse) },
        ...problemResponses(400, 401, 404, 409),
      },
    });
  }
  r.registerPath({
    method: 'get',
    path: '/v1/credentials/{id}/events',
    summary: "A credential's status audit trail, oldest first (organisation API key)",
    security: bearer,
    request: { params: zCredentialIdParams },
    responses: {
      200: { description: 'Audit trail', ...json(zStatusEventsResponse) },
      ...problemResponses(401, 404),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/keys',
    summary: "The organisation's signing keys (organisation API key)",
    security: bearer,
    responses: {
      200: { description: 'Keys, oldest first', ...json(z.object({ keys: z.array(zKeyView) })) },
      ...problemResponses(401),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/keys/rotate',
    summary:
      'Rotate the signing key: a new key signs from now on, old keys stay published (organisation API key)',
    security: bearer,
    request: { body: json(z.object({ alg: z.enum(['EdDSA', 'ES256']).optional() })) },
    responses: {
      201: { description: 'Rotated', ...json(zRotateKeyResponse) },
      ...problemResponses(400, 401, 409),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/keys/{kid}/compromised',
    summary: 'Declare a key compromised from a date; published in the DID document (organisation API key)',
    security: bearer,
    request: { params: zKidParams, body: json(zKeyCompromisedRequest) },
    responses: {
      200: { description: 'Marked', ...json(zKeyCompromisedResponse) },
      ...problemResponses(400, 401, 404),
    },
  });
}
