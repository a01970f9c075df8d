import { loadEnv, zCommonEnv, zPort } from '@sp/http-kit';
import { z } from 'zod';

const zJobsEnv = zCommonEnv.extend({
  /** Health and metrics port of the jobs process (it serves no API). */
  JOBS_PORT: zPort(3004),
  /** Jobs processed at once per queue in this process. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
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
  });
}
