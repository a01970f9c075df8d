import { randomInt, randomUUID } from 'node:crypto';
import { checkIssuable } from '@sp/care-catalogue';
import { randomToken } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import { credentialOfferUri } from '@sp/oid4vci';
import type { OfferIssuedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import type { CreateOfferRequest } from '../schemas.js';
import type { NewOffer } from '../store/offer-store.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import { deriveOffer } from './derived-offer.js';
import { orgIdentity } from './identity.js';

/** An offer decided but not yet stored: its row, its links, its notification. */
export interface PlannedOffer {
  record: NewOffer;
  /** Where the wallet fetches the offer (OpenID4VCI 1.0 §4.1.3). */
  offerUrl: string;
  /** `openid-credential-offer://?credential_offer_uri=…` (§4.1). */
  offerUri: string;
  txCode: string | undefined;
  /** Payload of `notification.offer-issued.v1` (its `expiresAt` is the planned one). */
  notification: OfferIssuedJob;
  derived: boolean;
}

/**
 * The rules of making an offer, shared by the single and the bulk path: checks the catalogue (issuable by this
 * kind of organisation, in this delivery mode) and the calendar, then decides the offer's id, reference, secrets
 * and expiry. Refuses with `bad_request` (`reason` = `unknown_code` | `issuer_kind_not_allowed` |
 * `delivery_mode_not_accepted` | `invalid_dates`). With `sourceKey` the id and reference derive from it.
 * @example const plan = planCredentialOffer(ctx, org, input, { sourceKey: row.id });
 */
export function planCredentialOffer(
  ctx: IssuerContext,
  org: OrganisationRecord,
  input: CreateOfferRequest,
  opts: { sourceKey?: string | undefined } = {},
): PlannedOffer {
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
  const expiresAt = new Date(now.getTime() + ctx.config.offerTtlSeconds * 1000);
  const offerUrl = `${orgIdentity(ctx.config.baseUrl, org.slug).issuer}/offers/${ref}`;
  const offerUri = credentialOfferUri(offerUrl);
  return {
    record: {
      id,
      organisationId: org.id,
      offerRef: ctx.offerSecrets.refHash(ref),
      preAuthorizedCodeHash: ctx.offerSecrets.codeHash(code),
      txCodeHash: txCode ? ctx.offerSecrets.txCodeHash(code, txCode) : null,
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
    },
    offerUrl,
    offerUri,
    txCode,
    notification: {
      offerId: id,
      email: input.worker.email,
      workerName: input.worker.name,
      organisationName: org.name,
      credentialName: check.item.name,
      offerUri,
      expiresAt: expiresAt.toISOString(),
    },
    derived: Boolean(derived),
  };
}

/** A bare date means "valid through that day": the end of it in UTC. */
function toValidUntil(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59Z`) : new Date(value);
}
