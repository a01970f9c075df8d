import { enqueueMany, JOBS, zBulkIssuanceJob } from '@sp/queue';
import type { BatchContext } from '../batch-context.js';
import { bulkChunkJobId } from './receive-batch.js';

/** Chunks re-enqueued per sweep at most (the next sweep takes the rest). */
const SWEEP_LIMIT = 500;

/**
 * The sweeper behind `issuance.bulk-sweep.v1` (a job scheduler in the jobs process). The database is the
 * truth, so whatever Redis lost — a job dropped in a Redis restart, chunks never enqueued because Redis was down
 * at upload, a job whose worker was killed — is found here as rows still `pending` after `staleAfterMs`, and
 * their chunks are enqueued again (a row already issued is skipped; one in flight gets the same offer back).
 * It also completes accepted batches with nothing left pending, and deletes uploads stuck in `receiving`
 * for an hour (their uploading process died; nothing of them was accepted).
 * @returns how many chunks it re-enqueued
 * @example await sweepBatches(bctx, { staleAfterMs: 120_000 });
 */
export async function sweepBatches(bctx: BatchContext, opts: { staleAfterMs: number }): Promise<number> {
  const { issuer: ctx, batches } = bctx;
  const now = ctx.now();
  await batches.removeAbandoned(new Date(now.getTime() - 3_600_000));
  for (const id of await batches.finishedButOpen(SWEEP_LIMIT)) await batches.completeIfDone(id, now);
  const stale = await batches.claimStaleChunks(new Date(now.getTime() - opts.staleAfterMs), SWEEP_LIMIT);
  if (stale.length === 0 || !bctx.issuance) return 0;
  const stamp = String(now.getTime());
  await enqueueMany(
    bctx.issuance,
    JOBS.bulkIssuance,
    zBulkIssuanceJob,
    stale.map((s) => ({ payload: s, jobId: bulkChunkJobId(s.batchId, s.chunk, stamp) })),
  );
  ctx.logger.info({ chunks: stale.length }, 'stale batch chunks re-enqueued');
  return stale.length;
}
