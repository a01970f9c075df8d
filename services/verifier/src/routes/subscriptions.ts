import { AppError, type OpenAPIRegistry, parseInput, problemResponses } from '@sp/http-kit';
import type { Queue } from '@sp/queue';
import { Router } from 'express';
import { z } from 'zod';
import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';
import { createSubscription } from '../use-cases/create-subscription.js';
import { deleteSubscription } from '../use-cases/delete-subscription.js';
import { listDeliveries } from '../use-cases/list-deliveries.js';
import { listSubscriptions } from '../use-cases/list-subscriptions.js';
import { resendDelivery } from '../use-cases/resend-delivery.js';
import { accountOf, requireAccount } from './auth.js';

/** `POST /v1/subscriptions` body. */
export const zCreateSubscriptionRequest = z.object({
  url: z.url().max(2000),
  /** Optional own secret (at least 16 characters); otherwise one is made and shown once. */
  secret: z.string().min(16).max(200).optional(),
});
const zIdParams = z.object({ id: z.uuid() });
const zDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const zDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/**
 * Webhook subscriptions of an employer account: subscribe (secret shown once), list, delete, and read the
 * deliveries (including dead letters). Without a KEK (`KEY_ENCRYPTION_KEY`) the API answers 404.
 * @example app.use(subscriptionRoutes({ webhooks, kek, devAllowedHosts, authenticate }));
 */
export function subscriptionRoutes(deps: {
  webhooks: WebhookStore;
  /** Producer of the webhooks queue (re-sends of dead letters). */
  queue: Queue;
  kek: Uint8Array | undefined;
  devAllowedHosts: string[];
  authenticate: (apiKey: string) => Promise<Account | null>;
}): Router {
  const router = Router();
  router.use('/v1/subscriptions', requireAccount(deps.authenticate), (_req, _res, next) => {
    if (!deps.kek) throw new AppError('not_found', { detail: 'Webhooks are not enabled on this verifier' });
    next();
  });

  router.post('/v1/subscriptions', async (req, res) => {
    const body = parseInput(zCreateSubscriptionRequest, req.body, 'body');
    const created = await createSubscription(
      { webhooks: deps.webhooks, kek: deps.kek as Uint8Array, devAllowedHosts: deps.devAllowedHosts },
      accountOf(res),
      body,
    );
    req.log.info({ subscriptionId: created.subscription.id }, 'webhook subscription created');
    res.status(201).set('Cache-Control', 'no-store').json(created);
  });

  router.get('/v1/subscriptions', async (_req, res) => {
    res.json(await listSubscriptions(deps.webhooks, accountOf(res)));
  });

  router.delete('/v1/subscriptions/:id', async (req, res) => {
    const params = zIdParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { detail: 'No such subscription' });
    await deleteSubscription(deps.webhooks, accountOf(res), params.data.id);
    res.status(204).end();
  });

  router.get('/v1/subscriptions/:id/deliveries', async (req, res) => {
    const params = zIdParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { detail: 'No such subscription' });
    const { limit } = parseInput(zDeliveriesQuery, req.query, 'query');
    res.json(await listDeliveries(deps.webhooks, accountOf(res), params.data.id, limit));
  });

  router.post('/v1/subscriptions/:id/deliveries/:deliveryId/resend', async (req, res) => {
    const params = zDeliveryParams.safeParse(req.params);
    if (!params.success) throw new AppError('not_found', { detail: 'No such delivery' });
    const { id, deliveryId } = params.data;
    const resent = await resendDelivery(deps, accountOf(res), id, deliveryId);
    req.log.info({ subscriptionId: id, deliveryId }, 'dead webhook delivery sent again');
    res.status(202).json(resent);
  });
  return router;
}

/**
 * Adds the subscription paths to the verifier's OpenAPI document.
 * @example registerSubscriptionPaths(registry);
 */
export function registerSubscriptionPaths(r: OpenAPIRegistry): void {
  const bearer = [{ bearer: [] }];
  const id = z.object({ id: z.string() });
  r.registerPath({
    method: 'post',
    path: '/v1/subscriptions',
    summary: 'Subscribe to status changes of credentials this account verified (secret shown once)',
    security: bearer,
    request: { body: { content: { 'application/json': { schema: zCreateSubscriptionRequest } } } },
    responses: { 201: { description: 'Subscribed' }, ...problemResponses(400, 401, 404) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/subscriptions',
    summary: "The account's webhook subscriptions",
    security: bearer,
    responses: { 200: { description: 'Subscriptions' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'delete',
    path: '/v1/subscriptions/{id}',
    summary: 'Delete a subscription',
    security: bearer,
    request: { params: id },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/subscriptions/{id}/deliveries',
    summary: 'Deliveries of a subscription, newest first; state dead = dead letter after the last attempt',
    security: bearer,
    request: { params: id, query: zDeliveriesQuery },
    responses: { 200: { description: 'Deliveries' }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/subscriptions/{id}/deliveries/{deliveryId}/resend',
    summary: 'Send a dead-lettered delivery again (same body and Idempotency-Key), with fresh retries',
    security: bearer,
    request: { params: z.object({ id: z.string(), deliveryId: z.string() }) },
    responses: {
      202: { description: 'Pending again; a new delivery job is queued' },
      ...problemResponses(401, 404, 409, 503),
    },
  });
}
