import type { BatchRowState, BatchState, Database, PrismaClient } from '@sp/db';
import { isUniqueViolation } from '@sp/db';
import { createOfferStore, type OfferStore } from './offer-store.js';

/** A batch as the use-cases see it. */
export interface BatchRecord {
  id: string;
  organisationId: string;
  idempotencyKey: string;
  state: BatchState;
  totalRows: number;
  chunkSize: number;
  chunks: number;
  createdAt: Date;
  acceptedAt: Date | null;
  completedAt: Date | null;
  /** Row counts kept on the batch (see {@link BatchCounts}); false for batches accepted before they were kept. */
  countsKept: boolean;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  doneRows: number;
  failedRows: number;
}

/** A row to insert. */
export interface NewBatchRow {
  id: string;
  line: number;
  chunk: number;
  rowKey: string | null;
  state: 'pending' | 'invalid' | 'duplicate';
  input: Record<string, unknown> | null;
  errors: { column?: string; reason: string; detail?: string }[] | null;
}

/** A row as the chunk job and the result file see it. */
export interface BatchRowRecord {
  id: string;
  line: number;
  chunk: number;
  state: BatchRowState;
  input: unknown;
  errors: unknown;
  offerId: string | null;
}

/** Rows of a batch by state. */
export type BatchCounts = Record<BatchRowState, number>;

const PENDING_ROWS = `
  SELECT r.id::text AS id, r.line, r.chunk, r.state::text AS state, r.input, r.errors, r."offerId"::text AS "offerId"
    FROM issuer_batch_row r JOIN issuer_batch b ON b.id = r."batchId"
   WHERE r."batchId" = $1::uuid AND r.chunk = $2 AND r.state = 'pending' AND b.state = 'accepted'
   ORDER BY r.line`;
const COMPLETE_IF_DONE = `
  UPDATE issuer_batch SET state = 'completed', "completedAt" = $2::timestamp
   WHERE id = $1::uuid AND state = 'accepted'
     AND NOT EXISTS (SELECT 1 FROM issuer_batch_row WHERE "batchId" = $1::uuid AND state = 'pending')
  RETURNING id`;

/**
 * Cohort batches and their rows (`issuer_batch`, `issuer_batch_row`). Row state moves only forward
 * (pending → done | failed) through conditional updates, and a row's offer id is unique.
 * @example const batch = await createBatchStore(db).findByKey(org.id, 'cohort-2026-11');
 */
export function createBatchStore(db: Database) {
  const prisma = db.prisma;

  /**
   * One INSERT … SELECT FROM unnest(…) for many rows (Prisma's createMany costs ~1 s per 1,000 rows with JSON
   * columns; this costs milliseconds). Rows whose key is taken are skipped; returns the ids inserted.
   */
  async function insertMany(
    data: {
      id: string;
      batchId: string;
      organisationId: string;
      line: number;
      chunk: number;
      rowKey: string | null;
      state: string;
      input: object | undefined;
      errors: object | undefined | null;
    }[],
  ): Promise<Set<string>> {
    if (data.length === 0) return new Set();
    // One JSON parameter read by json_to_recordset: JSON.stringify is native, where the driver would escape nine
    // arrays element by element in JavaScript (most of the upload's time in the driver).
    const json = JSON.stringify(
      data.map((d) => ({ ...d, input: d.input ?? null, errors: d.errors ?? null })),
    );
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO issuer_batch_row (id, "batchId", "organisationId", line, chunk, "rowKey", state, input, errors, "updatedAt")
      SELECT v.id, v."batchId", v."organisationId", v.line, v.chunk, v."rowKey", v.state::"BatchRowState", v.input,
             v.errors, now()
        FROM json_to_recordset(${json}::json) AS v(
          id uuid, "batchId" uuid, "organisationId" uuid, line int, chunk int, "rowKey" text, state text,
          input jsonb, errors jsonb)
      ON CONFLICT DO NOTHING
      RETURNING id::text AS id`;
    return new Set(rows.map((r) => r.id));
  }

  return {
    async findByKey(organisationId: string, idempotencyKey: string): Promise<BatchRecord | null> {
      return prisma.issuerBatch.findUnique({
        where: { organisationId_idempotencyKey: { organisationId, idempotencyKey } },
      });
    },

    /** "Missing" and "not yours" are both null. */
    async findForOrganisation(id: string, organisationId: string): Promise<BatchRecord | null> {
      return prisma.issuerBatch.findFirst({ where: { id, organisationId } });
    },

    async findById(id: string): Promise<BatchRecord | null> {
      return prisma.issuerBatch.findUnique({ where: { id } });
    },

    /** A new batch in `receiving`; null when the key is taken already (a concurrent upload with the same key). */
    async create(input: {
      id: string;
      organisationId: string;
      idempotencyKey: string;
      chunkSize: number;
    }): Promise<BatchRecord | null> {
      try {
        return await prisma.issuerBatch.create({ data: input });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    /**
     * Inserts rows in one statement. Rows whose `rowKey` some earlier row of this organisation holds become
     * `duplicate` (and hold no key), so a file uploaded twice issues nothing twice, even when two uploads race.
     * @returns how many rows became duplicates
     */
    async insertRows(batchId: string, organisationId: string, rows: NewBatchRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      const keys = rows.flatMap((r) => (r.rowKey ? [r.rowKey] : []));
      const taken = new Set(
        keys.length === 0
          ? []
          : (
              await prisma.$queryRaw<{ rowKey: string }[]>`
                SELECT "rowKey" FROM issuer_batch_row
                 WHERE "organisationId" = ${organisationId}::uuid AND "rowKey" = ANY(${keys}::text[])`
            ).map((r) => r.rowKey),
      );
      let duplicates = 0;
      const data = rows.map((r) => {
        const dup = r.rowKey !== null && taken.has(r.rowKey);
        if (dup) duplicates++;
        return {
          id: r.id,
          batchId,
          organisationId,
          line: r.line,
          chunk: r.chunk,
          rowKey: dup ? null : r.rowKey,
          state: dup ? ('duplicate' as const) : r.state,
          input: (r.input ?? undefined) as object | undefined,
          errors: (dup
            ? [{ reason: 'duplicate_row', detail: 'an earlier upload has this row' }]
            : r.errors) as object | undefined,
        };
      });
      const inserted = await insertMany(data);
      if (inserted.size < data.length) {
        // Lost a race on a row key with another upload: those rows are duplicates of the winner's.
        const missing = data.filter((d) => !inserted.has(d.id));
        duplicates += missing.length;
        await insertMany(
          missing.map((d) => ({
            ...d,
            rowKey: null,
            state: 'duplicate' as const,
            errors: [{ reason: 'duplicate_row', detail: 'an earlier upload has this row' }],
          })),
        );
      }
      return duplicates;
    },

    /** receiving → accepted: every row is in; chunk jobs may run. Its row counts are kept from now on. */
    async accept(
      id: string,
      totals: {
        totalRows: number;
        chunks: number;
        validRows: number;
        invalidRows: number;
        duplicateRows: number;
      },
      now: Date,
    ): Promise<BatchRecord> {
      return prisma.issuerBatch.update({
        where: { id },
        data: { state: 'accepted', acceptedAt: now, ...totals, countsKept: true },
      });
    },

    /**
     * Adds what one chunk's transaction moved (rows pending → done, pending → failed) to the batch's counts. Called
     * in that transaction, last (the batch row stays locked only until its commit), with the numbers the row updates
     * reported, so a chunk run twice, or twice at once, adds its rows once.
     */
    async addProgress(batchId: string, moved: { done: number; failed: number }): Promise<void> {
      if (moved.done === 0 && moved.failed === 0) return;
      await prisma.$executeRaw`
        UPDATE issuer_batch SET "doneRows" = "doneRows" + ${moved.done}, "failedRows" = "failedRows" + ${moved.failed}
         WHERE id = ${batchId}::uuid`;
    },

    /** Deletes a batch and its rows (an upload that failed part-way: nothing of it is kept). */
    async remove(id: string): Promise<void> {
      await prisma.issuerBatch.deleteMany({ where: { id } });
    },

    /**
     * Rows by state: read off the batch when it keeps its counts (no rows are read: a status poll costs the same
     * for 50,000 rows as for 5), else counted.
     */
    async counts(batch: BatchRecord): Promise<BatchCounts> {
      if (batch.countsKept) {
        return {
          pending: batch.validRows - batch.doneRows - batch.failedRows,
          done: batch.doneRows,
          failed: batch.failedRows,
          invalid: batch.invalidRows,
          duplicate: batch.duplicateRows,
        };
      }
      const groups = await prisma.issuerBatchRow.groupBy({
        by: ['state'],
        where: { batchId: batch.id },
        _count: { _all: true },
      });
      const counts: BatchCounts = { pending: 0, done: 0, failed: 0, invalid: 0, duplicate: 0 };
      for (const g of groups) counts[g.state] = g._count._all;
      return counts;
    },

    /** Bad rows (invalid, duplicate, failed) in line order, at most `limit`. */
    async badRows(batchId: string, limit: number): Promise<BatchRowRecord[]> {
      return prisma.issuerBatchRow.findMany({
        where: { batchId, state: { in: ['invalid', 'duplicate', 'failed'] } },
        orderBy: { line: 'asc' },
        take: limit,
      });
    },

    /**
     * The pending rows of one chunk of an accepted batch. Straight on the driver (`db.query`, never inside a
     * transaction): Prisma's query layer cost more than the query itself for 250 rows of JSON.
     */
    async pendingRows(batchId: string, chunk: number): Promise<BatchRowRecord[]> {
      return db.query<BatchRowRecord>(PENDING_ROWS, [batchId, chunk]);
    },

    /** One page of rows in line order, after line `afterLine` (for the result file). */
    async page(batchId: string, afterLine: number, take: number): Promise<BatchRowRecord[]> {
      return prisma.issuerBatchRow.findMany({
        where: { batchId, line: { gt: afterLine } },
        orderBy: { line: 'asc' },
        take,
      });
    },

    /**
     * pending → done with the row's offer, for many rows in one statement; rows no longer pending are left.
     * @returns how many rows this call moved
     */
    async markDone(rows: { id: string; offerId: string }[]): Promise<number> {
      if (rows.length === 0) return 0;
      return prisma.$executeRaw`
        UPDATE issuer_batch_row AS r
           SET state = 'done', "offerId" = v."offerId", "updatedAt" = now()
          FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(id uuid, "offerId" uuid)
         WHERE r.id = v.id AND r.state = 'pending'`;
    },

    /** pending → failed with the reason; 1 when this call moved the row, 0 when it was no longer pending. */
    async markFailed(id: string, errors: { reason: string; detail?: string }[]): Promise<number> {
      const { count } = await prisma.issuerBatchRow.updateMany({
        where: { id, state: 'pending' },
        data: { state: 'failed', errors },
      });
      return count;
    },

    /**
     * accepted → completed once no row is pending; true when this call completed it. One statement on the driver
     * (never inside a transaction), run after every chunk.
     */
    async completeIfDone(batchId: string, now: Date): Promise<boolean> {
      const rows = await db.query<{ id: string }>(COMPLETE_IF_DONE, [batchId, now.toISOString()]);
      return rows.length === 1;
    },

    /**
     * Chunks of accepted batches with rows pending since before `before`, at most `limit`; their rows' clocks
     * are reset so the next sweep waits again.
     */
    async claimStaleChunks(before: Date, limit: number): Promise<{ batchId: string; chunk: number }[]> {
      const stale = await prisma.$queryRaw<{ batchId: string; chunk: number }[]>`
        SELECT DISTINCT r."batchId"::text AS "batchId", r.chunk
          FROM issuer_batch_row r JOIN issuer_batch b ON b.id = r."batchId"
         WHERE r.state = 'pending' AND r."updatedAt" < ${before} AND b.state = 'accepted'
         LIMIT ${limit}`;
      for (const s of stale) {
        await prisma.issuerBatchRow.updateMany({
          where: { batchId: s.batchId, chunk: s.chunk, state: 'pending' },
          data: { updatedAt: new Date() },
        });
      }
      return stale;
    },

    /** Accepted batches with nothing pending (their last chunk's job died before completing them). */
    async finishedButOpen(limit: number): Promise<string[]> {
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        SELECT b.id::text AS id FROM issuer_batch b
         WHERE b.state = 'accepted'
           AND NOT EXISTS (SELECT 1 FROM issuer_batch_row r WHERE r."batchId" = b.id AND r.state = 'pending')
         LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },

    /** Deletes uploads stuck in `receiving` since before `before` (the uploading process died). */
    async removeAbandoned(before: Date): Promise<number> {
      const { count } = await prisma.issuerBatch.deleteMany({
        where: { state: 'receiving', createdAt: { lt: before } },
      });
      return count;
    },
  };
}

export type BatchStore = ReturnType<typeof createBatchStore>;

/** Runs a function in one transaction with an offer store and a batch store inside it. */
export type BatchTransaction = <T>(
  fn: (stores: { offers: OfferStore; batches: BatchStore }) => Promise<T>,
) => Promise<T>;

/**
 * One database transaction holding an offer store and a batch store: a chunk's offers and its rows' move to
 * done commit together (one commit instead of one per row, which is what bounds the rate), or not at all.
 * @example await createBatchTransaction(db)(async ({ offers, batches }) => …);
 */
export function createBatchTransaction(db: Database): BatchTransaction {
  return (fn) =>
    db.prisma.$transaction(
      async (tx) => {
        const txDb = { ...db, prisma: tx as unknown as PrismaClient };
        return fn({ offers: createOfferStore(txDb), batches: createBatchStore(txDb) });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
}
