import type { Database } from '@sp/db';

/** One status entry of a credential an account verified. */
export interface VerifiedCredentialRow {
  accountId: string;
  verificationId: string;
  credentialId: string;
  issuerDid: string;
  statusListCredential: string;
  statusListIndex: number;
  purpose: string;
}

/**
 * Which accounts verified which credentials (table `verifier_verified_credential`), by status list entry,
 * so a status change can find the accounts to tell.
 * @example const store = createVerifiedCredentialStore(db); await store.record(rows);
 */
export function createVerifiedCredentialStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** Records entries; an entry the account already verified keeps its first row. */
    async record(rows: VerifiedCredentialRow[]): Promise<void> {
      if (rows.length === 0) return;
      await prisma.verifiedCredential.createMany({ data: rows, skipDuplicates: true });
    },
  };
}

export type VerifiedCredentialStore = ReturnType<typeof createVerifiedCredentialStore>;
