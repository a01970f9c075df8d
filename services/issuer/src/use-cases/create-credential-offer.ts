import { randomInt, randomUUID } from 'node:crypto';
import { checkIssuable } from '@sp/care-catalogue';
import { randomToken } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import { credentialOfferUri } from '@sp/oid4vci';
import { enqueue, JOBS, zOfferIssuedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import { deriveOffer } from '../internal/derived-offer.js';
import { orgIdentity } from '../internal/identity.js';
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
  const check = checkIssuable({
    code: input.catalogueCode,
    issuerKind: org.kind,
    deliveryMode: input.deliveryMode,
  });
  if (!check.ok) {
    throw new AppError('bad_request', { detail: check.detail, extra: { reason: check.reason } });
  }
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  if (input.completionDate > today) {
    throw new AppError('bad_request', {
      detail: 'completionDate is in the future',
      extra: { reason: 'invalid_dates' },
    });
  }
  const validUntil = input.validUntil ? toValidUntil(input.validUntil) : undefined;
  if (validUntil && validUntil <= now) {
    throw new AppError('bad_request', {
      detail: 'validUntil must be in the future',
      extra: { reason: 'invalid_dates' },
    });
  }

  const derived = opts.sourceKey ? deriveOffer(ctx.kek, opts.sourceKey) : undefined;
  const id = derived?.id ?? randomUUID();
  const ref = derived?.ref ?? randomToken();
  const code = ctx.offerSecrets.preAuthorizedCode(ref);
  // §5.1.1 tx_code: a short numeric code the worker types in; 6 digits from the CSPRNG (never for derived offers,
  // whose answer must be the same on a retry).
  const txCode = input.txCode && !derived ? String(randomInt(0, 1_000_000)).padStart(6, '0') : undefined;
  let expiresAt = new Date(now.getTime() + ctx.config.offerTtlSeconds * 1000);
  const created = await ctx.offers.createOnce({
    id,
    organisationId: org.id,
    offerRef: ctx.offerSecrets.refHash(ref),
    preAuthorizedCodeHash: ctx.offerSecrets.codeHash(code),
    txCodeHash: txCode ? ctx.offerSecrets.txCodeHash(id, txCode) : null,
    workerEmail: input.worker.email,
    workerName: input.worker.name,
    catalogueCode: check.item.code,
    achievement: {
      completionDate: input.completionDate,
      deliveryMode: input.deliveryMode,
      assessmentMethod: input.assessmentMethod,
      ...(input.assessor ? { assessor: input.assessor } : {}),
      ...(validUntil ? { validUntil: validUntil.toISOString() } : {}),
    },
    expiresAt,
  });
  if (!created) {
    // Only a derived id can be taken: this source's offer exists already (a retried job). Answer with it.
    const existing = await ctx.offers.findForOrganisation(id, org.id);
    if (!existing) throw new Error(`offer ${id} exists for another organisation`);
    expiresAt = existing.expiresAt;
  }
  const offerUrl = `${orgIdentity(ctx.config.baseUrl, org.slug).issuer}/offers/${ref}`;
  const offerUri = credentialOfferUri(offerUrl);
  ctx.logger.info(
    { organisationId: org.id, offerId: id, catalogueCode: check.item.code, txCode: Boolean(txCode) },
    'credential offer created',
  );

  try {
    if (!ctx.notifications) throw new Error('no notifications queue');
    await withTimeout(
      enqueue(
        ctx.notifications,
        JOBS.offerIssued,
        zOfferIssuedJob,
        {
          offerId: id,
          email: input.worker.email,
          workerName: input.worker.name,
          organisationName: org.name,
          credentialName: check.item.name,
          offerUri,
          expiresAt: expiresAt.toISOString(),
        },
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

/** A bare date means "valid through that day": the end of it in UTC. */
function toValidUntil(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59Z`) : new Date(value);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
