import type { Database } from '@sp/db';
import { FetchError, type SafeFetcher } from '@sp/did';
import type { Logger } from '@sp/http-kit';
import type { Job, WebhookDeliverJob } from '@sp/queue';
import { openWebhookSecret } from '../internal/webhook-secret.js';
import { SIGNATURE_HEADER, signWebhookBody } from '../internal/webhook-signature.js';
import { createWebhookStore } from '../store/webhook-store.js';

/**
 * Processor of `webhook.deliver.v1` (run by services/jobs): POSTs the delivery's stored body (the same
 * bytes every attempt) to the subscription URL through the SSRF-safe fetcher, signed with the subscription's
 * secret (`X-Skills-Passport-Signature: t=…,v1=…`), with `Idempotency-Key` = the event id. A 2xx marks it
 * delivered; anything else records the attempt and throws so BullMQ retries with exponential backoff; after
 * the last attempt the row becomes `dead` (the dead-letter record) and the job ends without throwing.
 * Deliveries already delivered or dead, and those of deleted subscriptions, are skipped.
 *
 * @example
 * ```ts
 * createWorker(QUEUES.webhooks, redis, logger, {
 *   [JOBS.webhookDeliver]: { schema: zWebhookDeliverJob, run: (d, job) => deliver(d, job) },
 * });
 * ```
 */
export function webhookDeliverProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The KEK that sealed the subscription secrets; during a KEK rotation `[current, previous]`. */
  kek: Uint8Array | readonly Uint8Array[];
  fetcher: SafeFetcher;
  now?: () => Date;
}): (
  data: WebhookDeliverJob,
  job: Pick<Job, 'attemptsMade' | 'opts'>,
) => Promise<'delivered' | 'dead' | 'skipped'> {
  const store = createWebhookStore(deps.db);
  const now = deps.now ?? (() => new Date());
  return async (data, job) => {
    const delivery = await store.findDelivery(data.deliveryId);
    if (delivery?.state !== 'pending') return 'skipped';
    const { subscription } = delivery;
    const secret = openWebhookSecret(subscription.sealedSecret, deps.kek, subscription.id);
    const attempt = job.attemptsMade + 1;
    const last = attempt >= (job.opts.attempts ?? 1);
    const log = {
      deliveryId: delivery.id,
      subscriptionId: subscription.id,
      eventId: delivery.eventId,
      attempt,
    };
    try {
      const res = await deps.fetcher.post(subscription.url, delivery.body, {
        contentType: 'application/json',
        headers: {
          [SIGNATURE_HEADER]: signWebhookBody(secret, delivery.body, Math.floor(now().getTime() / 1000)),
          'Idempotency-Key': delivery.eventId,
          'X-Skills-Passport-Event': delivery.eventType,
          'X-Skills-Passport-Delivery': delivery.id,
        },
      });
      await store.recordAttempt(delivery.id, {
        state: 'delivered',
        status: res.status,
        error: null,
        at: now(),
      });
      deps.logger.info(log, 'webhook delivered');
      return 'delivered';
    } catch (err) {
      const code = err instanceof FetchError ? err.code : 'error';
      const status = err instanceof FetchError ? (err.status ?? null) : null;
      await store.recordAttempt(delivery.id, {
        state: last ? 'dead' : 'pending',
        status,
        error: status === null ? code : `${code} ${status}`,
        at: now(),
      });
      if (last) {
        deps.logger.warn({ ...log, code, status }, 'webhook dead-lettered after the last attempt');
        return 'dead';
      }
      throw new Error(`webhook delivery failed (${code}${status === null ? '' : ` ${status}`})`);
    }
  };
}
