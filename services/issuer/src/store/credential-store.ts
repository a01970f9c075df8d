import { randomInt } from 'node:crypto';
import { type Database, isUniqueViolation, type Prisma } from '@sp/db';
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

/** The current list had no entry left (another issuance took the last one); the transaction is retried. */
class ListFull extends Error {
  constructor() {
    super('status list full');
  }
}

/**
 * Issued credentials and status lists (`issuer_issued_credential`, `issuer_status_list`), and the one
 * transaction that turns an offer into a credential.
 * @example const store = createCredentialStore(db, { listSize: 131_072 });
 */
export function createCredentialStore(db: Database, opts: { listSize?: number } = {}) {
  const prisma = db.prisma;
  const listSize = opts.listSize ?? DEFAULT_LIST_SIZE;

  /** The organisation's current (not full) list of `purpose`, started when there is none. Takes no lock. */
  async function currentList(tx: Prisma.TransactionClient, organisationId: string, purpose: string) {
    const current = await tx.statusList.findFirst({
      where: { organisationId, purpose, full: false },
      orderBy: { createdAt: 'asc' },
      select: { id: true, size: true },
    });
    return (
      current ??
      (await tx.statusList.create({
        data: {
          organisationId,
          purpose,
          size: listSize,
          bits: Buffer.from(createBitstring(listSize)) as unknown as Uint8Array<ArrayBuffer>,
        },
        select: { id: true, size: true },
      }))
    );
  }

  /**
   * Counts one more entry of `list` as handed out, unless it has none left: then the list is marked full and
   * {@link ListFull} restarts the issuing transaction on the next list. This conditional increment locks the
   * list row until commit, so it runs last, after signing: concurrent issuances of one organisation queue on
   * that lock only for the commit, not for the whole transaction.
   */
  async function countEntry(tx: Prisma.TransactionClient, list: { id: string; size: number }) {
    const { count } = await tx.statusList.updateMany({
      where: { id: list.id, allocated: { lt: list.size } },
      data: { allocated: { increment: 1 } },
    });
    if (count === 1) return;
    await prisma.statusList.update({ where: { id: list.id }, data: { full: true } });
    throw new ListFull();
  }

  /**
   * Bitstring Status List v1.0 §5.1 (herd privacy): a random free index, never reused. Revocation entries
   * live in (statusListId, statusListIndex), suspension entries in (suspensionListId, suspensionListIndex).
   */
  async function pickIndex(
    tx: Prisma.TransactionClient,
    list: { id: string; size: number },
    purpose: 'revocation' | 'suspension',
  ): Promise<number> {
    const at = (index: number) =>
      purpose === 'revocation'
        ? { statusListId: list.id, statusListIndex: index }
        : { suspensionListId: list.id, suspensionListIndex: index };
    for (let probe = 0; probe < RANDOM_PROBES; probe++) {
      const candidate = randomInt(list.size);
      const taken = await tx.issuedCredential.findFirst({ where: at(candidate), select: { id: true } });
      if (!taken) return candidate;
    }
    const rows = await tx.issuedCredential.findMany({
      where: purpose === 'revocation' ? { statusListId: list.id } : { suspensionListId: list.id },
      select: { statusListIndex: true, suspensionListIndex: true },
    });
    const taken = new Set(
      rows.map((r) => (purpose === 'revocation' ? r.statusListIndex : r.suspensionListIndex)),
    );
    try {
      return pickFreeIndex((i) => taken.has(i), list.size);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      // Every index is taken (the last ones by issuances that have not counted them yet): a new list is due.
      await prisma.statusList.update({ where: { id: list.id }, data: { full: true } });
      throw new ListFull();
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
      for (let attempt = 1; ; attempt++) {
        try {
          return await prisma.$transaction(
            async (tx) => {
              const claimed = await tx.credentialOffer.updateMany({
                where: { id: input.offerId, state: 'token_issued' },
                data: { state: 'credential_issued' },
              });
              if (claimed.count !== 1) return { ok: false as const };
              const list = await currentList(tx, input.organisationId, 'revocation');
              const statusListIndex = await pickIndex(tx, list, 'revocation');
              const suspension = await currentList(tx, input.organisationId, 'suspension');
              const suspensionListIndex = await pickIndex(tx, suspension, 'suspension');
              // The unique (list, index) constraints turn a race for the same index into a retry below.
              await tx.issuedCredential.create({
                data: {
                  id: input.credentialId,
                  organisationId: input.organisationId,
                  offerId: input.offerId,
                  holderDid: input.holderDid,
                  catalogueCode: input.catalogueCode,
                  statusListId: list.id,
                  statusListIndex,
                  suspensionListId: suspension.id,
                  suspensionListIndex,
                  issuedAt: input.now,
                  validUntil: input.validUntil,
                },
              });
              const slot = {
                statusListId: list.id,
                statusListIndex,
                suspensionListId: suspension.id,
                suspensionListIndex,
              };
              const value = await input.sign(slot);
              await countEntry(tx, list);
              await countEntry(tx, suspension);
              return { ok: true as const, value, slot };
            },
            { timeout: 15_000 },
          );
        } catch (err) {
          // A full list is marked so and never offered again, so the retry moves on to a new list.
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
