import { devAllowedHosts, loadEnv, zCommonEnv, zKey32, zPort } from '@sp/http-kit';
import { type IssuerConfig, loadIssuerConfig } from '@sp/issuer/config';
import { z } from 'zod';

const zJobsEnv = zCommonEnv.extend({
  /** Health and metrics port of the jobs process (it serves no API). */
  JOBS_PORT: zPort(3004),
  /** Jobs processed at once per queue in this process. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Opens webhook secrets (sealed by the verifier under the same KEK). Unset: webhooks are not delivered. */
  KEY_ENCRYPTION_KEY: zKey32().optional(),
  /** During a KEK rotation, the old KEK: secrets still sealed under it open, and start-up re-wraps them. */
  KEY_ENCRYPTION_KEY_PREVIOUS: zKey32().optional(),
  /** Attempts per webhook delivery before it is dead-lettered. */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** First retry delay of a webhook delivery in ms, doubled each attempt (1 s, 2 s, 4 s, … by default). */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  /** Operators' bearer token (or basic-auth password) for /ops (queue dashboard, dead emails). Unset: /ops is off. */
  OPERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** SMTP server for emails to workers (`smtp://user:pass@host:587`, `smtps://…`). Unset: emails are logged. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  EMAIL_FROM: z.string().min(3).default('Skills Passport <no-reply@skills-passport.example>'),
  /** Send attempts per email before it is dead-lettered, and the first retry delay in ms (doubled each time). */
  EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  EMAIL_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  /** Where workers sign in; named in emails. */
  WALLET_BASE_URL: z.url().default('http://localhost:3002'),
  /** Cohort batches issued at once by this process (each works its rows 16 at a time). */
  BULK_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** How often the bulk sweeper runs, and how long a row stays pending before it re-enqueues its chunk (ms). */
  BULK_SWEEP_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
  BULK_STALE_AFTER_MS: z.coerce.number().int().min(100).default(120_000),
  /** Lock of an active job (ms), every queue: a job of a killed process is taken up again within about twice this. */
  JOBS_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** How often the refresh-reminder scan runs (ms); daily by default. */
  REMINDERS_EVERY_MS: z.coerce.number().int().min(1_000).default(86_400_000),
});

export type JobsConfig = ReturnType<typeof loadJobsConfig>;

/**
 * Reads the jobs process's configuration from the environment; throws ConfigError naming bad variables.
 * @example const config = loadJobsConfig(process.env);
 */
export function loadJobsConfig(env: Record<string, string | undefined>) {
  const e = loadEnv(zJobsEnv, env);
  return Object.freeze({
    port: e.JOBS_PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    concurrency: e.JOBS_CONCURRENCY,
    lockMs: e.JOBS_LOCK_MS,
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    keyEncryptionKeyPrevious: e.KEY_ENCRYPTION_KEY_PREVIOUS,
    devAllowedHosts: devAllowedHosts(e),
    webhookRetry: { attempts: e.WEBHOOK_ATTEMPTS, backoffMs: e.WEBHOOK_BACKOFF_MS },
    operatorToken: e.OPERATOR_TOKEN,
    email: {
      smtpUrl: e.SMTP_URL,
      from: e.EMAIL_FROM,
      attempts: e.EMAIL_ATTEMPTS,
      backoffMs: e.EMAIL_BACKOFF_MS,
      walletUrl: e.WALLET_BASE_URL,
    },
    bulk: {
      concurrency: e.BULK_CONCURRENCY,
      sweepEveryMs: e.BULK_SWEEP_EVERY_MS,
      staleAfterMs: e.BULK_STALE_AFTER_MS,
    },
    remindersEveryMs: e.REMINDERS_EVERY_MS,
    /** The issuer's configuration, for bulk issuance (offers are made by the issuer's own use-case). */
    issuer: (e.KEY_ENCRYPTION_KEY ? loadIssuerConfig(env) : undefined) as Readonly<IssuerConfig> | undefined,
  });
}
