import type { Database } from '@sp/db';
import type { WorkerRecord } from './worker-store.js';

/** Sessions (`wallet_session`): only the SHA-256 of each bearer token is stored. */
export interface SessionStore {
  create(s: { workerId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** The worker of an unexpired session, or null. */
  findWorker(tokenHash: string, now: Date): Promise<WorkerRecord | null>;
  /** Deletes the session (no error when it is already gone). */
  delete(tokenHash: string): Promise<void>;
}

/**
 * The session store over Prisma.
 * @example const sessions = createSessionStore(db); await sessions.findWorker(sha256(token), new Date());
 */
export function createSessionStore(db: Database): SessionStore {
  const p = db.prisma;
  return {
    async create(s) {
      await p.walletSession.create({ data: s });
    },
    async findWorker(tokenHash, now) {
      const row = await p.walletSession.findUnique({ where: { tokenHash }, include: { worker: true } });
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      return row.worker;
    },
    async delete(tokenHash) {
      await p.walletSession.deleteMany({ where: { tokenHash } });
    },
  };
}
