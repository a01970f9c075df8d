import type { Database } from '@sp/db';
import { createApp, listen, type Logger } from '@sp/http-kit';
import { createRedis, createWorker, JOBS, pingRedis, QUEUES, type Redis, zOfferIssuedJob } from '@sp/queue';
import { offerIssuedProcessor } from '@sp/wallet/jobs';
import type { JobsConfig } from './config.js';

export interface JobsDeps {
  logger: Logger;
  db: Database;
  redis: Redis;
}

/**
 * Starts the BullMQ workers (each processor belongs to the service that owns its tables) and a small HTTP server
 * for /healthz, /readyz and /metrics. `close()` lets running jobs finish, then stops.
 * @example const jobs = await startJobs(config, { logger, db, redis });
 */
export async function startJobs(config: JobsConfig, deps: JobsDeps) {
  const { logger, db } = deps;
  // Workers block on Redis, so they need their own connection with maxRetriesPerRequest: null.
  const workerConnection = createRedis(config.redisUrl, { logger, forWorker: true });
  const onOfferIssued = offerIssuedProcessor({ db, logger });
  const notifications = createWorker(
    QUEUES.notifications,
    workerConnection,
    logger,
    {
      [JOBS.offerIssued]: {
        schema: zOfferIssuedJob,
        run: (data) => onOfferIssued(zOfferIssuedJob.parse(data)),
      },
    },
    { concurrency: config.concurrency, prefix: config.queuePrefix },
  );
  const app = createApp({
    service: 'jobs',
    logger,
    ready: async () => {
      await db.ping();
      await pingRedis(deps.redis);
    },
    routes: () => {},
  });
  const server = await listen(app, { port: config.port, host: config.host, logger, name: 'jobs' });
  return {
    port: server.port,
    workers: [notifications],
    async close() {
      // Worker.close() waits for active jobs to finish, so nothing in flight is lost on SIGTERM.
      await notifications.close();
      await workerConnection.quit().catch(() => {});
      await server.close();
    },
  };
}
