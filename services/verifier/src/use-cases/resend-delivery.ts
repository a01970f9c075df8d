import { AppError } from '@sp/http-kit';
import { enqueue, JOBS, type Queue, webhookDeliverJobId, withTimeout, zWebhookDeliverJob } from '@sp/queue';
import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';

/** A Redis outage must not hold the request: the enqueue gets this long. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Sends a dead-lettered delivery again (the receiver is back): the row returns to `pending` and a new
 * `webhook.deliver.v1` job takes it, with the webhooks queue's retry policy. The body, and so the event id sent as
 * `Idempotency-Key`, is the one of the first attempts. `not_found` for another account's subscription or a
 * delivery not of it; `conflict` (reason `not_dead`) unless the delivery is dead. If the queue cannot take the
 * job the delivery goes back to dead and the error is a 503, so nothing is left pending without a job.
 * @example await resendDelivery({ webhooks, queue }, account, subscriptionId, deliveryId);
 */
export async function resendDelivery(
  deps: { webhooks: WebhookStore; queue: Queue },
  account: Account,
  subscriptionId: string,
  deliveryId: string,
): Promise<{ id: string; state: 'pending' }> {
  const subscription = await deps.webhooks.findSubscription(account.id, subscriptionId);
  const delivery = subscription ? await deps.webhooks.findDelivery(deliveryId) : null;
  if (!subscription || delivery?.subscriptionId !== subscription.id) {
    throw new AppError('not_found', { detail: 'No such delivery' });
  }
  const revived = await deps.webhooks.reviveDead(delivery.id);
  if (!revived) {
    throw new AppError('conflict', {
      detail: `Only a dead delivery can be sent again; this one is ${delivery.state}`,
      extra: { reason: 'not_dead' },
    });
  }
  try {
    await withTimeout(
      enqueue(
        deps.queue,
        JOBS.webhookDeliver,
        zWebhookDeliverJob,
        { deliveryId: delivery.id },
        webhookDeliverJobId(delivery.id, revived.attempts),
      ),
      ENQUEUE_TIMEOUT_MS,
    );
  } catch (err) {
    await deps.webhooks.recordDead(delivery.id);
    throw new AppError('unavailable', {
      detail: 'The delivery queue is not reachable; try again',
      cause: err,
    });
  }
  return { id: delivery.id, state: 'pending' };
}
