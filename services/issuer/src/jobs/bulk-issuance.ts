import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import type { BulkIssuanceJob, Queue } from '@sp/queue';
import { type BatchContext, DEFAULT_CHUNK_SIZE, DEFAULT_ROW_CONCURRENCY } from '../batch-context.js';
import { buildIssuerContext } from '../build-context.js';
import type { IssuerConfig } from '../config.js';
import { createBatchStore, createBatchTransaction } from '../store/batch-store.js';
import { processBatchChunk } from '../use-cases/process-batch-chunk.js';
import { sweepBatches } from '../use-cases/sweep-batches.js';

/** What the issuer's processors need in the jobs process. */
export interface IssuerJobDeps {
  db: Database;
  logger: Logger;
  /** Producer of the issuance queue (the sweeper re-enqueues) and of notifications (offer-issued). */
  issuance: Queue;
  notifications: Queue;
  now?: () => Date;
  rowConcurrency?: number;
}

/**
 * The issuer's processors for services/jobs: `issuance.bulk.v1` (one chunk of a batch) and
 * `issuance.bulk-sweep.v1` (re-enqueue what stayed pending). They build the issuer's own context (the jobs
 * process needs `KEY_ENCRYPTION_KEY` and `ISSUER_BASE_URL`, like the issuer) so offers are made by exactly
 * the code that makes single offers.
 *
 * @example
 * ```ts
 * const issuer = issuerProcessors(issuerConfig, { db, logger, issuance, notifications });
 * createWorker(QUEUES.issuance, redis, logger, {
 *   [JOBS.bulkIssuance]: { schema: zBulkIssuanceJob, run: (d) => issuer.bulkIssuance(zBulkIssuanceJob.parse(d)) },
 * });
 * ```
 */
export function issuerProcessors(config: Readonly<IssuerConfig>, deps: IssuerJobDeps) {
  const issuer = buildIssuerContext(config, {
    logger: deps.logger,
    db: deps.db,
    notifications: deps.notifications,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const bctx: BatchContext = {
    issuer,
    batches: createBatchStore(deps.db),
    transaction: createBatchTransaction(deps.db),
    issuance: deps.issuance,
    chunkSize: DEFAULT_CHUNK_SIZE,
    rowConcurrency: deps.rowConcurrency ?? DEFAULT_ROW_CONCURRENCY,
  };
  return {
    bulkIssuance: (job: BulkIssuanceJob) => processBatchChunk(bctx, job),
    bulkSweep: (opts: { staleAfterMs: number }) => sweepBatches(bctx, opts),
  };
}
