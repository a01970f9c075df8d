import type { Database } from '@sp/db';

/** A webhook subscription of a verifier account; `sealedSecret` is the AES-256-GCM envelope, never logged. */
export interface SubscriptionRow {
  id: string;
  accountId: string;
  url: string;
  sealedSecret: string;
  createdAt: Date;
}

/** One logical event for one subscription, with its delivery state. */
export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

/**
 * Webhook subscriptions and their deliveries (tables `verifier_webhook_subscription`,
 * `verifier_webhook_delivery`), and the look-up from a status list entry to the subscriptions of the
 * accounts that verified it (`verifier_verified_credential`).
 * @example const store = createWebhookStore(db); await store.createSubscription({ id, accountId, url, sealedSecret });
 */
export function createWebhookStore(db: Database) {
  const prisma = db.prisma;
  return {
    async createSubscription(input: Omit<SubscriptionRow, 'createdAt'>): Promise<SubscriptionRow> {
      return prisma.webhookSubscription.create({ data: input });
    },

    async listSubscriptions(accountId: string): Promise<SubscriptionRow[]> {
      return prisma.webhookSubscription.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
    },

    /** The account's subscription, or null (missing and not yours look the same). */
    async findSubscription(accountId: string, id: string): Promise<SubscriptionRow | null> {
      return prisma.webhookSubscription.findFirst({ where: { id, accountId } });
    },

    /** Deletes the account's subscription and its deliveries; false when it has none with this id. */
    async deleteSubscription(accountId: string, id: string): Promise<boolean> {
      const { count } = await prisma.webhookSubscription.deleteMany({ where: { id, accountId } });
      return count > 0;
    },

    /** Subscriptions of every account that verified the credential with this status list entry. */
    async subscriptionsForEntry(
      statusListCredential: string,
      statusListIndex: number,
    ): Promise<SubscriptionRow[]> {
      return prisma.webhookSubscription.findMany({
        where: {
          account: { verifiedCredentials: { some: { statusListCredential, statusListIndex } } },
        },
      });
    },

    /** Creates the delivery row once per (subscription, event); a repeat returns the existing row. */
    async upsertDelivery(input: {
      subscriptionId: string;
      eventId: string;
      eventType: string;
      body: string;
    }): Promise<DeliveryRow> {
      return prisma.webhookDelivery.upsert({
        where: { subscriptionId_eventId: { subscriptionId: input.subscriptionId, eventId: input.eventId } },
        create: input,
        update: {},
      });
    },

    /** A delivery with its subscription, for the delivery job. */
    async findDelivery(id: string): Promise<(DeliveryRow & { subscription: SubscriptionRow }) | null> {
      return prisma.webhookDelivery.findUnique({ where: { id }, include: { subscription: true } });
    },

    /** Records one attempt's outcome; `state` moves to delivered, stays pending, or becomes dead. */
    async recordAttempt(
      id: string,
      outcome: {
        state: 'pending' | 'delivered' | 'dead';
        status: number | null;
        error: string | null;
        at: Date;
      },
    ): Promise<void> {
      await prisma.webhookDelivery.update({
        where: { id },
        data: {
          state: outcome.state,
          attempts: { increment: 1 },
          lastStatus: outcome.status,
          lastError: outcome.error,
          ...(outcome.state === 'delivered' ? { deliveredAt: outcome.at } : {}),
        },
      });
    },

    /**
     * A dead delivery back to pending, for a re-send; false when it is not dead (any more). Returns the attempts
     * made so far (they keep counting across re-sends), which numbers the re-send's job.
     */
    async reviveDead(id: string): Promise<{ attempts: number } | null> {
      const rows = await db.query<{ attempts: number }>(
        `UPDATE verifier_webhook_delivery SET state = 'pending' WHERE id = $1::uuid AND state = 'dead' RETURNING attempts`,
        [id],
      );
      return rows[0] ?? null;
    },

    /** Back to dead (a re-send that could not be queued). */
    async recordDead(id: string): Promise<void> {
      await prisma.webhookDelivery.updateMany({ where: { id, state: 'pending' }, data: { state: 'dead' } });
    },

    /** The subscription's deliveries, newest first. */
    async listDeliveries(subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
      return prisma.webhookDelivery.findMany({
        where: { subscriptionId },
        orderBy: { createdAt: 'desc' },
        take: limit,
      });
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
