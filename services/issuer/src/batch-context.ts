import type { Queue } from '@sp/queue';
import type { IssuerContext } from './context.js';
import type { BatchStore, BatchTransaction } from './store/batch-store.js';

/** What the bulk-issuance use-cases need besides the issuer's own context. */
export interface BatchContext {
  /** The issuer's context (read live: its `config.baseUrl` is fixed once the server listens). */
  issuer: IssuerContext;
  batches: BatchStore;
  /** One transaction per chunk: its offers and its rows' states commit together. */
  transaction: BatchTransaction;
  /** Producer of the issuance queue; null where no Redis is wired (the sweeper enqueues later). */
  issuance: Queue | null;
  /** Rows per `issuance.bulk.v1` job. */
  chunkSize: number;
  /** Offers created at once inside one chunk job. */
  rowConcurrency: number;
}

/** Rows per chunk job and offers in flight per job; measured in bench/bulk.bench.ts. */
export const DEFAULT_CHUNK_SIZE = 250;
export const DEFAULT_ROW_CONCURRENCY = 16;
