import type { Database } from '@sp/db';
import { createApp, listen, type Logger } from '@sp/http-kit';
import { parseKek, rewrapSealedKeys } from '@sp/crypto';
import { createSafeFetcher } from '@sp/did';
import {
  createQueue,
  createRedis,
  createWorker,
  JOBS,
  pingRedis,
  QUEUES,
  type Redis,
  type Worker,
  type OfferIssuedJob,
  type OffersIssuedJob,
  zOfferIssuedJob,
  zOffersIssuedJob,
  zStatusChangedJob,
  zWebhookDeliverJob,
} from '@sp/queue';
import { createWebhookSecretStore, statusChangedProcessor, webhookDeliverProcessor } from '@sp/verifier/jobs';
import { offersIssuedProcessor } from '@sp/wallet/jobs';
import { startBackgroundWork } from './background-work.js';
import type { JobsConfig } from './config.js';
import { operatorRoutes } from './operator-routes.js';

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
  // Issue 5: cohort chunks, emails, sweepers and reminders (background-work.ts).
  const work = await startBackgroundWork(config, { logger, db, redis: deps.redis, workerConnection });
  const onOffersIssued = offersIssuedProcessor({
    db,
    logger,
    email: work.email,
    walletUrl: config.email.walletUrl,
  });
  const notifications = createWorker(
    QUEUES.notifications,
    workerConnection,
    logger,
    {
      // createWorker has parsed the payload with the schema already.
      [JOBS.offerIssued]: {
        schema: zOfferIssuedJob,
        run: (data) => onOffersIssued([data as OfferIssuedJob]),
      },
      // A cohort chunk's offers: one job, one INSERT per outbox table.
      [JOBS.offersIssued]: {
        schema: zOffersIssuedJob,
        run: (data) => onOffersIssued((data as OffersIssuedJob).offers),
      },
    },
    { concurrency: config.concurrency, prefix: config.queuePrefix, lockDurationMs: config.lockMs },
  );
  // Webhooks (issue 4): status changes fan out to subscriptions, each delivery its own retried job.
  const workerOpts = {
    concurrency: config.concurrency,
    prefix: config.queuePrefix,
    lockDurationMs: config.lockMs,
  };
  const webhookQueue = createQueue(QUEUES.webhooks, deps.redis, logger, { prefix: config.queuePrefix });
  const webhookWorkers: Worker[] = [];
  if (config.keyEncryptionKey) {
    const onStatusChanged = statusChangedProcessor({
      db,
      logger,
      webhooks: webhookQueue,
      retry: config.webhookRetry,
    });
    const kek = parseKek(config.keyEncryptionKey);
    const previousKek = config.keyEncryptionKeyPrevious
      ? parseKek(config.keyEncryptionKeyPrevious)
      : undefined;
    if (previousKek) {
      // KEK rotation without downtime: both keys open secrets meanwhile; re-seal the old ones in the background.
      void rewrapSealedKeys(
        createWebhookSecretStore(db),
        { current: kek, previous: previousKek },
        { logger, what: 'webhook secrets' },
      ).catch((err: Error) =>
        logger.error({ err: { message: err.message } }, 'webhook secret re-wrap failed'),
      );
    }
    const deliver = webhookDeliverProcessor({
      db,
      logger,
      kek: previousKek ? [kek, previousKek] : kek,
      fetcher: createSafeFetcher({
        allowedPrivateHosts: config.devAllowedHosts,
        userAgent: 'skills-passport-webhooks/0.1',
      }),
    });
    webhookWorkers.push(
      createWorker(
        QUEUES.statusChanges,
        workerConnection,
        logger,
        {
          [JOBS.statusChanged]: {
            schema: zStatusChangedJob,
            run: (data) => onStatusChanged(zStatusChangedJob.parse(data)),
          },
        },
        workerOpts,
      ),
      createWorker(
        QUEUES.webhooks,
        workerConnection,
        logger,
        {
          [JOBS.webhookDeliver]: {
            schema: zWebhookDeliverJob,
            run: (data, job) => deliver(zWebhookDeliverJob.parse(data), job),
          },
        },
        workerOpts,
      ),
    );
  } else {
    logger.warn('KEY_ENCRYPTION_KEY is not set: status changes are not delivered to webhooks');
  }
  const app = createApp({
    service: 'jobs',
    logger,
    ready: async () => {
      await db.ping();
      await pingRedis(deps.redis);
    },
    routes: (app) => {
      if (config.operatorToken) {
        app.use(operatorRoutes({ token: config.operatorToken, queues: work.queues, db, email: work.email }));
      }
    },
  });
  const server = await listen(app, { port: config.port, host: config.host, logger, name: 'jobs' });
  return {
    port: server.port,
    workers: [notifications, ...webhookWorkers, ...work.workers],
    async close() {
      // Worker.close() waits for active jobs to finish, so nothing in flight is lost on SIGTERM.
      await notifications.close();
      for (const w of webhookWorkers) await w.close();
      await work.close();
      await webhookQueue.close();
      await workerConnection.quit().catch(() => {});
      await server.close();
    },
  };
}
