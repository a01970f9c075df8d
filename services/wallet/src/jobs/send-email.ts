import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import { type EmailSendJob, enqueue, type Job, JOBS, type Queue, zEmailSendJob } from '@sp/queue';
import { createEmailStore, type EmailStore } from '../store/email-store.js';
import type { Mailer } from './mailer.js';

/**
 * BullMQ job id of an outbox email's send job (BullMQ refuses ':' in ids). A revived email gets a suffix,
 * because the id of its failed job is kept for operators.
 * @example emailJobId(id); // 'email-…'
 */
export function emailJobId(emailId: string, retry?: string): string {
  return `email-${emailId}${retry ? `-${retry}` : ''}`;
}

/**
 * Writes an email into the outbox (once per `dedupeKey`) and enqueues its send job. When the enqueue fails
 * the row stays pending and the email sweeper enqueues it later.
 * @example await queueEmail({ emails, queue, logger }, { dedupeKey: 'offer-issued:…', to, subject, text });
 */
export async function queueEmail(
  deps: { emails: EmailStore; queue: Queue | undefined; logger: Logger },
  email: { dedupeKey: string; to: string; subject: string; text: string },
): Promise<{ id: string; created: boolean }> {
  const { id, created } = await deps.emails.add(email);
  try {
    if (deps.queue) await enqueue(deps.queue, JOBS.emailSend, zEmailSendJob, { emailId: id }, emailJobId(id));
  } catch (err) {
    deps.logger.warn(
      { emailId: id, err: { message: (err as Error).message } },
      'email job not enqueued; the sweeper will',
    );
  }
  return { id, created };
}

/**
 * Processor of `email.send.v1`: sends one outbox email through the mailer (SMTP or the log). A failure is
 * recorded on the row and rethrown, so BullMQ retries with exponential backoff; when the last attempt fails the
 * row becomes `dead` (and the job stays in the queue's failed set, where operators see and retry it).
 * A row that is no longer pending (sent by an earlier attempt, or dead) is skipped: nothing is sent twice.
 * @example createWorker(QUEUES.email, redis, logger, { [JOBS.emailSend]: { schema: zEmailSendJob, run: sendEmailProcessor({ db, logger, mailer }) } });
 */
export function sendEmailProcessor(deps: {
  db: Database;
  logger: Logger;
  mailer: Mailer;
  now?: () => Date;
}): (data: EmailSendJob, job?: Job) => Promise<'sent' | 'skipped'> {
  const emails = createEmailStore(deps.db);
  const now = deps.now ?? (() => new Date());
  return async (data, job) => {
    const email = await emails.find(data.emailId);
    if (email?.state !== 'pending') return 'skipped';
    try {
      await deps.mailer.send({ id: email.id, to: email.to, subject: email.subject, text: email.text });
    } catch (err) {
      const attempts = job?.opts.attempts ?? 1;
      const last = (job?.attemptsMade ?? 0) + 1 >= attempts;
      const message = (err as Error).message;
      await emails.recordFailure(email.id, message, last, now());
      if (last)
        deps.logger.error({ emailId: email.id, attempts }, 'email dead-lettered after its last attempt');
      throw err;
    }
    await emails.markSent(email.id, now());
    deps.logger.info({ emailId: email.id, transport: deps.mailer.kind }, 'email sent');
    return 'sent';
  };
}

/**
 * Processor of the scheduled `email.sweep.v1`: enqueues the send job of every email still pending a while
 * after it was written (its enqueue failed, or Redis lost the job). The job id is the email's, so an email whose
 * job is waiting or retrying is not enqueued twice.
 * @example await emailSweepProcessor({ db, logger, queue })({});
 */
export function emailSweepProcessor(deps: {
  db: Database;
  logger: Logger;
  queue: Queue;
  now?: () => Date;
  /** How old a pending email must be before the sweeper looks at it, in ms. Default 60,000. */
  graceMs?: number;
}): () => Promise<number> {
  const emails = createEmailStore(deps.db);
  const now = deps.now ?? (() => new Date());
  return async () => {
    const pending = await emails.listPending(new Date(now().getTime() - (deps.graceMs ?? 60_000)), 1_000);
    for (const e of pending) {
      await enqueue(deps.queue, JOBS.emailSend, zEmailSendJob, { emailId: e.id }, emailJobId(e.id));
    }
    if (pending.length) deps.logger.info({ emails: pending.length }, 'pending emails re-enqueued');
    return pending.length;
  };
}
