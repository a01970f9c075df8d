import type { Database, Prisma } from '@sp/db';

/** A stored verification row as the use-cases see it; `report` is the public report as JSON. */
export interface VerificationRow {
  id: string;
  accountId: string;
  inputKind: string;
  shareUrl: string | null;
  verified: boolean;
  report: unknown;
  /** The employer's reference for the member of staff checked, when given (training matrix). */
  staffId?: string | null;
  staffName?: string | null;
  createdAt: Date;
}

/**
 * Verification reports (table `verifier_verification`), always scoped to the owning account.
 * @example const store = createVerificationStore(db); const row = await store.findOwn(accountId, id);
 */
export function createVerificationStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** One INSERT; the id and timestamp are chosen by the caller so the report can carry them. */
    async insert(row: VerificationRow): Promise<void> {
      await prisma.verification.create({
        data: { ...row, report: row.report as Prisma.InputJsonValue },
        select: { id: true },
      });
    },

    /** The account's own verification, or null for missing and for someone else's alike. */
    async findOwn(accountId: string, id: string): Promise<VerificationRow | null> {
      return prisma.verification.findFirst({ where: { id, accountId } });
    },

    /**
     * The account's verifications, newest first, `limit` at a time. `before` is the keyset position of the
     * last row of the previous page (createdAt, then id, both descending), so pages stay stable while rows
     * are added.
     */
    async listOwn(
      accountId: string,
      opts: { limit: number; before?: { createdAt: Date; id: string } },
    ): Promise<VerificationRow[]> {
      const b = opts.before;
      return prisma.verification.findMany({
        where: {
          accountId,
          ...(b
            ? { OR: [{ createdAt: { lt: b.createdAt } }, { createdAt: b.createdAt, id: { lt: b.id } }] }
            : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: opts.limit,
      });
    },
  };
}

export type VerificationStore = ReturnType<typeof createVerificationStore>;
