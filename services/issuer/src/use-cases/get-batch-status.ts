import type { BatchContext } from '../batch-context.js';
import type { BatchStatus, RowError } from '../batch-schemas.js';
import type { BatchRecord } from '../store/batch-store.js';

/** Bad rows listed in a status answer; result.csv lists them all. */
const STATUS_ERRORS = 1_000;

/**
 * A batch's status: state, row counts by state (pending, done, failed, invalid, duplicate), the first bad rows
 * with line, column and reason, and where to download the result file.
 * @example const status = await getBatchStatus(bctx, batch);
 */
export async function getBatchStatus(bctx: BatchContext, batch: BatchRecord): Promise<BatchStatus> {
  const [counts, bad] = await Promise.all([
    bctx.batches.counts(batch),
    bctx.batches.badRows(batch.id, STATUS_ERRORS),
  ]);
  const errors: RowError[] = bad.flatMap((row) =>
    ((row.errors ?? []) as { column?: string; reason: string; detail?: string }[]).map((e) => ({
      line: row.line,
      ...(e.column ? { column: e.column } : {}),
      reason: e.reason,
      ...(e.detail ? { detail: e.detail } : {}),
    })),
  );
  return {
    id: batch.id,
    state: batch.state,
    idempotencyKey: batch.idempotencyKey,
    totalRows: batch.totalRows,
    counts,
    createdAt: batch.createdAt.toISOString(),
    completedAt: batch.completedAt?.toISOString() ?? null,
    resultUrl: `/v1/batches/${batch.id}/result.csv`,
    errors,
  };
}
