import type { JWK } from '@sp/crypto';
import { type Database, isUniqueViolation, type OrganisationKind } from '@sp/db';

/** An organisation as the use-cases see it. */
export interface OrganisationRecord {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  createdAt: Date;
}

/** A signing key row; `sealedPrivateKey` is the AES-256-GCM envelope, never logged. */
export interface SigningKeyRecord {
  id: string;
  organisationId: string;
  kid: string;
  alg: string;
  publicJwk: JWK;
  sealedPrivateKey: string;
  status: 'active' | 'retired';
  createdAt: Date;
  /** Set when the key was declared compromised (published in the DID document). */
  compromisedFrom?: Date | null;
}

/**
 * Organisations, their signing keys and API keys (tables `issuer_organisation`, `issuer_signing_key`,
 * `issuer_api_key`). The only place that touches those tables.
 * @example const store = createOrganisationStore(db); await store.findBySlug('acme');
 */
export function createOrganisationStore(db: Database) {
  const prisma = db.prisma;
  const toKey = (row: {
    id: string;
    organisationId: string;
    kid: string;
    alg: string;
    publicJwk: unknown;
    sealedPrivateKey: string;
    status: 'active' | 'retired';
    createdAt: Date;
  }): SigningKeyRecord => ({ ...row, publicJwk: row.publicJwk as JWK });

  return {
    async findBySlug(slug: string): Promise<OrganisationRecord | null> {
      return prisma.organisation.findUnique({ where: { slug } });
    },

    async findById(id: string): Promise<OrganisationRecord | null> {
      return prisma.organisation.findUnique({ where: { id } });
    },

    /**
     * Creates the organisation with its first signing key in one transaction. The key row id is chosen by the
     * caller because the sealed private key is bound to it (AAD), so the envelope must be made before the insert.
     * Returns null when the slug is taken.
     */
    async createWithKey(input: {
      slug: string;
      name: string;
      kind: OrganisationKind;
      key: { id: string; kid: string; alg: string; publicJwk: JWK; sealedPrivateKey: string };
    }): Promise<OrganisationRecord | null> {
      try {
        return await prisma.organisation.create({
          data: {
            slug: input.slug,
            name: input.name,
            kind: input.kind,
            keys: {
              create: {
                id: input.key.id,
                kid: input.key.kid,
                alg: input.key.alg,
                publicJwk: input.key.publicJwk as object,
                sealedPrivateKey: input.key.sealedPrivateKey,
              },
            },
          },
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    /** Every key of the organisation, oldest first (retired keys stay published in the DID document). */
    async listKeys(organisationId: string): Promise<SigningKeyRecord[]> {
      const rows = await prisma.signingKey.findMany({
        where: { organisationId },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(toKey);
    },

    /** The newest active key, used for signing. */
    async activeKey(organisationId: string): Promise<SigningKeyRecord | null> {
      const row = await prisma.signingKey.findFirst({
        where: { organisationId, status: 'active' },
        orderBy: { createdAt: 'desc' },
      });
      return row ? toKey(row) : null;
    },

    async addApiKey(input: { organisationId: string; name: string; prefix: string; hash: string }) {
      return prisma.issuerApiKey.create({ data: input, select: { id: true, prefix: true, createdAt: true } });
    },

    /** True when a key with this hash is stored (revoked or not). */
    async apiKeyExists(hash: string): Promise<boolean> {
      return (await prisma.issuerApiKey.count({ where: { hash } })) > 0;
    },

    /** A live (not revoked) API key with this SHA-256 hash: its id, public prefix and organisation. */
    async apiKeyOwner(
      hash: string,
    ): Promise<{ apiKey: { id: string; prefix: string }; organisation: OrganisationRecord } | null> {
      const row = await prisma.issuerApiKey.findUnique({
        where: { hash },
        select: { id: true, prefix: true, revokedAt: true, organisation: true },
      });
      if (!row || row.revokedAt) return null;
      return { apiKey: { id: row.id, prefix: row.prefix }, organisation: row.organisation };
    },

    /** The organisation owning a live (not revoked) API key with this SHA-256 hash. */
    async organisationForApiKey(hash: string): Promise<OrganisationRecord | null> {
      const row = await prisma.issuerApiKey.findUnique({
        where: { hash },
        select: { revokedAt: true, organisation: true },
      });
      if (!row || row.revokedAt) return null;
      return row.organisation;
    },
  };
}

export type OrganisationStore = ReturnType<typeof createOrganisationStore>;
