import type { JWK } from '@sp/crypto';
import { type Database, isUniqueViolation } from '@sp/db';

/** A signing key's public facts (no envelope): what the keys API shows. */
export interface SigningKeyView {
  id: string;
  kid: string;
  alg: string;
  status: 'active' | 'retired';
  createdAt: Date;
  retiredAt: Date | null;
  compromisedFrom: Date | null;
}

const VIEW = {
  id: true,
  kid: true,
  alg: true,
  status: true,
  createdAt: true,
  retiredAt: true,
  compromisedFrom: true,
} as const;

/**
 * Key rotation, compromise and re-wrapping (table `issuer_signing_key`). Reading keys for signing and for
 * the DID document stays in the organisation store.
 * @example const keys = createSigningKeyStore(db); await keys.rotate(orgId, newKey, new Date());
 */
export function createSigningKeyStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** The organisation's keys, oldest first, with their compromise dates. */
    async list(organisationId: string): Promise<SigningKeyView[]> {
      return prisma.signingKey.findMany({
        where: { organisationId },
        orderBy: { createdAt: 'asc' },
        select: VIEW,
      });
    },

    /**
     * In one transaction: retires every active key and adds `key` as the only active one, named
     * `key-<n+1>` after the organisation's key count. Returns null when a concurrent rotation took the name.
     */
    async rotate(
      organisationId: string,
      key: { id: string; alg: string; publicJwk: JWK; sealedPrivateKey: string },
      at: Date,
    ): Promise<{ retired: string[]; added: SigningKeyView } | null> {
      try {
        return await prisma.$transaction(async (tx) => {
          const keys = await tx.signingKey.findMany({
            where: { organisationId },
            select: { kid: true, status: true },
          });
          await tx.signingKey.updateMany({
            where: { organisationId, status: 'active' },
            data: { status: 'retired', retiredAt: at },
          });
          const added = await tx.signingKey.create({
            data: {
              id: key.id,
              organisationId,
              kid: `key-${keys.length + 1}`,
              alg: key.alg,
              publicJwk: key.publicJwk as object,
              sealedPrivateKey: key.sealedPrivateKey,
              createdAt: at,
            },
            select: VIEW,
          });
          return { retired: keys.filter((k) => k.status === 'active').map((k) => k.kid), added };
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    /**
     * Marks the key compromised from `from` and retires it. An earlier date already recorded wins (a
     * declaration can widen the cut-off, never narrow it). Null when the organisation has no such key.
     */
    async markCompromised(
      organisationId: string,
      kid: string,
      from: Date,
      at: Date,
    ): Promise<SigningKeyView | null> {
      return prisma.$transaction(async (tx) => {
        const row = await tx.signingKey.findFirst({ where: { organisationId, kid }, select: VIEW });
        if (!row) return null;
        const compromisedFrom =
          row.compromisedFrom && row.compromisedFrom < from ? row.compromisedFrom : from;
        return tx.signingKey.update({
          where: { id: row.id },
          data: { compromisedFrom, status: 'retired', retiredAt: row.retiredAt ?? at },
          select: VIEW,
        });
      });
    },

    /** Every stored envelope, a page at a time by id (for re-wrapping under a new key-encryption key). */
    async sealedPage(
      after: string | null,
      take: number,
    ): Promise<{ id: string; sealedPrivateKey: string }[]> {
      return prisma.signingKey.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: 'asc' },
        take,
        select: { id: true, sealedPrivateKey: true },
      });
    },

    /** Replaces one envelope, only if it is still the one that was read (a concurrent re-wrap wins). */
    async replaceSealed(id: string, previous: string, sealed: string): Promise<boolean> {
      const { count } = await prisma.signingKey.updateMany({
        where: { id, sealedPrivateKey: previous },
        data: { sealedPrivateKey: sealed },
      });
      return count === 1;
    },
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;
