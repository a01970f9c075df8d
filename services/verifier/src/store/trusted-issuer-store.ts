import type { Database } from '@sp/db';

/** One entry of the issuer allow-list. */
export interface TrustedIssuerRow {
  did: string;
  name: string;
  addedAt: Date;
}

/**
 * The issuer allow-list (table `verifier_trusted_issuer`). The full issuer register is a later issue; this
 * table is the verifier's stand-in for it.
 * @example const store = createTrustedIssuerStore(db); await store.upsert({ did, name });
 */
export function createTrustedIssuerStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** Adds an issuer, or renames it when `rename` is true (the default) and it is already listed. */
    async upsert(
      input: { did: string; name: string },
      opts: { rename?: boolean } = {},
    ): Promise<TrustedIssuerRow> {
      return prisma.trustedIssuer.upsert({
        where: { did: input.did },
        create: input,
        update: opts.rename === false ? {} : { name: input.name },
      });
    },

    async list(): Promise<TrustedIssuerRow[]> {
      return prisma.trustedIssuer.findMany({ orderBy: { addedAt: 'asc' } });
    },
  };
}

export type TrustedIssuerStore = ReturnType<typeof createTrustedIssuerStore>;
