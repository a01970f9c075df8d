import { AppError } from '@sp/http-kit';
import type { BulkIssuanceJob } from '@sp/queue';
import type { BatchContext } from '../batch-context.js';
import type { BatchRow } from '../batch-schemas.js';
import { createCredentialOffer } from './create-credential-offer.js';

/**
 * Issues the pending rows of one chunk (the body of `issuance.bulk.v1`): each row becomes an offer through
 * {@link createCredentialOffer}, the same use-case as a single offer, with the row id as its source key — so a
 * row whose offer was made before a crash gets that same offer back instead of a second one. Rows then move
 * pending → done (with the offer id, unique) in one statement; rows the domain refuses move to failed. Any other
 * error is rethrown after the finished rows are saved, so BullMQ retries only what is left.
 * @returns how many rows this run moved to done and to failed
 * @example await processBatchChunk(bctx, { batchId, chunk: 0 });
 */
export async function processBatchChunk(
  bctx: BatchContext,
  job: BulkIssuanceJob,
): Promise<{ done: number; failed: number }> {
  const { issuer: ctx, batches } = bctx;
  const batch = await batches.findById(job.batchId);
  if (batch?.state !== 'accepted') return { done: 0, failed: 0 };
  const org = await ctx.orgs.findById(batch.organisationId);
  if (!org) throw new Error(`organisation of batch ${batch.id} not found`);
  const rows = await batches.pendingRows(batch.id, job.chunk);

  const done: { id: string; offerId: string }[] = [];
  let failed = 0;
  let unexpected: unknown;
  let next = 0;
  const work = async () => {
    while (next < rows.length && unexpected === undefined) {
      const row = rows[next++];
      if (!row) break;
      const input = row.input as BatchRow;
      try {
        const offer = await createCredentialOffer(
          ctx,
          org,
          {
            worker: { email: input.email, name: input.name },
            catalogueCode: input.catalogueCode,
            completionDate: input.completionDate,
            deliveryMode: input.deliveryMode,
            assessmentMethod: input.assessmentMethod,
            ...(input.assessor ? { assessor: input.assessor } : {}),
          },
          { sourceKey: row.id },
        );
        done.push({ id: row.id, offerId: offer.id });
      } catch (err) {
        if (err instanceof AppError && err.code === 'bad_request') {
          const reason = String((err.extra as { reason?: string } | undefined)?.reason ?? 'bad_request');
          await batches.markFailed(row.id, [{ reason, detail: err.detail }]);
          failed++;
        } else {
          unexpected = err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(bctx.rowConcurrency, rows.length) }, work));
  await batches.markDone(done);
  if (unexpected !== undefined) throw unexpected;
  if (await batches.completeIfDone(batch.id, ctx.now())) {
    ctx.logger.info({ batchId: batch.id }, 'batch completed');
  }
  return { done: done.length, failed };
}
