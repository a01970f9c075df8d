import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';
import { type SubscriptionView, toSubscriptionView } from './create-subscription.js';

/**
 * The account's webhook subscriptions, oldest first (secrets are never shown again).
 * @example const { items } = await listSubscriptions(webhooks, account);
 */
export async function listSubscriptions(
  webhooks: WebhookStore,
  account: Account,
): Promise<{ items: SubscriptionView[] }> {
  return { items: (await webhooks.listSubscriptions(account.id)).map(toSubscriptionView) };
}
