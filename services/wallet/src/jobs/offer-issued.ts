import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import type { OfferIssuedJob, Queue } from '@sp/queue';
import { createEmailStore } from '../store/email-store.js';
import { createNotificationStore } from '../store/notification-store.js';
import { createWorkerStore } from '../store/worker-store.js';
import { queueEmail } from './send-email.js';

/** The notification kind of an issued offer. */
export const OFFER_ISSUED_KIND = 'offer-issued';

/**
 * Processor of `notification.offer-issued.v1` (run by services/jobs): puts "New training record from <org>"
 * into the worker's wallet inbox (the outbox row, keyed by email). The row's `dedupeKey` is
 * `offer-issued:<offerId>`, so BullMQ's at-least-once delivery still makes one row.
 * The offer URI is a bearer capability: it is stored as the link but never logged.
 * With an email queue it also writes an email into the outbox (same key) and enqueues `email.send.v1`; the email
 * names no offer link (the link stays in the signed-in inbox).
 *
 * @example
 * ```ts
 * createWorker(QUEUES.notifications, redis, logger, {
 *   [JOBS.offerIssued]: { schema: zOfferIssuedJob, run: offerIssuedProcessor({ db, logger }) },
 * });
 * ```
 */
export function offerIssuedProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The email queue: with it the worker is also emailed (an invitation to join when they have no account). */
  email?: Queue;
  /** Where workers sign up and sign in, named in the email. */
  walletUrl?: string;
}): (data: OfferIssuedJob) => Promise<void> {
  const notifications = createNotificationStore(deps.db);
  const emails = createEmailStore(deps.db);
  const workers = createWorkerStore(deps.db);
  return async (data) => {
    const until = data.expiresAt.slice(0, 10);
    await notifications.upsert({
      dedupeKey: `offer-issued:${data.offerId}`,
      email: data.email.trim().toLowerCase(),
      kind: OFFER_ISSUED_KIND,
      title: `New training record from ${data.organisationName}`,
      body: `Hello ${data.workerName}, ${data.organisationName} has issued "${data.credentialName}" to you. Add it to your wallet before ${until}.`,
      link: data.offerUri,
    });
    deps.logger.info({ offerId: data.offerId }, 'offer-issued notification stored');
    if (!deps.email) return;
    // Claim later: a worker without an account is invited to join with this address; the offer waits in the
    // inbox (keyed by email) and is there when they sign up.
    const email = data.email.trim().toLowerCase();
    const hasAccount = (await workers.findByEmail(email)) !== null;
    const where = deps.walletUrl ?? 'your Skills Passport wallet';
    await queueEmail(
      { emails, queue: deps.email, logger: deps.logger },
      {
        dedupeKey: `offer-issued:${data.offerId}`,
        to: email,
        subject: `New training record from ${data.organisationName}`,
        text: hasAccount
          ? `Hello ${data.workerName},\n\n${data.organisationName} has issued "${data.credentialName}" to you. Sign in at ${where} and add it to your wallet before ${until}.`
          : `Hello ${data.workerName},\n\n${data.organisationName} has issued "${data.credentialName}" to you. Create your free Skills Passport wallet at ${where} with this email address and it will be waiting for you; add it before ${until}.`,
      },
    );
  };
}
