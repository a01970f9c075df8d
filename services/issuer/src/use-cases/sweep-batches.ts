import { enqueueMany, JOBS, zBulkIssuanceJob } from '@sp/queue';
import type { BatchContext } from '../batch-context.js';
import { bulkChunkJobId } from './receive-batch.js';

/** Chunks re-enqueued per sweep at most (the next sweep takes the rest). */
const SWEEP_LIMIT = 500;

/**
 * The sweeper behind `issuance.bulk-sweep.v1` (a job scheduler in the jobs process). The database is the
 * truth, so whatever Redis lost — a job dropped in a Redis restart, chunks never enqueued because Redis was down
 * at upload, a job that ran out of attempts — is found here as rows still `pending` after `staleAfterMs` whose
 * chunk has no live job, and the chunk is enqueued again (a row already issued is skipped; the same offers are
 * made again only where the earlier run rolled back).
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
  const queue = bctx.issuance;
  if (stale.length === 0 || !queue) return 0;
  // A chunk whose job is still waiting, delayed or active is left to it (BullMQ moves the job of a dead worker
  // back to waiting once its lock expires). A chunk whose job finished, failed for good or was lost gets one
  // again: the finished one is removed first so the chunk keeps a single job id.
  const lost: { batchId: string; chunk: number }[] = [];
  for (const s of stale) {
    const id = bulkChunkJobId(s.batchId, s.chunk);
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : 'unknown';
    if (['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(state)) continue;
    if (job) await job.remove().catch(() => {});
    lost.push(s);
  }
  await enqueueMany(
    queue,
    JOBS.bulkIssuance,
    zBulkIssuanceJob,
    lost.map((s) => ({ payload: s, jobId: bulkChunkJobId(s.batchId, s.chunk) })),
  );
  if (lost.length) ctx.logger.info({ chunks: lost.length }, 'lost batch chunks re-enqueued');
  return lost.length;
}
