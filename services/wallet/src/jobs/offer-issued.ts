import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import type { OfferIssuedJob } from '@sp/queue';
import { createNotificationStore } from '../store/notification-store.js';

/** The notification kind of an issued offer. */
export const OFFER_ISSUED_KIND = 'offer-issued';

/**
 * Processor of `notification.offer-issued.v1` (run by services/jobs): puts "New training record from <org>"
 * into the worker's wallet inbox (the outbox row, keyed by email). The row's `dedupeKey` is
 * `offer-issued:<offerId>`, so BullMQ's at-least-once delivery still makes one row.
 * The offer URI is a bearer capability: it is stored as the link but never logged.
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
}): (data: OfferIssuedJob) => Promise<void> {
  const notifications = createNotificationStore(deps.db);
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
  };
}
