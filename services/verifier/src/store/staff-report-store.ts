import type { Database } from '@sp/db';

/** The newest verification of one member of staff, as the training matrix needs it. */
export interface StaffReportRow {
  staffId: string;
  staffName: string | null;
  /** The stored public report (JSON). */
  report: unknown;
  createdAt: Date;
}

/**
 * Reads of `verifier_verification` by member of staff (the `staffId` an employer gave when verifying),
 * always scoped to the owning account.
 * @example const rows = await createStaffReportStore(db).latestPerStaff(account.id);
 */
export function createStaffReportStore(db: Database) {
  const prisma = db.prisma;
  return {
    /**
     * The newest verification per staff id of the account (ties broken by id), ordered by staff id.
     * PostgreSQL `DISTINCT ON` over the `(accountId, staffId, createdAt)` index: one row per person is
     * read, not every verification ever made.
     */
    async latestPerStaff(accountId: string): Promise<StaffReportRow[]> {
      return prisma.$queryRaw<StaffReportRow[]>`
        SELECT DISTINCT ON ("staffId") "staffId", "staffName", "report", "createdAt"
        FROM "verifier_verification"
        WHERE "accountId" = ${accountId}::uuid AND "staffId" IS NOT NULL
        ORDER BY "staffId", "createdAt" DESC, "id" DESC`;
    },
  };
}

export type StaffReportStore = ReturnType<typeof createStaffReportStore>;
