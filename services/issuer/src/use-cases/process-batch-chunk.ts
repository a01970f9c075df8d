import type { BulkIssuanceJob } from '@sp/queue';
import type { BatchContext } from '../batch-context.js';
import type { BatchRow } from '../batch-schemas.js';
import type { IssuerContext } from '../context.js';
import { createCredentialOffers } from './create-credential-offers.js';

/**
 * Issues the pending rows of one chunk (the body of `issuance.bulk.v1`) through {@link createCredentialOffers}
 * — the single-offer rules, with each row's id as its source key, so an offer's id and link derive from its row.
 * The chunk runs in one database transaction: its offers and its rows' move pending → done (with the offer id,
 * unique) commit together, or not at all. A process killed mid-chunk leaves the rows pending and no offer behind;
 * the retry makes the same offers (same ids and links, so a notification enqueued before the crash still points
 * at the right offer, and its job id keeps it single). Rows the catalogue or calendar refuses move to failed.
 * The batch's row counts move in the same transaction, by exactly the rows it moved, so a status answer reads them
 * instead of counting rows. Any other error rolls the chunk back and is rethrown, so BullMQ retries it.
 * @returns how many rows this run moved to done and to failed
 * @example await processBatchChunk(bctx, { batchId, chunk: 0 });
 */
export async function processBatchChunk(
  bctx: BatchContext,
  job: BulkIssuanceJob,
): Promise<{ done: number; failed: number }> {
  const ctx = bctx.issuer;
  const batch = await bctx.batches.findById(job.batchId);
  if (batch?.state !== 'accepted') return { done: 0, failed: 0 };
  const org = await ctx.orgs.findById(batch.organisationId);
  if (!org) throw new Error(`organisation of batch ${batch.id} not found`);
  const rows = await bctx.batches.pendingRows(batch.id, job.chunk);

  const result =
    rows.length === 0
      ? { done: 0, failed: 0 }
      : await bctx.transaction(async ({ offers, batches }) => {
          const txCtx: IssuerContext = { ...ctx, offers };
          const outcomes = await createCredentialOffers(
            txCtx,
            org,
            rows.map((row) => {
              const input = row.input as BatchRow;
              return {
                sourceKey: row.id,
                input: {
                  worker: { email: input.email, name: input.name },
                  catalogueCode: input.catalogueCode,
                  completionDate: input.completionDate,
                  deliveryMode: input.deliveryMode,
                  assessmentMethod: input.assessmentMethod,
                  ...(input.assessor ? { assessor: input.assessor } : {}),
                },
              };
            }),
          );
          const done: { id: string; offerId: string }[] = [];
          let failed = 0;
          for (const o of outcomes) {
            if (o.ok) done.push({ id: o.sourceKey, offerId: o.offerId });
            else failed += await batches.markFailed(o.sourceKey, [{ reason: o.reason, detail: o.detail }]);
          }
          const moved = { done: await batches.markDone(done), failed };
          // The batch's counts move by what this transaction moved (0 for rows another run moved first), last.
          await batches.addProgress(batch.id, moved);
          return moved;
        });
  if (await bctx.batches.completeIfDone(batch.id, ctx.now())) {
    ctx.logger.info({ batchId: batch.id }, 'batch completed');
  }
  return result;
}
