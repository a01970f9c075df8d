import { type Database, isUniqueViolation } from '@sp/db';

export interface NotificationRecord {
  id: string;
  dedupeKey: string;
  email: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The notification outbox (`wallet_notification_outbox`), keyed by email so offers wait for new workers. */
export interface NotificationStore {
  /** Inserts once per `dedupeKey`; delivering the same event again changes nothing. */
  upsert(n: Omit<NotificationRecord, 'id' | 'createdAt' | 'readAt'>): Promise<void>;
  listByEmail(email: string, limit?: number): Promise<NotificationRecord[]>;
}

/**
 * The notification store over Prisma.
 * @example await createNotificationStore(db).listByEmail('laura@example.org');
 */
export function createNotificationStore(db: Database): NotificationStore {
  const p = db.prisma;
  return {
    async upsert(n) {
      try {
        await p.walletNotification.upsert({ where: { dedupeKey: n.dedupeKey }, create: n, update: {} });
      } catch (err) {
        // Two deliveries racing: Prisma's upsert is select-then-insert, so the loser sees P2002. Same outcome.
        if (!isUniqueViolation(err)) throw err;
      }
    },
    listByEmail: (email, limit = 100) =>
      p.walletNotification.findMany({
        where: { email },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      }),
  };
}
