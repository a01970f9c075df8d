import { randomUUID } from 'node:crypto';
import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import { enqueue, JOBS, type OfferIssuedJob, type Queue, zEmailSendJob, zEmailSendManyJob } from '@sp/queue';
import { EMAIL_CLAIM_MS, emailClaimHolder, emailJobId, emailsJobId } from './send-email.js';

/** The notification kind of an issued offer. */
export const OFFER_ISSUED_KIND = 'offer-issued';

/** Outbox key of an offer's inbox row and of its email: one of each per offer, however often it is delivered. */
const dedupeKey = (offerId: string) => `offer-issued:${offerId}`;

// Rows go in as one JSON parameter read by json_to_recordset (JSON.stringify is native; the driver would escape
// arrays element by element in JavaScript).
const INSERT_NOTIFICATIONS = `
  INSERT INTO wallet_notification_outbox (id, "dedupeKey", email, kind, title, body, link)
  SELECT * FROM json_to_recordset($1::json)
    AS v(id uuid, "dedupeKey" text, email text, kind text, title text, body text, link text)
  ON CONFLICT ("dedupeKey") DO NOTHING`;
const WORKERS_WITH_EMAIL = `SELECT email FROM wallet_worker WHERE email = ANY($1::text[])`;
// New emails are written claimed by the job that will send them ($2, $3), so it needs no second write to claim.
const INSERT_EMAILS = `
  INSERT INTO wallet_email_outbox (id, "dedupeKey", "to", subject, text, "claimedBy", "claimedUntil")
  SELECT v.id, v."dedupeKey", v."to", v.subject, v.text, $2, $3::timestamp
    FROM json_to_recordset($1::json) AS v(id uuid, "dedupeKey" text, "to" text, subject text, text text)
  ON CONFLICT ("dedupeKey") DO NOTHING`;
const EMAILS = `
  SELECT id::text AS id, state::text AS state FROM wallet_email_outbox WHERE "dedupeKey" = ANY($1::text[])`;

/**
 * Processor of `notification.offers-issued.v1` (a cohort chunk's offers, run by services/jobs) and, with a list
 * of one, of `notification.offer-issued.v1`: puts "New training record from <org>" into each worker's wallet
 * inbox (the outbox row, keyed by email) — one INSERT for all of them. Each row's `dedupeKey` is
 * `offer-issued:<offerId>` (`ON CONFLICT DO NOTHING`), so BullMQ's at-least-once delivery, a retried chunk or two
 * jobs naming the same offer still make one row. The offer URI is a bearer capability: it is stored as the link
 * but never logged.
 * With an email queue it also writes one email per offer into the outbox (same key; an invitation to join when the
 * address has no wallet account yet), again in one INSERT, and enqueues one job sending them all
 * (`email.send-many.v1`; `email.send.v1` for a single offer) while any is still pending; the job id digests the
 * emails' keys, so nothing is added twice, and each email is claimed before it is sent, so none goes twice (a
 * cohort's new emails are written already claimed by that job). The email
 * names no offer link (the link stays in the signed-in inbox). When that enqueue fails the job fails, and its
 * retry (BullMQ) enqueues them once Redis answers again.
 *
 * @example
 * ```ts
 * const notify = offersIssuedProcessor({ db, logger, email });
 * createWorker(QUEUES.notifications, redis, logger, {
 *   [JOBS.offersIssued]: { schema: zOffersIssuedJob, run: (d) => notify(zOffersIssuedJob.parse(d).offers) },
 * });
 * ```
 */
export function offersIssuedProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The email queue: with it the workers are also emailed (an invitation to join when they have no account). */
  email?: Queue;
  /** Where workers sign up and sign in, named in the email. */
  walletUrl?: string;
}): (offers: readonly OfferIssuedJob[]) => Promise<void> {
  const { db } = deps;
  return async (offers) => {
    if (offers.length === 0) return;
    const items = offers.map((o) => ({
      ...o,
      key: dedupeKey(o.offerId),
      to: o.email.trim().toLowerCase(),
      until: o.expiresAt.slice(0, 10),
    }));
    await db.query(INSERT_NOTIFICATIONS, [
      JSON.stringify(
        items.map((i) => ({
          id: randomUUID(),
          dedupeKey: i.key,
          email: i.to,
          kind: OFFER_ISSUED_KIND,
          title: `New training record from ${i.organisationName}`,
          body: `Hello ${i.workerName}, ${i.organisationName} has issued "${i.credentialName}" to you. Add it to your wallet before ${i.until}.`,
          link: i.offerUri,
        })),
      ),
    ]);
    deps.logger.info({ offers: items.length }, 'offer-issued notifications stored');
    if (!deps.email) return;
    // Claim later: a worker without an account is invited to join with this address; the offer waits in the
    // inbox (keyed by email) and is there when they sign up.
    const withAccount = new Set(
      (await db.query<{ email: string }>(WORKERS_WITH_EMAIL, [[...new Set(items.map((i) => i.to))]])).map(
        (r) => r.email,
      ),
    );
    const where = deps.walletUrl ?? 'your Skills Passport wallet';
    // Many emails go out in one email.send-many.v1 job, whose id (from the dedupe keys) is known now: the rows are
    // written claimed by it. A single email keeps its own email.send.v1 job, which claims it when it runs.
    const keys = items.map((i) => i.key);
    const manyJobId = keys.length > 1 ? emailsJobId(keys) : undefined;
    await db.query(INSERT_EMAILS, [
      JSON.stringify(
        items.map((i) => ({
          id: randomUUID(),
          dedupeKey: i.key,
          to: i.to,
          subject: `New training record from ${i.organisationName}`,
          text: withAccount.has(i.to)
            ? `Hello ${i.workerName},\n\n${i.organisationName} has issued "${i.credentialName}" to you. Sign in at ${where} and add it to your wallet before ${i.until}.`
            : `Hello ${i.workerName},\n\n${i.organisationName} has issued "${i.credentialName}" to you. Create your free Skills Passport wallet at ${where} with this email address and it will be waiting for you; add it before ${i.until}.`,
        })),
      ),
      manyJobId ? emailClaimHolder(manyJobId) : null,
      manyJobId ? new Date(Date.now() + EMAIL_CLAIM_MS).toISOString() : null,
    ]);
    const emails = await db.query<{ id: string; state: string }>(EMAILS, [keys]);
    if (!emails.some((e) => e.state === 'pending')) return;
    const emailIds = emails.map((e) => e.id);
    // One job for all of them; its id digests their dedupe keys (so a redelivery of this notification finds the
    // same job), and the sender skips what is no longer pending. When Redis refuses, this
    // job fails and is retried (the rows above are made once), so the emails go when Redis is back; the email
    // sweeper remains the last resort.
    const [only] = emailIds;
    if (manyJobId) {
      await enqueue(deps.email, JOBS.emailSendMany, zEmailSendManyJob, { emailIds }, manyJobId);
    } else if (only) {
      await enqueue(deps.email, JOBS.emailSend, zEmailSendJob, { emailId: only }, emailJobId(only));
    }
  };
}

/**
 * Processor of `notification.offer-issued.v1` (one offer, e.g. from the single-offer API): the same as
 * {@link offersIssuedProcessor} for a list of one.
 * @example createWorker(QUEUES.notifications, redis, logger, { [JOBS.offerIssued]: { schema: zOfferIssuedJob, run: offerIssuedProcessor({ db, logger }) } });
 */
export function offerIssuedProcessor(
  deps: Parameters<typeof offersIssuedProcessor>[0],
): (data: OfferIssuedJob) => Promise<void> {
  const many = offersIssuedProcessor(deps);
  return (data) => many([data]);
}
