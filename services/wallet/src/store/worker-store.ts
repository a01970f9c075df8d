import { type Database, isUniqueViolation, type Prisma } from '@sp/db';

/** A worker row as the use-cases need it. */
export interface WorkerRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  did: string;
  publicJwk: unknown;
  sealedPrivateKey: string;
  createdAt: Date;
}

/** Worker accounts (`wallet_worker`). */
export interface WorkerStore {
  /** Inserts a worker; null when the email (or DID) is taken, so a lost race reads as "exists". */
  create(w: Omit<WorkerRecord, 'createdAt'>): Promise<WorkerRecord | null>;
  findByEmail(email: string): Promise<WorkerRecord | null>;
  findById(id: string): Promise<WorkerRecord | null>;
}

/**
 * The worker store over Prisma.
 * @example const workers = createWorkerStore(db); await workers.findByEmail('laura@example.org');
 */
export function createWorkerStore(db: Database): WorkerStore {
  const p = db.prisma;
  return {
    async create(w) {
      try {
        return await p.worker.create({
          data: { ...w, publicJwk: w.publicJwk as Prisma.InputJsonValue },
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },
    findByEmail: (email) => p.worker.findUnique({ where: { email } }),
    findById: (id) => p.worker.findUnique({ where: { id } }),
  };
}
