import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import { issuerProcessors } from '@sp/issuer/jobs';
import {
  createQueue,
  createWorker,
  JOBS,
  QUEUES,
  type Queue,
  type Redis,
  type Worker,
  zBulkIssuanceJob,
  type EmailSendJob,
  type EmailSendManyJob,
  zEmailSendJob,
  zEmailSendManyJob,
  zScheduledJob,
} from '@sp/queue';
import {
  createMailer,
  emailSweepProcessor,
  refreshRemindersProcessor,
  sendEmailProcessor,
  sendEmailsProcessor,
} from '@sp/wallet/jobs';
import type { JobsConfig } from './config.js';

/** Job scheduler ids (one per kind of periodic scan; `upsertJobScheduler` at each boot keeps exactly one). */
export const SCHEDULERS = {
  bulkSweep: 'issuance-bulk-sweep',
  emailSweep: 'email-sweep',
  refreshReminders: 'refresh-reminders',
} as const;

/**
 * Issue 5's background work in the jobs process: cohort chunks (`issuance.bulk.v1`), emails (`email.send.v1`),
 * and the scheduled scans — the bulk sweeper, the email sweeper and the refresh reminders — each registered with
 * `upsertJobScheduler` at every boot on the `scheduled` queue. Bulk issuance needs the issuer's configuration
 * (`KEY_ENCRYPTION_KEY`, `ISSUER_BASE_URL`); without it the issuance queue is not worked.
 * @example const work = await startBackgroundWork(config, { logger, db, redis, workerConnection });
 */
export async function startBackgroundWork(
  config: JobsConfig,
  deps: { logger: Logger; db: Database; redis: Redis; workerConnection: Redis; now?: () => Date },
) {
  const { logger, db } = deps;
  const prefix = config.queuePrefix;
  const email = createQueue(QUEUES.email, deps.redis, logger, {
    prefix,
    jobOptions: {
      attempts: config.email.attempts,
      backoff: { type: 'exponential', delay: config.email.backoffMs },
    },
  });
  const issuance = createQueue(QUEUES.issuance, deps.redis, logger, { prefix });
  const notifications = createQueue(QUEUES.notifications, deps.redis, logger, { prefix });
  const scheduled = createQueue(QUEUES.scheduled, deps.redis, logger, { prefix });
  const queues: Queue[] = [issuance, email, scheduled, notifications];
  const workers: Worker[] = [];
  const clock = deps.now ? { now: deps.now } : {};

  const mailer = createMailer({ smtpUrl: config.email.smtpUrl, from: config.email.from, logger });
  const sendEmail = sendEmailProcessor({ db, logger, mailer, ...clock });
  const sendEmails = sendEmailsProcessor({ db, logger, mailer, ...clock });
  workers.push(
    createWorker(
      QUEUES.email,
      deps.workerConnection,
      logger,
      {
        // createWorker has parsed each payload with its schema already.
        [JOBS.emailSend]: { schema: zEmailSendJob, run: (d, job) => sendEmail(d as EmailSendJob, job) },
        [JOBS.emailSendMany]: {
          schema: zEmailSendManyJob,
          run: (d, job) => sendEmails(d as EmailSendManyJob, job),
        },
      },
      { concurrency: config.concurrency, prefix, lockDurationMs: config.lockMs },
    ),
  );

  const issuer = config.issuer
    ? issuerProcessors(config.issuer, { db, logger, issuance, notifications, ...clock })
    : undefined;
  if (issuer) {
    workers.push(
      createWorker(
        QUEUES.issuance,
        deps.workerConnection,
        logger,
        {
          [JOBS.bulkIssuance]: {
            schema: zBulkIssuanceJob,
            run: (d) => issuer.bulkIssuance(zBulkIssuanceJob.parse(d)),
          },
        },
        { concurrency: config.bulk.concurrency, prefix, lockDurationMs: config.lockMs },
      ),
    );
  } else {
    logger.warn('KEY_ENCRYPTION_KEY is not set: cohort batches are not issued by this process');
  }

  const sweepEmails = emailSweepProcessor({ db, logger, queue: email, ...clock });
  const remind = refreshRemindersProcessor({
    db,
    logger,
    email,
    walletUrl: config.email.walletUrl,
    ...clock,
  });
  workers.push(
    createWorker(
      QUEUES.scheduled,
      deps.workerConnection,
      logger,
      {
        [JOBS.bulkSweep]: {
          schema: zScheduledJob,
          run: async () => (issuer ? issuer.bulkSweep({ staleAfterMs: config.bulk.staleAfterMs }) : 0),
        },
        [JOBS.emailSweep]: { schema: zScheduledJob, run: () => sweepEmails() },
        [JOBS.refreshReminders]: { schema: zScheduledJob, run: () => remind() },
      },
      { concurrency: 1, prefix, lockDurationMs: config.lockMs },
    ),
  );
  // At every boot: one scheduler per scan, with this configuration's interval (an upsert, never a second copy).
  await scheduled.upsertJobScheduler(
    SCHEDULERS.bulkSweep,
    { every: config.bulk.sweepEveryMs },
    { name: JOBS.bulkSweep, data: {} },
  );
  await scheduled.upsertJobScheduler(
    SCHEDULERS.emailSweep,
    { every: 60_000 },
    { name: JOBS.emailSweep, data: {} },
  );
  await scheduled.upsertJobScheduler(
    SCHEDULERS.refreshReminders,
    { every: config.remindersEveryMs },
    { name: JOBS.refreshReminders, data: {} },
  );

  return {
    workers,
    queues,
    /** The email queue, for the wallet's offer-issued processor (it emails the worker too). */
    email,
    mailer,
    async close() {
      for (const w of workers) await w.close();
      for (const q of queues) await q.close();
      mailer.close();
    },
  };
}

export type BackgroundWork = Awaited<ReturnType<typeof startBackgroundWork>>;
