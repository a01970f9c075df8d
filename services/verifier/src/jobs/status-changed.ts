import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import {
  enqueue,
  JOBS,
  type Queue,
  type StatusChangedJob,
  webhookDeliverJobId,
  zWebhookDeliverJob,
} from '@sp/queue';
import { createWebhookStore } from '../store/webhook-store.js';

/** `type` of the webhook event a status change becomes. */
export const STATUS_CHANGED_EVENT = 'credential.status.changed';

/**
 * The webhook body of a status change: `id` is the issuer's event id (the receiver's idempotency key).
 * @example const body = statusChangedWebhookBody(job);
 */
export function statusChangedWebhookBody(e: StatusChangedJob): string {
  return JSON.stringify({
    id: e.eventId,
    type: STATUS_CHANGED_EVENT,
    createdAt: e.at,
    data: {
      credentialId: e.credentialId,
      issuerDid: e.issuerDid,
      statusListCredential: e.statusListCredential,
      purpose: e.purpose,
      index: e.index,
      action: e.action,
      at: e.at,
    },
  });
}

/**
 * Processor of `status.changed.v1` (run by services/jobs): finds the subscriptions of every account that
 * verified the credential (by its status list entry), makes one delivery row per subscription (unique per
 * event, so a re-run makes no second row) and enqueues one `webhook.deliver.v1` job per pending row.
 *
 * @example
 * ```ts
 * createWorker(QUEUES.statusChanges, redis, logger, {
 *   [JOBS.statusChanged]: { schema: zStatusChangedJob, run: statusChangedProcessor({ db, logger, webhooks, retry }) },
 * });
 * ```
 */
export function statusChangedProcessor(deps: {
  db: Database;
  logger: Logger;
  /** Producer of the webhooks queue. */
  webhooks: Queue;
  /** Attempts per delivery and the first backoff delay (ms), doubled each retry. */
  retry: { attempts: number; backoffMs: number };
}): (data: StatusChangedJob) => Promise<number> {
  const store = createWebhookStore(deps.db);
  return async (data) => {
    const subscriptions = await store.subscriptionsForEntry(data.statusListCredential, data.index);
    const body = statusChangedWebhookBody(data);
    let enqueued = 0;
    for (const sub of subscriptions) {
      const delivery = await store.upsertDelivery({
        subscriptionId: sub.id,
        eventId: data.eventId,
        eventType: STATUS_CHANGED_EVENT,
        body,
      });
      if (delivery.state !== 'pending') continue;
      await enqueue(
        deps.webhooks,
        JOBS.webhookDeliver,
        zWebhookDeliverJob,
        { deliveryId: delivery.id },
        webhookDeliverJobId(delivery.id),
        deps.retry,
      );
      enqueued++;
    }
    deps.logger.info({ eventId: data.eventId, deliveries: enqueued }, 'status change fanned out to webhooks');
    return enqueued;
  };
}
