import type { SealedKeySource } from '@sp/crypto';
import type { Database } from '@sp/db';

/**
 * Webhook subscriptions' sealed secrets (`verifier_webhook_subscription.sealedSecret`) as a `SealedKeySource`, so a
 * KEK rotation re-wraps them like signing and holder keys (`rewrapSealedKeys` of @sp/crypto).
 * @example await rewrapSealedKeys(createWebhookSecretStore(db), { current, previous });
 */
export function createWebhookSecretStore(db: Database): SealedKeySource {
  const prisma = db.prisma;
  return {
    async page(after, take) {
      const rows = await prisma.webhookSubscription.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: 'asc' },
        take,
        select: { id: true, sealedSecret: true },
      });
      return rows.map((r) => ({ id: r.id, sealedPrivateKey: r.sealedSecret }));
    },
    async replace(id, previous, sealed) {
      const { count } = await prisma.webhookSubscription.updateMany({
        where: { id, sealedSecret: previous },
        data: { sealedSecret: sealed },
      });
      return count === 1;
    },
  };
}
