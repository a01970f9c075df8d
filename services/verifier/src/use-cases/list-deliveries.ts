import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';

/** One delivery as the API shows it: `dead` is the dead-letter record after the last attempt. */
export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
  payload: unknown;
}

/**
 * The deliveries of one of the account's subscriptions, newest first; `not_found` when the subscription is
 * missing or another account's.
 * @example const { items } = await listDeliveries(webhooks, account, subscriptionId, 50);
 */
export async function listDeliveries(
  webhooks: WebhookStore,
  account: Account,
  subscriptionId: string,
  limit: number,
): Promise<{ items: DeliveryView[] }> {
  if (!(await webhooks.findSubscription(account.id, subscriptionId))) {
    throw new AppError('not_found', { detail: 'No such subscription' });
  }
  const rows = await webhooks.listDeliveries(subscriptionId, limit);
  return {
    items: rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      state: d.state,
      attempts: d.attempts,
      ...(d.lastStatus !== null ? { lastStatus: d.lastStatus } : {}),
      ...(d.lastError !== null ? { lastError: d.lastError } : {}),
      createdAt: d.createdAt.toISOString(),
      ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
      payload: JSON.parse(d.body) as unknown,
    })),
  };
}
