import type { JWK } from '@sp/crypto';
import { type Database, isUniqueViolation } from '@sp/db';

/** One authorisation row: a catalogue item or a framework, from `validFrom` until `validUntil`. */
export interface RegisterAuthorisationRecord {
  id: string;
  catalogueCode: string | null;
  framework: string | null;
  validFrom: Date;
  validUntil: Date | null;
}

/** One recognised issuer with its authorisations. */
export interface RegisterEntryRecord {
  id: string;
  did: string;
  name: string;
  status: 'active' | 'suspended';
  suspendedAt: Date | null;
  suspendReason: string | null;
  createdAt: Date;
  authorisations: RegisterAuthorisationRecord[];
}

/** The scheme's signing key row (`kid`: the full DID URL, so each scheme DID has its own keys); `sealedPrivateKey` is the AES-256-GCM envelope (AAD = row id), never logged. */
export interface SchemeKeyRecord {
  id: string;
  kid: string;
  alg: string;
  publicJwk: JWK;
  sealedPrivateKey: string;
  status: 'active' | 'retired';
}

export type NewAuthorisation = Omit<RegisterAuthorisationRecord, 'id'>;

const withAuthorisations = {
  authorisations: {
    orderBy: { validFrom: 'asc' },
    select: { id: true, catalogueCode: true, framework: true, validFrom: true, validUntil: true },
  },
} as const;

/**
 * The register of recognised issuers and the scheme's keys (tables `issuer_register_entry`,
 * `issuer_register_authorisation`, `issuer_register_state`, `issuer_scheme_key`). Every change bumps the
 * register's sequence number in the same transaction, so the published version names exactly one content.
 * @example const store = createRegisterStore(db); const { sequence, entries } = await store.snapshot();
 */
export function createRegisterStore(db: Database) {
  const prisma = db.prisma;
  type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];
  const bump = (tx: Tx) =>
    tx.registerState.upsert({
      where: { id: 1 },
      create: { id: 1, sequence: 1 },
      update: { sequence: { increment: 1 } },
    });

  return {
    /** The sequence number and every entry, in one read-only transaction (a consistent version). */
    async snapshot(): Promise<{ sequence: number; entries: RegisterEntryRecord[] }> {
      return prisma.$transaction(async (tx) => {
        const state = await tx.registerState.findUnique({ where: { id: 1 } });
        const entries = await tx.registerEntry.findMany({
          orderBy: { did: 'asc' },
          include: withAuthorisations,
        });
        return { sequence: state?.sequence ?? 0, entries };
      });
    },

    /** The current sequence number (0 before the first change). */
    async sequence(): Promise<number> {
      return (await prisma.registerState.findUnique({ where: { id: 1 } }))?.sequence ?? 0;
    },

    async findEntry(did: string): Promise<RegisterEntryRecord | null> {
      return prisma.registerEntry.findUnique({ where: { did }, include: withAuthorisations });
    },

    /** Adds an issuer with its first authorisations; null when the DID is already in the register. */
    async createEntry(input: {
      did: string;
      name: string;
      authorisations: NewAuthorisation[];
    }): Promise<RegisterEntryRecord | null> {
      try {
        return await prisma.$transaction(async (tx) => {
          const entry = await tx.registerEntry.create({
            data: { did: input.did, name: input.name, authorisations: { create: input.authorisations } },
            include: withAuthorisations,
          });
          await bump(tx);
          return entry;
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    /** Records another authorisation; null when the DID is not in the register. */
    async addAuthorisation(
      did: string,
      input: NewAuthorisation,
    ): Promise<RegisterAuthorisationRecord | null> {
      return prisma.$transaction(async (tx) => {
        const entry = await tx.registerEntry.findUnique({ where: { did }, select: { id: true } });
        if (!entry) return null;
        const row = await tx.registerAuthorisation.create({
          data: { ...input, entryId: entry.id },
          select: withAuthorisations.authorisations.select,
        });
        await bump(tx);
        return row;
      });
    },

    /** Deletes one authorisation of the issuer; false when there is no such pair. */
    async removeAuthorisation(did: string, authorisationId: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.registerAuthorisation.deleteMany({
          where: { id: authorisationId, entry: { did } },
        });
        if (count > 0) await bump(tx);
        return count > 0;
      });
    },

    /** Suspends (with a reason) or reinstates an issuer; null when the DID is not in the register. */
    async setStatus(
      did: string,
      input: { status: 'active' | 'suspended'; reason: string | null; at: Date },
    ): Promise<RegisterEntryRecord | null> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.registerEntry.updateMany({
          where: { did },
          data:
            input.status === 'suspended'
              ? { status: 'suspended', suspendedAt: input.at, suspendReason: input.reason }
              : { status: 'active', suspendedAt: null, suspendReason: null },
        });
        if (count === 0) return null;
        await bump(tx);
        return tx.registerEntry.findUnique({ where: { did }, include: withAuthorisations });
      });
    },

    /** Removes an issuer and its authorisations; false when the DID is not in the register. */
    async removeEntry(did: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.registerEntry.deleteMany({ where: { did } });
        if (count > 0) await bump(tx);
        return count > 0;
      });
    },

    /** The newest active key of this scheme DID (`kid` is its full DID URL), or null before the first. */
    async activeSchemeKey(schemeDid: string): Promise<SchemeKeyRecord | null> {
      const row = await prisma.schemeKey.findFirst({
        where: { status: 'active', kid: { startsWith: `${schemeDid}#` } },
        orderBy: { createdAt: 'desc' },
      });
      return row ? { ...row, publicJwk: row.publicJwk as JWK } : null;
    },

    /** Every key of this scheme DID, oldest first (retired keys stay in the scheme's DID document). */
    /** Every stored scheme-key envelope, a page at a time by id (for re-wrapping under a new key-encryption key). */
    async sealedSchemeKeyPage(
      after: string | null,
      take: number,
    ): Promise<{ id: string; sealedPrivateKey: string }[]> {
      return prisma.schemeKey.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: 'asc' },
        take,
        select: { id: true, sealedPrivateKey: true },
      });
    },

    /** Replaces one scheme-key envelope, only if it is still the one that was read. */
    async replaceSealedSchemeKey(id: string, previous: string, sealed: string): Promise<boolean> {
      const { count } = await prisma.schemeKey.updateMany({
        where: { id, sealedPrivateKey: previous },
        data: { sealedPrivateKey: sealed },
      });
      return count === 1;
    },

    async listSchemeKeys(schemeDid: string): Promise<SchemeKeyRecord[]> {
      const rows = await prisma.schemeKey.findMany({
        where: { kid: { startsWith: `${schemeDid}#` } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({ ...r, publicJwk: r.publicJwk as JWK }));
    },

    /** Stores a scheme key; false when another process stored one with this kid first. */
    async createSchemeKey(input: Omit<SchemeKeyRecord, 'status'>): Promise<boolean> {
      try {
        await prisma.schemeKey.create({ data: { ...input, publicJwk: input.publicJwk as object } });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
  };
}

export type RegisterStore = ReturnType<typeof createRegisterStore>;
