import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Queue names. One queue per kind of work so a flood of one kind cannot starve another. */
export const QUEUES = {
  notifications: 'notifications',
  /** Credential status changes (revoke/suspend/reinstate) for subscribers (webhook delivery). */
  statusChanges: 'status-changes',
  /** Bulk issuance chunks and the sweeper that re-enqueues rows left pending. */
  issuance: 'issuance',
  /** Emails to workers, one job per outbox row. */
  email: 'email',
  /** Periodic scans run by job schedulers: bulk sweeper, email sweeper, refresh reminders. */
  scheduled: 'scheduled',
  /** Webhook deliveries to verifier accounts' subscriptions, one job per (subscription, event). */
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Job names are dotted and versioned; a payload change gets a new version, never a silent change. */
export const JOBS = {
  /** An issuer created a credential offer for a worker: tell the worker (wallet inbox, email later). */
  offerIssued: 'notification.offer-issued.v1',
  /** Many offers issued at once (one cohort chunk): the same as {@link JOBS.offerIssued} for each, in one job. */
  offersIssued: 'notification.offers-issued.v1',
  /** An issuer revoked, suspended or reinstated a credential (on {@link QUEUES.statusChanges}). */
  statusChanged: 'status.changed.v1',
  /** Issue the pending rows of one chunk of a batch (docs/bulk-issuance.md). */
  bulkIssuance: 'issuance.bulk.v1',
  /** Scheduled: re-enqueue chunks whose rows stayed pending (a lost job, a crash, a Redis restart). */
  bulkSweep: 'issuance.bulk-sweep.v1',
  /** Send one email from the wallet's email outbox. */
  emailSend: 'email.send.v1',
  /** Send many emails of the wallet's email outbox (a cohort chunk's) in one job. */
  emailSendMany: 'email.send-many.v1',
  /** Scheduled: enqueue outbox emails that are pending but have no job (a crash between insert and enqueue). */
  emailSweep: 'email.sweep.v1',
  /** Scheduled: tell workers whose credentials fall due for refresh in 60, 30 and 0 days. */
  refreshReminders: 'notification.refresh-reminders.v1',
  /** POST one signed webhook (a delivery row of the verifier) to its subscriber, with retries. */
  webhookDeliver: 'webhook.deliver.v1',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Payload of {@link JOBS.offerIssued}. Carries the offer URI, which is a bearer capability: never log it. */
export const zOfferIssuedJob = z.object({
  offerId: z.string().min(1),
  email: z.email(),
  workerName: z.string().min(1),
  organisationName: z.string().min(1),
  credentialName: z.string().min(1),
  offerUri: z.string().min(1),
  expiresAt: z.iso.datetime(),
});
export type OfferIssuedJob = z.output<typeof zOfferIssuedJob>;

/** Most offers one {@link JOBS.offersIssued} job carries (a chunk is at most this many rows). */
export const MAX_OFFERS_PER_JOB = 1_000;

/**
 * Payload of {@link JOBS.offersIssued}: the offer-issued payloads of a whole cohort chunk, so a chunk of 250 rows
 * costs one job (and one INSERT per table in the wallet) instead of 250. Offer URIs are bearer capabilities.
 */
export const zOffersIssuedJob = z.object({
  offers: z.array(zOfferIssuedJob).min(1).max(MAX_OFFERS_PER_JOB),
});
export type OffersIssuedJob = z.output<typeof zOffersIssuedJob>;

/**
 * BullMQ job id of a {@link JOBS.offersIssued} job: a digest of its offers' ids (order does not matter), so a
 * chunk retried with the same offers adds the job once, while a run that issued a different set of offers gets a
 * job of its own (each offer's inbox row is still made once: the wallet keys it by offer id).
 * @example await enqueue(queue, JOBS.offersIssued, zOffersIssuedJob, { offers }, offersIssuedJobId(ids));
 */
export function offersIssuedJobId(offerIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...offerIds].sort().join(','))
    .digest('base64url');
  return `offers-issued-${digest}`;
}

/**
 * Payload of {@link JOBS.statusChanged}, enqueued by the issuer after the status change has committed.
 * `index` is the entry in `statusListCredential` whose bit changed; `at` is when the change was recorded.
 * BullMQ job id: {@link statusChangedJobId} (the audit event id, so a retried enqueue adds the job once).
 */
export const zStatusChangedJob = z.object({
  /** The audit event's id (unique per change): receivers use it as the idempotency key. */
  eventId: z.string().min(1),
  credentialId: z.string().min(1),
  issuerDid: z.string().min(1),
  statusListCredential: z.url(),
  purpose: z.enum(['revocation', 'suspension']),
  index: z.number().int().min(0),
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  at: z.iso.datetime(),
});
export type StatusChangedJob = z.output<typeof zStatusChangedJob>;

/**
 * BullMQ job id of a {@link JOBS.statusChanged} job (BullMQ refuses ids containing `:`).
 * @example await enqueue(queue, JOBS.statusChanged, zStatusChangedJob, payload, statusChangedJobId(payload.eventId));
 */
export function statusChangedJobId(eventId: string): string {
  return `status-changed-${eventId.replaceAll(':', '_')}`;
}

/** Payload of {@link JOBS.webhookDeliver}: the verifier's delivery row (body, subscription, state). */
export const zWebhookDeliverJob = z.object({ deliveryId: z.uuid() });
export type WebhookDeliverJob = z.output<typeof zWebhookDeliverJob>;

/**
 * BullMQ job id of a {@link JOBS.webhookDeliver} job: one per delivery row, so a re-run fan-out adds it once.
 * @example await enqueue(queue, JOBS.webhookDeliver, zWebhookDeliverJob, { deliveryId }, webhookDeliverJobId(deliveryId));
 */
export function webhookDeliverJobId(deliveryId: string, resend?: number): string {
  // A re-send of a dead letter is a new job (the first one is finished): one id per re-send, numbered.
  return resend === undefined ? `webhook-${deliveryId}` : `webhook-${deliveryId}-resend-${resend}`;
}

/** Payload of {@link JOBS.bulkIssuance}: which chunk of which batch; the rows themselves are in the database. */
export const zBulkIssuanceJob = z.object({
  batchId: z.uuid(),
  chunk: z.number().int().min(0),
});
export type BulkIssuanceJob = z.output<typeof zBulkIssuanceJob>;

/** Payload of {@link JOBS.emailSend}: the outbox row to send. */
export const zEmailSendJob = z.object({ emailId: z.uuid() });
export type EmailSendJob = z.output<typeof zEmailSendJob>;

/** Payload of {@link JOBS.emailSendMany}: the outbox rows to send (each is claimed before it is sent). */
export const zEmailSendManyJob = z.object({ emailIds: z.array(z.uuid()).min(1).max(MAX_OFFERS_PER_JOB) });
export type EmailSendManyJob = z.output<typeof zEmailSendManyJob>;

/** Payload of the scheduled jobs ({@link JOBS.bulkSweep}, {@link JOBS.emailSweep}, {@link JOBS.refreshReminders}). */
export const zScheduledJob = z.object({}).loose();
export type ScheduledJob = z.output<typeof zScheduledJob>;

/** Retries with exponential backoff (1 s, 2 s, 4 s, …); completed jobs pruned, failed ones kept for operators. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
