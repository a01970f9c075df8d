import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import {
  type EmailSendJob,
  type EmailSendManyJob,
  enqueue,
  type Job,
  JOBS,
  type Queue,
  zEmailSendJob,
} from '@sp/queue';
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
 * BullMQ job id of an `email.send-many.v1` job: a digest of its emails' dedupe keys (order does not matter), so
 * the same emails are enqueued once however often their notification is delivered, and the id is known before
 * the emails are written (they are written already claimed by it, see {@link emailClaimHolder}).
 * @example emailsJobId(['offer-issued:…', …]); // 'emails-…'
 */
export function emailsJobId(dedupeKeys: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...dedupeKeys].sort().join('\n'))
    .digest('base64url');
  return `emails-${digest}`;
}

/**
 * What `claimedBy` holds for a claim made by the BullMQ job with this id.
 * @example emailClaimHolder(emailsJobId(keys)); // 'job:emails-…'
 */
export function emailClaimHolder(jobId: string): string {
  return `job:${jobId}`;
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

/** How long a sender's claim on an email lasts: longer than the worst SMTP attempt (connect + greeting + socket
 * timeouts, 40 s) times the emails claimed at once, so a claim never lapses while its sender is still at work. */
export const EMAIL_CLAIM_MS = 10 * 60_000;
/** Emails claimed (and marked sent) at once per job: many over the log transport, a few over SMTP so one slow
 * server cannot outlast the claim ({@link EMAIL_CLAIM_MS}). */
const CLAIM_GROUP = { log: 1_000, smtp: 10 } as const;

// Emails this job holds already (written claimed by it) with most of the lease left: sent without a second write.
const HELD = `
  SELECT id::text AS id, "to", subject, text FROM wallet_email_outbox
   WHERE id = ANY($1::uuid[]) AND state = 'pending' AND "claimedBy" = $2 AND "claimedUntil" > $3::timestamp`;
const CLAIM = `
  UPDATE wallet_email_outbox SET "claimedUntil" = $2::timestamp, "claimedBy" = $4
   WHERE id = ANY($1::uuid[]) AND state = 'pending'
     AND ("claimedUntil" IS NULL OR "claimedUntil" < $3::timestamp OR "claimedBy" = $4)
  RETURNING id::text AS id, "to", subject, text`;
const MARK_SENT = `
  UPDATE wallet_email_outbox
     SET state = 'sent', "sentAt" = $2::timestamp, attempts = attempts + 1, "claimedUntil" = NULL, "claimedBy" = NULL
   WHERE id = ANY($1::uuid[]) AND state = 'pending'`;
const RECORD_FAILURE = `
  UPDATE wallet_email_outbox
     SET attempts = attempts + 1, "lastError" = $2, "claimedUntil" = NULL, "claimedBy" = NULL,
         state = CASE WHEN $3::boolean THEN 'dead'::"WalletEmailState" ELSE state END,
         "deadAt" = CASE WHEN $3::boolean THEN $4::timestamp ELSE "deadAt" END
   WHERE id = $1::uuid AND state = 'pending'`;
const STILL_PENDING = `SELECT count(*)::int AS n FROM wallet_email_outbox WHERE id = ANY($1::uuid[]) AND state = 'pending'`;

/**
 * Sends outbox emails through the mailer (SMTP or the log): the body of `email.send.v1` (one email) and of
 * `email.send-many.v1` (a cohort chunk's emails). An email is sent only by the job that **claims** it — a
 * conditional update of its lease (`claimedUntil`, {@link EMAIL_CLAIM_MS}; `claimedBy`, the job id) while it is
 * pending — so two jobs naming the same email (a chunk's job and a job the sweeper added) never both send it, and
 * a later run of the claiming job itself (its process was killed) takes its claims over at once. A cohort's emails
 * are written already claimed by their `email.send-many.v1` job ({@link emailsJobId}), which then sends those
 * with more than half the lease left without claiming them again (one write per email fewer). What is sent is
 * marked sent in one UPDATE per claimed group. A failure is recorded on its row (and, on the job's last attempt, moves it to
 * `dead`); the job then throws, so BullMQ retries it with exponential backoff, and a retry sends only what is
 * still pending. An email another job holds makes this job throw too (retry later: the holder may die). A row no
 * longer pending (sent by an earlier attempt, or dead) is skipped: nothing is sent twice; a sender killed between
 * sending and marking sent makes that email go again when its job runs again (at least once, as before).
 * @returns how many emails this run sent, and how many of those asked it found sent or dead already
 */
export async function sendEmails(
  deps: { db: Database; logger: Logger; mailer: Mailer; now: () => Date },
  emailIds: readonly string[],
  job?: Job,
): Promise<{ sent: number; skipped: number }> {
  const { db, mailer } = deps;
  const attempts = job?.opts.attempts ?? 1;
  const last = (job?.attemptsMade ?? 0) + 1 >= attempts;
  const group = CLAIM_GROUP[mailer.kind];
  // BullMQ runs a job in one place at a time: a run of the same job finds the claims of an earlier run that died
  // (its process killed) and takes them over instead of waiting for them to lapse.
  const holder = job?.id ? emailClaimHolder(job.id) : `run:${randomUUID()}`;
  let sent = 0;
  let failed = 0;
  let firstError: unknown;
  let unclaimed = 0;
  for (let i = 0; i < emailIds.length; i += group) {
    const ids = emailIds.slice(i, i + group);
    const now = deps.now();
    type Row = { id: string; to: string; subject: string; text: string };
    const held = await db.query<Row>(HELD, [
      ids,
      holder,
      new Date(now.getTime() + EMAIL_CLAIM_MS / 2).toISOString(),
    ]);
    const heldIds = new Set(held.map((e) => e.id));
    const rest = ids.filter((id) => !heldIds.has(id));
    const claimed = rest.length
      ? await db.query<Row>(CLAIM, [
          rest,
          new Date(now.getTime() + EMAIL_CLAIM_MS).toISOString(),
          now.toISOString(),
          holder,
        ])
      : [];
    claimed.push(...held);
    unclaimed += ids.length - claimed.length;
    const done: string[] = [];
    for (const email of claimed) {
      try {
        await mailer.send(email);
        done.push(email.id);
      } catch (err) {
        failed++;
        firstError ??= err;
        await db.query(RECORD_FAILURE, [
          email.id,
          (err as Error).message.slice(0, 500),
          last,
          deps.now().toISOString(),
        ]);
        if (last)
          deps.logger.error({ emailId: email.id, attempts }, 'email dead-lettered after its last attempt');
      }
    }
    if (done.length) await db.query(MARK_SENT, [done, deps.now().toISOString()]);
    sent += done.length;
  }
  if (sent) deps.logger.info({ emails: sent, transport: mailer.kind }, 'emails sent');
  if (failed) throw firstError instanceof Error ? firstError : new Error(String(firstError));
  // Not claimed: sent or dead already (skip), or held by another job (try again later; it may have died).
  if (unclaimed > 0) {
    const [row] = await db.query<{ n: number }>(STILL_PENDING, [emailIds]);
    if ((row?.n ?? 0) > 0)
      throw new Error(`${row?.n} email(s) are being sent by another job; retrying later`);
  }
  return { sent, skipped: unclaimed };
}

/**
 * Processor of `email.send.v1`: sends one outbox email ({@link sendEmails}). A failure is recorded on the row
 * and rethrown, so BullMQ retries with exponential backoff; when the last attempt fails the row becomes `dead`
 * (and the job stays in the queue's failed set, where operators see and retry it). A row that is no longer
 * pending (sent by an earlier attempt, or dead) is skipped: nothing is sent twice.
 * @example createWorker(QUEUES.email, redis, logger, { [JOBS.emailSend]: { schema: zEmailSendJob, run: sendEmailProcessor({ db, logger, mailer }) } });
 */
export function sendEmailProcessor(deps: {
  db: Database;
  logger: Logger;
  mailer: Mailer;
  now?: () => Date;
}): (data: EmailSendJob, job?: Job) => Promise<'sent' | 'skipped'> {
  const send = { ...deps, now: deps.now ?? (() => new Date()) };
  return async (data, job) => ((await sendEmails(send, [data.emailId], job)).sent ? 'sent' : 'skipped');
}

/**
 * Processor of `email.send-many.v1`: sends a cohort chunk's outbox emails in one job ({@link sendEmails}): one
 * claim and one "sent" update per group instead of a job, a read and a write per email.
 * @example createWorker(QUEUES.email, redis, logger, { [JOBS.emailSendMany]: { schema: zEmailSendManyJob, run: (d, job) => sendMany(d, job) } });
 */
export function sendEmailsProcessor(deps: {
  db: Database;
  logger: Logger;
  mailer: Mailer;
  now?: () => Date;
}): (data: EmailSendManyJob, job?: Job) => Promise<{ sent: number; skipped: number }> {
  const send = { ...deps, now: deps.now ?? (() => new Date()) };
  return (data, job) => sendEmails(send, data.emailIds, job);
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
