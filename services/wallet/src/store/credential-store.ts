import { type Database, isUniqueViolation, type Prisma } from '@sp/db';

/** A stored credential (`wallet_credential`). `summary` is the decoded summary made when it was accepted. */
export interface CredentialRecord {
  id: string;
  workerId: string;
  credentialId: string;
  format: string;
  jwt: string;
  issuerDid: string;
  issuerName: string | null;
  catalogueCode: string | null;
  name: string;
  summary: unknown;
  issuedAt: Date;
  validUntil: Date | null;
  receivedAt: Date;
}

export type NewCredential = Omit<CredentialRecord, 'id' | 'receivedAt'>;

/** The worker's credentials. Every read is scoped by worker id: another worker's row reads as missing. */
export interface CredentialStore {
  /** Stores once per (worker, credential id); a second call returns the row already there. */
  save(c: NewCredential): Promise<{ record: CredentialRecord; created: boolean }>;
  list(workerId: string): Promise<CredentialRecord[]>;
  get(workerId: string, id: string): Promise<CredentialRecord | null>;
  /** The rows among `ids` that belong to the worker. */
  findMany(workerId: string, ids: string[]): Promise<CredentialRecord[]>;
}

/**
 * The credential store over Prisma.
 * @example const credentials = createCredentialStore(db); await credentials.list(worker.id);
 */
export function createCredentialStore(db: Database): CredentialStore {
  const p = db.prisma;
  const byKey = (workerId: string, credentialId: string) =>
    p.walletCredential.findUnique({ where: { workerId_credentialId: { workerId, credentialId } } });
  return {
    async save(c) {
      const existing = await byKey(c.workerId, c.credentialId);
      if (existing) return { record: existing, created: false };
      try {
        const record = await p.walletCredential.create({
          data: { ...c, summary: c.summary as Prisma.InputJsonValue },
        });
        return { record, created: true };
      } catch (err) {
        // Two accepts racing: the loser reads the winner's row.
        if (!isUniqueViolation(err)) throw err;
        const record = await byKey(c.workerId, c.credentialId);
        if (!record) throw err;
        return { record, created: false };
      }
    },
    list: (workerId) =>
      p.walletCredential.findMany({ where: { workerId }, orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }] }),
    get: (workerId, id) => p.walletCredential.findFirst({ where: { id, workerId } }),
    findMany: (workerId, ids) => p.walletCredential.findMany({ where: { workerId, id: { in: ids } } }),
  };
}
