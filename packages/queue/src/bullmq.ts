import { type Job, type Processor, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Redis } from './redis.js';
import { DEFAULT_JOB_OPTIONS, type QueueName } from './jobs.js';

export type { Job, Queue, Worker };

/** Redis key prefix of every queue (`QUEUE_PREFIX`); separate prefixes keep test runs and deployments apart. */
export const DEFAULT_PREFIX = 'sp';

/**
 * A producer-side queue with an error listener (BullMQ emits errors on reconnects).
 * @example const queue = createQueue(QUEUES.notifications, redis, logger);
 */
export function createQueue(
  name: QueueName,
  connection: Redis,
  logger: Logger,
  opts: {
    prefix?: string;
    jobOptions?: { attempts?: number; backoff?: { type: 'exponential' | 'fixed'; delay: number } };
  } = {},
): Queue {
  const queue = new Queue(name, {
    connection,
    prefix: opts.prefix ?? DEFAULT_PREFIX,
    // jobOptions: a queue whose jobs retry on another schedule (emails: minutes apart, not seconds).
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...opts.jobOptions },
  });
  queue.on('error', (err) => logger.warn({ err: { message: err.message }, queue: name }, 'queue error'));
  return queue;
}

/**
 * Adds a job after validating its payload. `jobId` makes the add idempotent: the same id is added once.
 * @example await enqueue(queue, JOBS.offerIssued, zOfferIssuedJob, payload, `offer-issued:${offerId}`);
 */
export async function enqueue<S extends z.ZodType>(
  queue: Queue,
  name: string,
  schema: S,
  payload: z.input<S>,
  jobId: string,
  /** Overrides of the queue's retry policy: attempts in all, and the first exponential backoff delay (ms). */
  retry?: { attempts: number; backoffMs: number },
): Promise<void> {
  const data = schema.parse(payload);
  await queue.add(name, data, {
    jobId,
    ...(retry ? { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } } : {}),
  });
}

/**
 * Adds many jobs of one name in one round trip (`addBulk`), each payload validated; ids make each add idempotent.
 * @example await enqueueMany(queue, JOBS.bulkIssuance, zBulkIssuanceJob, [{ payload, jobId: 'bulk-…-0' }]);
 */
export async function enqueueMany<S extends z.ZodType>(
  queue: Queue,
  name: string,
  schema: S,
  jobs: { payload: z.input<S>; jobId: string }[],
): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(jobs.map((j) => ({ name, data: schema.parse(j.payload), opts: { jobId: j.jobId } })));
}

/**
 * A worker whose processor receives the payload parsed by `schema` (a bad payload fails the job without retries).
 * @example createWorker(QUEUES.notifications, redis, logger, { [JOBS.offerIssued]: { schema, run } });
 */
export function createWorker(
  name: QueueName,
  connection: Redis,
  logger: Logger,
  handlers: Record<string, { schema: z.ZodType; run: (data: unknown, job: Job) => Promise<unknown> }>,
  opts: {
    concurrency?: number;
    prefix?: string;
    /** Lock of an active job and the interval of the stalled-job check, in ms (BullMQ default 30,000): how soon
     * the job of a killed worker is taken up again. */
    lockDurationMs?: number;
  } = {},
): Worker {
  const processor: Processor = async (job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    const parsed = handler.schema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ job: job.name, jobId: job.id }, 'invalid job payload; not retried');
      // UnrecoverableError: retrying cannot fix a payload that does not match its schema.
      throw new UnrecoverableError(`invalid payload for ${job.name}`);
    }
    return handler.run(parsed.data, job);
  };
  const worker = new Worker(name, processor, {
    connection,
    prefix: opts.prefix ?? DEFAULT_PREFIX,
    concurrency: opts.concurrency ?? 4,
    // A job whose lock lapsed (its worker died, or Redis restarted under it) goes back to waiting; allow several
    // such stalls before BullMQ fails it for good, since an outage can outlast a short lock more than once.
    ...(opts.lockDurationMs
      ? { lockDuration: opts.lockDurationMs, stalledInterval: opts.lockDurationMs, maxStalledCount: 5 }
      : {}),
  });
  worker.on('error', (err) => logger.warn({ err: { message: err.message }, queue: name }, 'worker error'));
  worker.on('failed', (job, err) =>
    logger.warn(
      { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: err.message } },
      'job failed',
    ),
  );
  return worker;
}
