import type { Database, OfferState } from '@sp/db';

/** What an offer says about the achievement (zod-checked on the way in, stored as JSON). */
export interface OfferAchievement {
  completionDate: string;
  deliveryMode: string;
  assessmentMethod: string;
  assessor?: string | undefined;
  validUntil?: string | undefined;
}

/** A credential offer row as the use-cases see it. */
export interface OfferRecord {
  id: string;
  organisationId: string;
  offerRef: string;
  offerFetchedAt: Date | null;
  preAuthorizedCodeHash: string;
  txCodeHash: string | null;
  accessTokenHash: string | null;
  accessTokenExpiresAt: Date | null;
  state: OfferState;
  workerEmail: string;
  workerName: string;
  catalogueCode: string;
  achievement: OfferAchievement;
  expiresAt: Date;
  createdAt: Date;
}

/** The fields of a new offer. */
export type NewOffer = Pick<
  OfferRecord,
  | 'id'
  | 'organisationId'
  | 'offerRef'
  | 'preAuthorizedCodeHash'
  | 'txCodeHash'
  | 'workerEmail'
  | 'workerName'
  | 'catalogueCode'
  | 'achievement'
  | 'expiresAt'
>;

type Row = Omit<OfferRecord, 'achievement'> & { achievement: unknown };
const toOffer = (row: Row): OfferRecord => ({ ...row, achievement: row.achievement as OfferAchievement });

/**
 * Credential offers and OpenID4VCI nonces (`issuer_credential_offer`, `issuer_nonce`). Every single-use step is
 * a conditional update, so two concurrent requests can never both win.
 * @example const store = createOfferStore(db); await store.claimOfferFetch(orgId, ref, new Date());
 */
export function createOfferStore(db: Database) {
  const prisma = db.prisma;
  let nonceWrites = 0;

  return {
    async create(input: {
      id: string;
      organisationId: string;
      offerRef: string;
      preAuthorizedCodeHash: string;
      txCodeHash: string | null;
      workerEmail: string;
      workerName: string;
      catalogueCode: string;
      achievement: OfferAchievement;
      expiresAt: Date;
    }): Promise<OfferRecord> {
      const row = await prisma.credentialOffer.create({
        data: { ...input, achievement: { ...input.achievement } },
      });
      return toOffer(row);
    },

    /** Inserts the offer unless its id (or reference) exists already; true when this call inserted it. */
    async createOnce(input: NewOffer): Promise<boolean> {
      const { count } = await prisma.credentialOffer.createMany({
        data: [{ ...input, achievement: { ...input.achievement } }],
        skipDuplicates: true,
      });
      return count === 1;
    },

    /**
     * Inserts many offers in one statement, skipping those whose id (or reference) exists already; returns the
     * ids this call inserted. Bulk issuance: one round trip per chunk instead of one per offer.
     */
    async createManyOnce(offers: NewOffer[]): Promise<Set<string>> {
      if (offers.length === 0) return new Set();
      // One JSON parameter read by json_to_recordset: JSON.stringify is native, where the driver would escape
      // ten arrays element by element in JavaScript.
      const json = JSON.stringify(offers.map((o) => ({ ...o, expiresAt: o.expiresAt.toISOString() })));
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO issuer_credential_offer
          (id, "organisationId", "offerRef", "preAuthorizedCodeHash", "txCodeHash", "workerEmail", "workerName",
           "catalogueCode", achievement, "expiresAt")
        SELECT v.id, v."organisationId", v."offerRef", v."preAuthorizedCodeHash", v."txCodeHash", v."workerEmail",
               v."workerName", v."catalogueCode", v.achievement, v."expiresAt"
          FROM json_to_recordset(${json}::json) AS v(
            id uuid, "organisationId" uuid, "offerRef" text, "preAuthorizedCodeHash" text, "txCodeHash" text,
            "workerEmail" text, "workerName" text, "catalogueCode" text, achievement jsonb, "expiresAt" timestamp)
        ON CONFLICT DO NOTHING
        RETURNING id::text AS id`;
      return new Set(rows.map((r) => r.id));
    },

    /** Expiry of each of these offers that belongs to the organisation. */
    async expiries(ids: string[], organisationId: string): Promise<Map<string, Date>> {
      const rows = await prisma.credentialOffer.findMany({
        where: { id: { in: ids }, organisationId },
        select: { id: true, expiresAt: true },
      });
      return new Map(rows.map((r) => [r.id, r.expiresAt]));
    },

    /** The offer if it belongs to this organisation; "missing" and "not yours" are both null. */
    async findForOrganisation(id: string, organisationId: string): Promise<OfferRecord | null> {
      const row = await prisma.credentialOffer.findFirst({ where: { id, organisationId } });
      return row ? toOffer(row) : null;
    },

    /** By the stored reference hash. */
    /** The offer with the id of the credential it produced, if it belongs to this organisation. */
    async findWithCredential(
      id: string,
      organisationId: string,
    ): Promise<(OfferRecord & { credentialId: string | null }) | null> {
      const row = await prisma.credentialOffer.findFirst({
        where: { id, organisationId },
        include: { credential: { select: { id: true } } },
      });
      if (!row) return null;
      const { credential, ...offer } = row;
      return { ...toOffer(offer), credentialId: credential?.id ?? null };
    },

    async findByRef(organisationId: string, offerRef: string): Promise<OfferRecord | null> {
      const row = await prisma.credentialOffer.findFirst({ where: { offerRef, organisationId } });
      return row ? toOffer(row) : null;
    },

    /** Marks the offer document as fetched, once; false when it was fetched already or has expired. */
    async claimOfferFetch(organisationId: string, offerRef: string, now: Date): Promise<boolean> {
      const { count } = await prisma.credentialOffer.updateMany({
        where: { offerRef, organisationId, offerFetchedAt: null, expiresAt: { gt: now } },
        data: { offerFetchedAt: now },
      });
      return count === 1;
    },

    async findByPreAuthorizedCode(organisationId: string, codeHash: string): Promise<OfferRecord | null> {
      const row = await prisma.credentialOffer.findFirst({
        where: { preAuthorizedCodeHash: codeHash, organisationId },
      });
      return row ? toOffer(row) : null;
    },

    /** offered → token_issued, once, while the offer is live; false when another request won or it expired. */
    async issueAccessToken(
      offerId: string,
      now: Date,
      token: { hash: string; expiresAt: Date },
    ): Promise<boolean> {
      const { count } = await prisma.credentialOffer.updateMany({
        where: { id: offerId, state: 'offered', expiresAt: { gt: now } },
        data: { state: 'token_issued', accessTokenHash: token.hash, accessTokenExpiresAt: token.expiresAt },
      });
      return count === 1;
    },

    /**
     * Counts one tx_code try against the offer, unless it already had `limit`: true when this try may go on to
     * compare the code. Counting first (one conditional UPDATE) bounds the guesses even when many arrive at once.
     */
    async takeTxCodeAttempt(offerId: string, limit: number): Promise<boolean> {
      const { count } = await prisma.credentialOffer.updateMany({
        where: { id: offerId, state: 'offered', txCodeAttempts: { lt: limit } },
        data: { txCodeAttempts: { increment: 1 } },
      });
      return count === 1;
    },

    async findByAccessToken(organisationId: string, tokenHash: string): Promise<OfferRecord | null> {
      const row = await prisma.credentialOffer.findFirst({
        where: { accessTokenHash: tokenHash, organisationId },
      });
      return row ? toOffer(row) : null;
    },

    async createNonce(value: string, expiresAt: Date, now: Date): Promise<void> {
      await prisma.issuerNonce.create({ data: { value, expiresAt } });
      // Housekeeping without a scheduler: every 100th nonce sweeps the ones that expired over an hour ago.
      nonceWrites = (nonceWrites + 1) % 100;
      if (nonceWrites === 0) {
        await prisma.issuerNonce.deleteMany({
          where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } },
        });
      }
    },

    /** Uses a nonce up: true only for a known, unused, unexpired nonce (one winner under concurrency). */
    async consumeNonce(value: string, now: Date): Promise<boolean> {
      const { count } = await prisma.issuerNonce.updateMany({
        where: { value, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return count === 1;
    },
  };
}

export type OfferStore = ReturnType<typeof createOfferStore>;
