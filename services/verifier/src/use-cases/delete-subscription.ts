import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';

/**
 * Deletes one of the account's subscriptions with its delivery records; `not_found` for a missing id and
 * for another account's (same answer).
 * @example await deleteSubscription(webhooks, account, id);
 */
export async function deleteSubscription(
  webhooks: WebhookStore,
  account: Account,
  id: string,
): Promise<void> {
  if (!(await webhooks.deleteSubscription(account.id, id))) {
    throw new AppError('not_found', { detail: 'No such subscription' });
  }
}
