import { randomUUID } from 'node:crypto';
import { checkIssuable } from '@sp/care-catalogue';
import { sha256 } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import { enqueueMany, JOBS, zBulkIssuanceJob } from '@sp/queue';
import type { BatchContext } from '../batch-context.js';
import { type BatchStatus, zBatchRow } from '../batch-schemas.js';
import { COLUMN_OF_FIELD, type SourceRow } from '../internal/batch-source.js';
import type { NewBatchRow } from '../store/batch-store.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import { getBatchStatus } from './get-batch-status.js';

/** Rows written per INSERT while an upload streams in. */
const INSERT_ROWS = 1_000;

/**
 * BullMQ job id of one chunk of a batch (BullMQ refuses ':' in custom ids); one job per chunk at any time.
 * @example bulkChunkJobId(batch.id, 0); // 'bulk-…-0'
 */
export function bulkChunkJobId(batchId: string, chunk: number): string {
  return `bulk-${batchId}-${chunk}`;
}

/**
 * Takes in a cohort upload: validates each row (zod, then the catalogue: is the item issuable by this kind of
 * organisation, in this delivery mode, completed in the past), persists the batch and every row — good rows
 * `pending`, bad rows `invalid` with line, column and reason, rows seen before (same `rowId`, or same email,
 * catalogue code and completion date) `duplicate` — and only then enqueues one `issuance.bulk.v1` job per
 * chunk. The same `idempotencyKey` answers with the batch it made the first time (`created: false`).
 * A whole-file error from `rows` (encoding, missing column, malformed CSV, too large) or an empty file deletes
 * what was written and rethrows it: nothing is created. A Redis failure is logged; the sweeper enqueues later.
 * @example const { status } = await receiveBatch(bctx, org, csvBatchRows(req), { idempotencyKey: 'cohort-12' });
 */
export async function receiveBatch(
  bctx: BatchContext,
  org: OrganisationRecord,
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  opts: { idempotencyKey?: string | undefined },
): Promise<{ created: boolean; status: BatchStatus }> {
  const { issuer: ctx, batches } = bctx;
  const idempotencyKey = opts.idempotencyKey ?? randomUUID();
  const existing = await batches.findByKey(org.id, idempotencyKey);
  if (existing) return { created: false, status: await getBatchStatus(bctx, existing) };
  const batch = await batches.create({
    id: randomUUID(),
    organisationId: org.id,
    idempotencyKey,
    chunkSize: bctx.chunkSize,
  });
  if (!batch) {
    // A concurrent upload with the same key won.
    const winner = await batches.findByKey(org.id, idempotencyKey);
    if (!winner) throw new Error('batch key taken but not found');
    return { created: false, status: await getBatchStatus(bctx, winner) };
  }

  const today = ctx.now().toISOString().slice(0, 10);
  const seen = new Set<string>();
  let buffer: NewBatchRow[] = [];
  let total = 0;
  let valid = 0;
  let invalid = 0;
  let duplicates = 0; // in this file, and (counted as they are inserted) of earlier uploads
  // One INSERT in flight while the next 1,000 rows are parsed and checked (the database and this process work at
  // the same time); never two, so rows still go in in file order and memory holds at most two buffers.
  let writing: Promise<unknown> = Promise.resolve();
  const write = async (next: NewBatchRow[]) => {
    await writing;
    writing = batches.insertRows(batch.id, org.id, next).then((earlier) => {
      duplicates += earlier;
    });
    writing.catch(() => {}); // awaited before the next write or at the end; not an unhandled rejection meanwhile
  };
  try {
    for await (const source of rows) {
      total++;
      const row = toNewRow(source, org, today, seen, valid, bctx.chunkSize);
      if (row.state === 'pending') valid++;
      else if (row.state === 'invalid') invalid++;
      else duplicates++;
      buffer.push(row);
      if (buffer.length >= INSERT_ROWS) {
        await write(buffer);
        buffer = [];
      }
    }
    await write(buffer);
    await writing;
    if (total === 0) {
      throw new AppError('bad_request', {
        detail: 'The file has a header but no rows',
        extra: { reason: 'empty_file' },
      });
    }
  } catch (err) {
    await writing.catch(() => {}); // let the INSERT in flight finish, so nothing lands after the delete
    await batches.remove(batch.id);
    throw err;
  }
  // Chunks are numbered by position among the valid rows; rows that turned out duplicates on insert (seen in an
  // earlier upload) leave gaps, which only make some chunks smaller.
  const chunks = Math.ceil(valid / bctx.chunkSize);
  // Only pending rows carry a key, so every duplicate found on insert was counted valid first.
  const accepted = await batches.accept(
    batch.id,
    {
      totalRows: total,
      chunks,
      validRows: total - invalid - duplicates,
      invalidRows: invalid,
      duplicateRows: duplicates,
    },
    ctx.now(),
  );
  ctx.logger.info({ organisationId: org.id, batchId: batch.id, rows: total, chunks }, 'batch accepted');
  await enqueueChunks(bctx, accepted.id, chunks);
  return { created: true, status: await getBatchStatus(bctx, accepted) };
}

/** One job per chunk; a failure is logged and left to the sweeper (the rows are safe in the database). */
async function enqueueChunks(bctx: BatchContext, batchId: string, chunks: number): Promise<void> {
  try {
    if (!bctx.issuance) throw new Error('no issuance queue');
    const jobs = Array.from({ length: chunks }, (_, chunk) => ({
      payload: { batchId, chunk },
      jobId: bulkChunkJobId(batchId, chunk),
    }));
    await enqueueMany(bctx.issuance, JOBS.bulkIssuance, zBulkIssuanceJob, jobs);
  } catch (err) {
    bctx.issuer.logger.warn(
      { batchId, err: { message: (err as Error).message } },
      'batch chunks not enqueued; the sweeper will',
    );
  }
}

function toNewRow(
  source: SourceRow,
  org: OrganisationRecord,
  today: string,
  seen: Set<string>,
  validSoFar: number,
  chunkSize: number,
): NewBatchRow {
  const id = randomUUID();
  const invalid = (errors: NewBatchRow['errors']): NewBatchRow => ({
    id,
    line: source.line,
    chunk: -1,
    rowKey: null,
    state: 'invalid',
    // The cells as uploaded, so the result file can show which row it was (escaped there against formulas).
    input: source.fields,
    errors,
  });
  const parsed = zBatchRow.safeParse(source.fields);
  if (!parsed.success) {
    return invalid(
      parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? '');
        return { column: COLUMN_OF_FIELD[field] ?? field, reason: i.message };
      }),
    );
  }
  const row = parsed.data;
  const check = checkIssuable({
    code: row.catalogueCode,
    issuerKind: org.kind,
    deliveryMode: row.deliveryMode,
  });
  if (!check.ok) {
    const column = check.reason === 'delivery_mode_not_accepted' ? 'delivery_mode' : 'catalogue_code';
    return invalid([{ column, reason: check.reason, detail: check.detail }]);
  }
  if (row.completionDate > today) {
    return invalid([
      { column: 'completion_date', reason: 'invalid_dates', detail: 'completion_date is in the future' },
    ]);
  }
  const email = row.email.trim().toLowerCase();
  const rowKey = row.rowId
    ? `id:${row.rowId}`
    : `h:${sha256(`${email}\u0000${check.item.code}\u0000${row.completionDate}`)}`;
  if (seen.has(rowKey)) {
    return {
      id,
      line: source.line,
      chunk: -1,
      rowKey: null,
      state: 'duplicate',
      input: { ...row, email },
      errors: [{ reason: 'duplicate_row', detail: 'an earlier line of this upload has this row' }],
    };
  }
  seen.add(rowKey);
  return {
    id,
    line: source.line,
    chunk: Math.floor(validSoFar / chunkSize),
    rowKey,
    state: 'pending',
    input: { ...row, email, catalogueCode: check.item.code },
    errors: null,
  };
}
