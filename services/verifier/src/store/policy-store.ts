import type { Database, Prisma } from '@sp/db';

/** An employer's stored readiness policy (`verifier_policy`): the JSON as it was accepted, and when. */
export interface PolicyRow {
  policy: unknown;
  updatedAt: Date;
}

/**
 * Employer readiness policies (table `verifier_policy`), one per account, always read by the owner's id.
 * @example const policies = createPolicyStore(db); await policies.put(account.id, policy, new Date());
 */
export function createPolicyStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** The account's policy, or null when it never stored one. */
    async get(accountId: string): Promise<PolicyRow | null> {
      return prisma.verifierPolicy.findUnique({
        where: { accountId },
        select: { policy: true, updatedAt: true },
      });
    },

    /** Replaces the account's policy (one upsert; the last writer wins). */
    async put(accountId: string, policy: unknown, updatedAt: Date): Promise<void> {
      const json = policy as Prisma.InputJsonValue;
      await prisma.verifierPolicy.upsert({
        where: { accountId },
        create: { accountId, policy: json, updatedAt },
        update: { policy: json, updatedAt },
        select: { accountId: true },
      });
    },
  };
}

export type PolicyStore = ReturnType<typeof createPolicyStore>;
