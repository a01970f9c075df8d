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
  /** Care Workforce Pathway role category and care setting the worker chose (readiness self-view). */
  roleCategory?: string | null;
  setting?: string | null;
  createdAt: Date;
}

/** Worker accounts (`wallet_worker`). */
export interface WorkerStore {
  /** Inserts a worker; null when the email (or DID) is taken, so a lost race reads as "exists". */
  create(w: Omit<WorkerRecord, 'createdAt'>): Promise<WorkerRecord | null>;
  findByEmail(email: string): Promise<WorkerRecord | null>;
  findById(id: string): Promise<WorkerRecord | null>;
  /** Sets the given profile fields (`null` clears one); returns the updated worker. */
  updateProfile(
    id: string,
    profile: { roleCategory?: string | null; setting?: string | null },
  ): Promise<WorkerRecord>;
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
    updateProfile: (id, profile) => p.worker.update({ where: { id }, data: profile }),
  };
}
