import { randomInt } from 'node:crypto';
import { type Database, isUniqueViolation } from '@sp/db';
import { createBitstring, DEFAULT_LIST_SIZE, pickFreeIndex } from '@sp/status-list';

/** A status list row. `bits` is the raw bitstring (bit i = entry i, most significant bit first). */
export interface StatusListRecord {
  id: string;
  organisationId: string;
  purpose: string;
  size: number;
  bits: Uint8Array;
  version: number;
  updatedAt: Date;
}

/** An issued credential as listed to its issuer. */
export interface IssuedCredentialRecord {
  id: string;
  offerId: string | null;
  holderDid: string;
  catalogueCode: string;
  statusListId: string;
  statusListIndex: number;
  issuedAt: Date;
  validUntil: Date | null;
  /** `active`, `suspended` or `revoked` (see the status store). */
  state: 'active' | 'suspended' | 'revoked';
}

/** Where a new credential's status lives: an entry in a revocation list and one in a suspension list. */
export interface StatusSlot {
  statusListId: string;
  statusListIndex: number;
  suspensionListId: string;
  suspensionListIndex: number;
}

/** Random probes before falling back to reading every taken index of a nearly full list. */
const RANDOM_PROBES = 16;
/** Whole-transaction retries when two issuances drew the same index at once (unique violation). */
const ISSUE_ATTEMPTS = 4;

/** The current list had no entry left (another issuance took the last one); the issuance is retried. */
class ListFull extends Error {
  constructor(readonly purpose?: Purpose) {
    super('status list full');
  }
}

type Purpose = 'revocation' | 'suspension';

/** Where each purpose's entry of a credential lives (constant column names, never from input). */
const COLUMNS: Record<Purpose, [string, string]> = {
  revocation: ['"statusListId"', '"statusListIndex"'],
  suspension: ['"suspensionListId"', '"suspensionListIndex"'],
};

/**
 * The issuing statement: claims the offer (token_issued → credential_issued), counts one entry against each
 * list unless it is full (the conditional increments lock both list rows, always revocation first, until the
 * commit right after), and records the credential — all or, through the caller's rollback, nothing.
 */
const ISSUE = `
  WITH claim AS (
    UPDATE issuer_credential_offer SET state = 'credential_issued'
     WHERE id = $1::uuid AND state = 'token_issued' RETURNING id
  ), rev AS (
    UPDATE issuer_status_list SET allocated = allocated + 1
     WHERE id = $2::uuid AND allocated < size AND EXISTS (SELECT 1 FROM claim) RETURNING id
  ), sus AS (
    UPDATE issuer_status_list SET allocated = allocated + 1
     WHERE id = $3::uuid AND allocated < size AND EXISTS (SELECT 1 FROM claim) RETURNING id
  ), ins AS (
    INSERT INTO issuer_issued_credential
      (id, "organisationId", "offerId", "holderDid", "catalogueCode", "statusListId", "statusListIndex",
       "suspensionListId", "suspensionListIndex", "issuedAt", "validUntil")
    SELECT $4, $5::uuid, claim.id, $6, $7, rev.id, $8, sus.id, $9, $10::timestamp, $11::timestamp
      FROM claim, rev, sus
    RETURNING id
  )
  SELECT (SELECT count(*)::int FROM claim) AS claimed, (SELECT count(*)::int FROM rev) AS rev,
         (SELECT count(*)::int FROM sus) AS sus, (SELECT count(*)::int FROM ins) AS inserted`;

/**
 * Issued credentials and status lists (`issuer_issued_credential`, `issuer_status_list`), and the one
 * transaction that turns an offer into a credential.
 * @example const store = createCredentialStore(db, { listSize: 131_072 });
 */
export function createCredentialStore(db: Database, opts: { listSize?: number } = {}) {
  const prisma = db.prisma;
  const listSize = opts.listSize ?? DEFAULT_LIST_SIZE;

  // The current list of each organisation and purpose, remembered between issuances: a hint only — a list
  // that filled up meanwhile is found out by the counted INSERT below, marked full and forgotten.
  const listHint = new Map<string, { id: string; size: number }>();

  /** The organisation's current (not full) list of `purpose`, started when there is none. Takes no lock. */
  async function currentList(organisationId: string, purpose: Purpose) {
    const key = `${organisationId}/${purpose}`;
    const hit = listHint.get(key);
    if (hit) return hit;
    const current = await prisma.statusList.findFirst({
      where: { organisationId, purpose, full: false },
      orderBy: { createdAt: 'asc' },
      select: { id: true, size: true },
    });
    const list =
      current ??
      (await prisma.statusList.create({
        data: {
          organisationId,
          purpose,
          size: listSize,
          bits: Buffer.from(createBitstring(listSize)) as unknown as Uint8Array<ArrayBuffer>,
        },
        select: { id: true, size: true },
      }));
    listHint.set(key, list);
    if (listHint.size > 10_000) listHint.delete(listHint.keys().next().value as string);
    return list;
  }

  async function markFull(organisationId: string, purpose: Purpose, listId: string) {
    listHint.delete(`${organisationId}/${purpose}`);
    await prisma.statusList.update({ where: { id: listId }, data: { full: true } });
  }

  /**
   * Bitstring Status List v1.0 §5.1 (herd privacy): a random free index, never reused — `RANDOM_PROBES` random
   * candidates checked in one query, else (a nearly full list) every taken index read. Null when none is free.
   * Revocation entries live in (statusListId, statusListIndex), suspension entries in (suspensionListId,
   * suspensionListIndex). The unique constraints on those pairs settle a race for the same index.
   */
  async function pickIndex(list: { id: string; size: number }, purpose: Purpose): Promise<number | null> {
    const [listColumn, indexColumn] = COLUMNS[purpose];
    const candidates = Array.from({ length: RANDOM_PROBES }, () => randomInt(list.size));
    const [free] = await db.query<{ i: number }>(
      `SELECT c.i FROM unnest($2::int[]) WITH ORDINALITY AS c(i, n)
        WHERE NOT EXISTS (SELECT 1 FROM issuer_issued_credential WHERE ${listColumn} = $1::uuid AND ${indexColumn} = c.i)
        ORDER BY c.n LIMIT 1`,
      [list.id, candidates],
    );
    if (free) return free.i;
    const rows = await db.query<{ i: number }>(
      `SELECT ${indexColumn} AS i FROM issuer_issued_credential WHERE ${listColumn} = $1::uuid`,
      [list.id],
    );
    const taken = new Set(rows.map((r) => r.i));
    try {
      return pickFreeIndex((i) => taken.has(i), list.size);
    } catch (err) {
      if (err instanceof RangeError) return null;
      throw err;
    }
  }

  return {
    /**
     * In one transaction: moves the offer from token_issued to credential_issued (false when another request
     * already did — the access token then mints nothing), reserves a random status entry, records the
     * credential, and runs `sign` with the slot. If `sign` throws, nothing is kept.
     */
    async issueForOffer<T>(input: {
      offerId: string;
      organisationId: string;
      credentialId: string;
      holderDid: string;
      catalogueCode: string;
      validUntil: Date | null;
      now: Date;
      sign: (slot: StatusSlot) => Promise<T>;
    }): Promise<{ ok: true; value: T; slot: StatusSlot } | { ok: false }> {
      const org = input.organisationId;
      for (let attempt = 1; ; attempt++) {
        const list = await currentList(org, 'revocation');
        const suspension = await currentList(org, 'suspension');
        const statusListIndex = await pickIndex(list, 'revocation');
        const suspensionListIndex = await pickIndex(suspension, 'suspension');
        if (statusListIndex === null || suspensionListIndex === null) {
          // Every index of a list is taken (the last ones by issuances not yet counted): start the next list.
          if (statusListIndex === null) await markFull(org, 'revocation', list.id);
          if (suspensionListIndex === null) await markFull(org, 'suspension', suspension.id);
          if (attempt < ISSUE_ATTEMPTS) continue;
          throw new ListFull();
        }
        const slot = {
          statusListId: list.id,
          statusListIndex,
          suspensionListId: suspension.id,
          suspensionListIndex,
        };
        // Signed before anything is written: a signing failure keeps nothing, and the signed credential is only
        // handed out once the statement below has committed it.
        const value = await input.sign(slot);
        try {
          const outcome = await db.transaction(async (q) => {
            const [r] = await q<{ claimed: number; rev: number; sus: number; inserted: number }>(ISSUE, [
              input.offerId,
              list.id,
              suspension.id,
              input.credentialId,
              org,
              input.holderDid,
              input.catalogueCode,
              statusListIndex,
              suspensionListIndex,
              input.now.toISOString(),
              input.validUntil?.toISOString() ?? null,
            ]);
            if (!r || r.claimed === 0) return 'taken' as const;
            if (r.inserted === 1) return 'issued' as const;
            // Claimed, but a list had no entry left: undo the claim (rollback) and go on to a new list.
            throw new ListFull(r.rev === 0 ? 'revocation' : 'suspension');
          });
          if (outcome === 'taken') return { ok: false };
          return { ok: true, value, slot };
        } catch (err) {
          if (err instanceof ListFull && err.purpose) {
            await markFull(org, err.purpose, err.purpose === 'revocation' ? list.id : suspension.id);
          }
          // A race for the same index, or a list that filled: pick again (and sign again) on what is current.
          if ((isUniqueViolation(err) || err instanceof ListFull) && attempt < ISSUE_ATTEMPTS) continue;
          throw err;
        }
      }
    },

    async findStatusList(organisationId: string, id: string): Promise<StatusListRecord | null> {
      const row = await prisma.statusList.findFirst({
        where: { id, organisationId },
        select: {
          id: true,
          organisationId: true,
          purpose: true,
          size: true,
          bits: true,
          version: true,
          updatedAt: true,
        },
      });
      return row ? { ...row, bits: new Uint8Array(row.bits) } : null;
    },

    /** This organisation's credentials, newest first; `cursor` is the last id of the previous page. */
    async listIssued(
      organisationId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<{ items: IssuedCredentialRecord[]; nextCursor: string | null }> {
      const rows = await prisma.issuedCredential.findMany({
        where: { organisationId },
        orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
        take: page.limit + 1,
        ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
        select: {
          id: true,
          offerId: true,
          holderDid: true,
          catalogueCode: true,
          statusListId: true,
          statusListIndex: true,
          issuedAt: true,
          validUntil: true,
          state: true,
          organisationId: true,
        },
      });
      const items = rows.slice(0, page.limit).map(({ organisationId: _o, ...r }) => r);
      return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    },

    /** True when the credential id belongs to this organisation (cursor validation). */
    async ownsCredential(organisationId: string, id: string): Promise<boolean> {
      return (await prisma.issuedCredential.count({ where: { id, organisationId } })) > 0;
    },
  };
}

export type CredentialStore = ReturnType<typeof createCredentialStore>;
