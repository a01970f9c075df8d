import { type Database, isUniqueViolation, type WalletEmailState } from '@sp/db';

/** An outbox email (`wallet_email_outbox`). */
export interface EmailRecord {
  id: string;
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  state: WalletEmailState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deadAt: Date | null;
}

/** The email outbox: one row per event (`dedupeKey`), sent by `email.send.v1` jobs, dead-lettered after the last try. */
export interface EmailStore {
  /** Inserts once per `dedupeKey`; returns the row's id and whether this call created it. */
  add(
    e: Pick<EmailRecord, 'dedupeKey' | 'to' | 'subject' | 'text'>,
  ): Promise<{ id: string; created: boolean }>;
  find(id: string): Promise<EmailRecord | null>;
  /** pending → sent; false when it was not pending (sent already by an earlier attempt). */
  markSent(id: string, now: Date): Promise<boolean>;
  /** Records a failed attempt; `dead` moves the row to `dead` (the last attempt failed). */
  recordFailure(id: string, error: string, dead: boolean, now: Date): Promise<void>;
  /** dead → pending again (an operator retries it); false when it was not dead. */
  revive(id: string): Promise<boolean>;
  /** Pending rows created before `before` (their job may be lost), oldest first. */
  listPending(before: Date, limit: number): Promise<EmailRecord[]>;
  /** Dead rows, newest first, for operators. */
  listDead(limit: number): Promise<EmailRecord[]>;
}

/**
 * The email outbox store over Prisma.
 * @example const emails = createEmailStore(db); await emails.add({ dedupeKey, to, subject, text });
 */
export function createEmailStore(db: Database): EmailStore {
  const p = db.prisma;
  return {
    async add(e) {
      try {
        const row = await p.walletEmail.create({ data: e, select: { id: true } });
        return { id: row.id, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await p.walletEmail.findUniqueOrThrow({
          where: { dedupeKey: e.dedupeKey },
          select: { id: true },
        });
        return { id: row.id, created: false };
      }
    },
    find: (id) => p.walletEmail.findUnique({ where: { id } }),
    async markSent(id, now) {
      const { count } = await p.walletEmail.updateMany({
        where: { id, state: 'pending' },
        data: { state: 'sent', sentAt: now, attempts: { increment: 1 } },
      });
      return count === 1;
    },
    async recordFailure(id, error, dead, now) {
      await p.walletEmail.updateMany({
        where: { id, state: 'pending' },
        data: {
          attempts: { increment: 1 },
          lastError: error.slice(0, 500),
          ...(dead ? { state: 'dead' as const, deadAt: now } : {}),
        },
      });
    },
    async revive(id) {
      const { count } = await p.walletEmail.updateMany({
        where: { id, state: 'dead' },
        data: { state: 'pending', deadAt: null },
      });
      return count === 1;
    },
    listPending: (before, limit) =>
      p.walletEmail.findMany({
        where: { state: 'pending', createdAt: { lt: before } },
        orderBy: { createdAt: 'asc' },
        take: limit,
      }),
    listDead: (limit) =>
      p.walletEmail.findMany({ where: { state: 'dead' }, orderBy: { deadAt: 'desc' }, take: limit }),
  };
}
