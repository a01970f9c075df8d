import { randomUUID } from 'node:crypto';
import { randomToken } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import { sealWebhookSecret } from '../internal/webhook-secret.js';
import type { Account } from '../store/account-store.js';
import type { WebhookStore } from '../store/webhook-store.js';

/** A subscription as the API shows it (never the secret, except once at creation). */
export interface SubscriptionView {
  id: string;
  url: string;
  createdAt: string;
}

/**
 * Subscribes the account to status changes of the credentials it has verified. The URL must be https
 * (plain http only for `DEV_ALLOWED_HOSTS`); the secret (given, or 32 random bytes) is returned once and
 * stored sealed under the KEK. `bad_request` with reason `url_refused` otherwise.
 * @example const { subscription, secret } = await createSubscription(deps, account, { url: 'https://hr.example/hooks' });
 */
export async function createSubscription(
  deps: { webhooks: WebhookStore; kek: Uint8Array; devAllowedHosts: string[] },
  account: Account,
  input: { url: string; secret?: string | undefined },
): Promise<{ subscription: SubscriptionView; secret: string }> {
  const url = new URL(input.url);
  const dev = deps.devAllowedHosts.includes(url.hostname) || deps.devAllowedHosts.includes(url.host);
  if ((url.protocol !== 'https:' && !(url.protocol === 'http:' && dev)) || url.username || url.password) {
    throw new AppError('bad_request', {
      detail: 'A webhook URL must be https, without credentials',
      extra: { reason: 'url_refused' },
    });
  }
  const secret = input.secret ?? `whsec_${randomToken(32)}`;
  const id = randomUUID();
  const row = await deps.webhooks.createSubscription({
    id,
    accountId: account.id,
    url: url.toString(),
    sealedSecret: sealWebhookSecret(secret, deps.kek, id),
  });
  return { subscription: toSubscriptionView(row), secret };
}

/**
 * @example res.json(toSubscriptionView(row));
 */
export function toSubscriptionView(row: { id: string; url: string; createdAt: Date }): SubscriptionView {
  return { id: row.id, url: row.url, createdAt: row.createdAt.toISOString() };
}
