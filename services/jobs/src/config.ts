import { devAllowedHosts, loadEnv, zCommonEnv, zKey32, zPort } from '@sp/http-kit';
import { z } from 'zod';

const zJobsEnv = zCommonEnv.extend({
  /** Health and metrics port of the jobs process (it serves no API). */
  JOBS_PORT: zPort(3004),
  /** Jobs processed at once per queue in this process. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Opens webhook secrets (sealed by the verifier under the same KEK). Unset: webhooks are not delivered. */
  KEY_ENCRYPTION_KEY: zKey32().optional(),
  /** Attempts per webhook delivery before it is dead-lettered. */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** First retry delay of a webhook delivery in ms, doubled each attempt (1 s, 2 s, 4 s, … by default). */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
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
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    devAllowedHosts: devAllowedHosts(e),
    webhookRetry: { attempts: e.WEBHOOK_ATTEMPTS, backoffMs: e.WEBHOOK_BACKOFF_MS },
  });
}
