import type { Database } from '@sp/db';

/** An employer account as the use-cases see it. */
export interface Account {
  id: string;
  name: string;
}

/**
 * Employer accounts and their API keys (tables `verifier_account`, `verifier_api_key`). Only hashes of
 * keys are stored.
 * @example const store = createAccountStore(db); const account = await store.findByKeyHash(sha256(key));
 */
export function createAccountStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** Creates an account with its first API key in one transaction. */
    async createWithKey(input: {
      name: string;
      key: { name: string; prefix: string; hash: string };
    }): Promise<Account> {
      const row = await prisma.verifierAccount.create({
        data: { name: input.name, apiKeys: { create: input.key } },
        select: { id: true, name: true },
      });
      return row;
    },

    /** The account owning a non-revoked key with this SHA-256 hash, or null. */
    async findByKeyHash(hash: string): Promise<Account | null> {
      const key = await prisma.verifierApiKey.findUnique({
        where: { hash },
        select: { revokedAt: true, account: { select: { id: true, name: true } } },
      });
      if (!key || key.revokedAt) return null;
      return key.account;
    },

    /** The oldest account with this name (names are not unique; used by demo seeding). */
    async findByName(name: string): Promise<Account | null> {
      return prisma.verifierAccount.findFirst({
        where: { name },
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true },
      });
    },

    /** Adds a key to an account unless a key with this hash exists already. */
    async ensureKey(accountId: string, key: { name: string; prefix: string; hash: string }): Promise<void> {
      await prisma.verifierApiKey.upsert({
        where: { hash: key.hash },
        create: { ...key, accountId },
        update: {},
      });
    },
  };
}

export type AccountStore = ReturnType<typeof createAccountStore>;
