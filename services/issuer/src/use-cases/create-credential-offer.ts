import { enqueue, JOBS, withTimeout, zOfferIssuedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import { planCredentialOffer } from '../internal/plan-offer.js';
import type { CreateOfferRequest } from '../schemas.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/**
 * BullMQ job id of an offer's notification, which makes the enqueue idempotent. BullMQ 6 refuses custom ids
 * containing ':' ("Custom Id cannot contain :"), hence the hyphen.
 * @example await queue.getJob(offerIssuedJobId(offer.id));
 */
export function offerIssuedJobId(offerId: string): string {
  return `offer-issued-${offerId}`;
}

/** How long offer creation waits for Redis before it gives up on the notification (the offer stands). */
const ENQUEUE_TIMEOUT_MS = 2_000;

export interface CreatedOffer {
  id: string;
  /** Where the wallet fetches the offer (OpenID4VCI 1.0 §4.1.3); single use. */
  credential_offer_uri: string;
  /** `openid-credential-offer://?credential_offer_uri=…` for a QR code or link (§4.1). */
  offer_uri: string;
  /** Only when requested; shown once, to be passed to the worker by another channel (§4.1.1 tx_code). */
  tx_code?: string;
  expires_at: string;
}

/**
 * Creates a credential offer by reference for one worker and one catalogue item, then enqueues the
 * `notification.offer-issued.v1` job. Refuses with `bad_request` (400, `reason` = `unknown_code` |
 * `issuer_kind_not_allowed` | `delivery_mode_not_accepted` | `invalid_dates`) what the catalogue or the
 * calendar does not allow. A Redis failure is logged and does not fail the offer.
 *
 * With `opts.sourceKey` (bulk issuance: a batch row's id) the offer's id and reference derive from that key, so
 * calling again for the same key creates nothing new and answers with the same offer (exactly once per row);
 * a failed notification enqueue then fails the call, so the caller's job retries it.
 * @example const offer = await createCredentialOffer(ctx, org, { worker, catalogueCode: 'CORE-BLS', … });
 */
export async function createCredentialOffer(
  ctx: IssuerContext,
  org: OrganisationRecord,
  input: CreateOfferRequest,
  opts: { sourceKey?: string } = {},
): Promise<CreatedOffer> {
  const plan = planCredentialOffer(ctx, org, input, opts);
  const { id } = plan.record;
  const txCode = plan.txCode;
  const derived = plan.derived;
  let expiresAt = plan.record.expiresAt;
  const created = await ctx.offers.createOnce(plan.record);
  if (!created) {
    // Only a derived id can be taken: this source's offer exists already (a retried job). Answer with it.
    const existing = await ctx.offers.findForOrganisation(id, org.id);
    if (!existing) throw new Error(`offer ${id} exists for another organisation`);
    expiresAt = existing.expiresAt;
  }
  const { offerUrl, offerUri } = plan;
  ctx.logger.info(
    {
      organisationId: org.id,
      offerId: id,
      catalogueCode: plan.record.catalogueCode,
      txCode: Boolean(txCode),
    },
    'credential offer created',
  );

  try {
    if (!ctx.notifications) throw new Error('no notifications queue');
    await withTimeout(
      enqueue(
        ctx.notifications,
        JOBS.offerIssued,
        zOfferIssuedJob,
        { ...plan.notification, expiresAt: expiresAt.toISOString() },
        offerIssuedJobId(id),
      ),
      ENQUEUE_TIMEOUT_MS,
    );
  } catch (err) {
    // A batch row's job retries instead: the derived offer is not made twice and the worker is still told.
    if (derived) throw err;
    // The offer is the system of record; the notification is a convenience the issuer can repeat by hand.
    ctx.logger.warn(
      { offerId: id, err: { message: (err as Error).message } },
      'offer-issued notification not enqueued',
    );
  }

  return {
    id,
    credential_offer_uri: offerUrl,
    offer_uri: offerUri,
    ...(txCode ? { tx_code: txCode } : {}),
    expires_at: expiresAt.toISOString(),
  };
}
