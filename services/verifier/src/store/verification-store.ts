import type { Database } from '@sp/db';

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

const INSERT_VERIFICATION = `
  WITH v AS (
    INSERT INTO verifier_verification
      (id, "accountId", "inputKind", "shareUrl", verified, report, "staffId", "staffName", "createdAt")
    VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7, $8, $9::timestamp)
    RETURNING id, "accountId"
  )
  INSERT INTO verifier_verified_credential
    (id, "accountId", "verificationId", "credentialId", "issuerDid", "statusListCredential", "statusListIndex", purpose)
  SELECT gen_random_uuid(), v."accountId", v.id, e."credentialId", e."issuerDid", e."statusListCredential",
         e."statusListIndex", e.purpose
  FROM v, jsonb_to_recordset($10::jsonb) AS e("credentialId" text, "issuerDid" text,
         "statusListCredential" text, "statusListIndex" int, purpose text)
  ON CONFLICT ("accountId", "statusListCredential", "statusListIndex") DO NOTHING`;

/**
 * Verification reports (table `verifier_verification`), always scoped to the owning account.
 * @example const store = createVerificationStore(db); const row = await store.findOwn(accountId, id);
 */
export function createVerificationStore(db: Database) {
  const prisma = db.prisma;
  return {
    /**
     * Stores a report and the status entries of its verified credentials in ONE statement (one round trip, one
     * commit): this is the hot path of every verification, so it is one raw statement on the driver
     * (`db.query`) rather than two Prisma queries. An entry the account already verified keeps its first row (unique account + list + index).
     * The id and timestamp are chosen by the caller so the report can carry them.
     */
    async insert(row: VerificationRow, credentials: VerifiedCredentialRow[] = []): Promise<void> {
      const entries = JSON.stringify(
        credentials.map((c) => ({
          credentialId: c.credentialId,
          issuerDid: c.issuerDid,
          statusListCredential: c.statusListCredential,
          statusListIndex: c.statusListIndex,
          purpose: c.purpose,
        })),
      );
      // Timestamps travel as ISO strings cast to `timestamp` (UTC wall time, as Prisma stores DateTime).
      await db.query(INSERT_VERIFICATION, [
        row.id,
        row.accountId,
        row.inputKind,
        row.shareUrl,
        row.verified,
        JSON.stringify(row.report),
        row.staffId ?? null,
        row.staffName ?? null,
        row.createdAt.toISOString(),
        entries,
      ]);
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
