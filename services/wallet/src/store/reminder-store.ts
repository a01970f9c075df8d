import type { Database } from '@sp/db';
import type { CredentialRecord } from './credential-store.js';

/** A stored credential with the address and name of the worker holding it. */
export type CredentialWithWorker = CredentialRecord & { workerEmail: string; workerName: string };

/** What the refresh-reminder scan reads (`wallet_credential` with `wallet_worker`). */
export interface ReminderStore {
  /** Credentials with a catalogue code or an expiry, by id after `afterId`, `take` at a time. */
  page(afterId: string | null, take: number): Promise<CredentialWithWorker[]>;
}

/**
 * The reminder store over Prisma.
 * @example for (let page = await store.page(null, 500); page.length; page = await store.page(last, 500)) …
 */
export function createReminderStore(db: Database): ReminderStore {
  const p = db.prisma;
  return {
    async page(afterId, take) {
      const rows = await p.walletCredential.findMany({
        where: {
          ...(afterId ? { id: { gt: afterId } } : {}),
          OR: [{ catalogueCode: { not: null } }, { validUntil: { not: null } }],
        },
        include: { worker: { select: { email: true, name: true } } },
        orderBy: { id: 'asc' },
        take,
      });
      return rows.map(({ worker, ...c }) => ({ ...c, workerEmail: worker.email, workerName: worker.name }));
    },
  };
}
