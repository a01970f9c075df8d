import { createGroupCommit, type Database, type GroupCommitOptions } from '@sp/db';

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

/** A report to store: as {@link VerificationRow}, with the report already serialised (the API answers that text). */
export type NewVerificationRow = Omit<VerificationRow, 'report'> & { reportJson: string };

/**
 * One status entry of a credential an account verified (table `verifier_verified_credential`), so a status
 * change can find the accounts to tell.
 */
export interface VerifiedCredentialRow {
  accountId: string;
  verificationId: string;
  credentialId: string;
  issuerDid: string;
  statusListCredential: string;
  statusListIndex: number;
  purpose: string;
}

// Many reports and their status entries in ONE statement (group commit): $1 is a JSON array of reports, $2 a JSON
// array of entries naming their report. The join on `v` makes the entries follow their reports.
const INSERT_VERIFICATIONS = `
  WITH v AS (
    INSERT INTO verifier_verification
      (id, "accountId", "inputKind", "shareUrl", verified, report, "staffId", "staffName", "createdAt")
    SELECT r.id, r."accountId", r."inputKind", r."shareUrl", r.verified, r.report, r."staffId", r."staffName",
           r."createdAt"
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "accountId" uuid, "inputKind" text, "shareUrl" text,
           verified boolean, report jsonb, "staffId" text, "staffName" text, "createdAt" timestamp)
    RETURNING id
  )
  INSERT INTO verifier_verified_credential
    (id, "accountId", "verificationId", "credentialId", "issuerDid", "statusListCredential", "statusListIndex", purpose)
  SELECT gen_random_uuid(), e."accountId", e."verificationId", e."credentialId", e."issuerDid",
         e."statusListCredential", e."statusListIndex", e.purpose
  FROM jsonb_to_recordset($2::jsonb) AS e("accountId" uuid, "verificationId" uuid, "credentialId" text,
         "issuerDid" text, "statusListCredential" text, "statusListIndex" int, purpose text)
  JOIN v ON v.id = e."verificationId"
  ON CONFLICT ("accountId", "statusListCredential", "statusListIndex") DO NOTHING`;

interface PendingInsert {
  row: NewVerificationRow;
  credentials: VerifiedCredentialRow[];
}

/**
 * Verification reports (table `verifier_verification`), always scoped to the owning account.
 * @example const store = createVerificationStore(db); const row = await store.findOwn(accountId, id);
 */
export function createVerificationStore(db: Database, opts: GroupCommitOptions = {}) {
  const prisma = db.prisma;
  const addToNextCommit = createGroupCommit<PendingInsert>(async (batch) => {
    // Timestamps travel as ISO strings cast to `timestamp` (UTC wall time, as Prisma stores DateTime). The
    // report's JSON text goes in as it is (not parsed and serialised again): it is most of the bytes.
    const reports = batch.map(({ row }) => {
      const fields = JSON.stringify({
        id: row.id,
        accountId: row.accountId,
        inputKind: row.inputKind,
        shareUrl: row.shareUrl,
        verified: row.verified,
        staffId: row.staffId ?? null,
        staffName: row.staffName ?? null,
        createdAt: row.createdAt.toISOString(),
      });
      return `${fields.slice(0, -1)},"report":${row.reportJson}}`;
    });
    // The rows already have the recordset's columns as their members (any others are ignored by the SQL).
    const entries = batch.flatMap(({ credentials }) => credentials);
    await db.query(INSERT_VERIFICATIONS, [`[${reports.join(',')}]`, JSON.stringify(entries)]);
  }, opts);
  return {
    /**
     * Stores a report and the status entries of its verified credentials; resolves once they are committed.
     * This is the hot path of every verification, so it is one raw statement on the driver (`db.query`), shared
     * by every report that arrives while earlier ones are being written (group commit, `createGroupCommit`): one
     * round trip and one commit for many. An entry the account already verified keeps its first row (unique
     * account + list + index). The id and timestamp are chosen by the caller so the report can carry them.
     */
    async insert(row: NewVerificationRow, credentials: VerifiedCredentialRow[] = []): Promise<void> {
      await addToNextCommit({ row, credentials });
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
