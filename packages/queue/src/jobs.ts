import { z } from 'zod';

/** Queue names. One queue per kind of work so a flood of one kind cannot starve another. */
export const QUEUES = {
  notifications: 'notifications',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Job names are dotted and versioned; a payload change gets a new version, never a silent change. */
export const JOBS = {
  /** An issuer created a credential offer for a worker: tell the worker (wallet inbox, email later). */
  offerIssued: 'notification.offer-issued.v1',
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

/** Retries with exponential backoff (1 s, 2 s, 4 s, …); completed jobs pruned, failed ones kept for operators. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
