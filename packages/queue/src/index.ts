/**
 * Queue definitions shared by the services that enqueue and the jobs service that works: queue names,
 * versioned job names with zod payload schemas, and the Redis connection setup BullMQ needs.
 */
export { createRedis, pingRedis, redisUnreachableHint, type Redis } from './redis.js';
export {
  JOBS,
  QUEUES,
  DEFAULT_JOB_OPTIONS,
  zOfferIssuedJob,
  zOffersIssuedJob,
  offersIssuedJobId,
  MAX_OFFERS_PER_JOB,
  type OffersIssuedJob,
  zBulkIssuanceJob,
  zEmailSendJob,
  zEmailSendManyJob,
  type EmailSendManyJob,
  zScheduledJob,
  type OfferIssuedJob,
  type BulkIssuanceJob,
  type EmailSendJob,
  type ScheduledJob,
  zStatusChangedJob,
  type StatusChangedJob,
  statusChangedJobId,
  zWebhookDeliverJob,
  type WebhookDeliverJob,
  webhookDeliverJobId,
  type JobName,
  type QueueName,
} from './jobs.js';
export {
  createQueue,
  createWorker,
  DEFAULT_PREFIX,
  enqueue,
  enqueueMany,
  type Queue,
  type Worker,
  type Job,
} from './bullmq.js';
export { withTimeout } from './with-timeout.js';
