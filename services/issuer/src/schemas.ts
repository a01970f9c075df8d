import { zDeliveryMode, zIssuerKind } from '@sp/care-catalogue';
import { z } from 'zod';
import { SLUG_PATTERN } from './internal/identity.js';

/** `POST /v1/admin/organisations` body. */
export const zCreateOrganisationRequest = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'lower-case letters, digits and inner hyphens, at most 64'),
  name: z.string().trim().min(1).max(200),
  kind: zIssuerKind,
  alg: z.enum(['EdDSA', 'ES256']).optional(),
});
export type CreateOrganisationRequest = z.output<typeof zCreateOrganisationRequest>;

export const zCreateOrganisationResponse = z.object({
  organisation: z.object({
    id: z.string(),
    slug: z.string(),
    did: z.string(),
    kind: zIssuerKind,
    name: z.string(),
  }),
  apiKey: z.string(),
});

/** `POST /v1/admin/organisations/:slug/api-keys` body (optional). */
export const zCreateApiKeyRequest = z.object({ name: z.string().trim().min(1).max(100).optional() });
export const zCreateApiKeyResponse = z.object({ apiKey: z.string(), prefix: z.string() });

const zIsoDate = z.iso.date();

/** `POST /v1/credential-offers` body: one worker, one catalogue item. */
export const zCreateOfferRequest = z.object({
  worker: z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200) }),
  catalogueCode: z.string().min(1).max(64),
  completionDate: zIsoDate,
  deliveryMode: zDeliveryMode,
  assessmentMethod: z.string().trim().min(1).max(300),
  assessor: z.string().trim().min(1).max(300).optional(),
  /** Date (YYYY-MM-DD, end of that day UTC) or date-time after which the credential is no longer valid. */
  validUntil: z.union([zIsoDate, z.iso.datetime({ offset: true })]).optional(),
  /** Ask for a 6-digit transaction code (OpenID4VCI 1.0 §4.1.1 tx_code), returned once in the answer. */
  txCode: z.boolean().optional(),
});
export type CreateOfferRequest = z.output<typeof zCreateOfferRequest>;

export const zCreateOfferResponse = z.object({
  id: z.string(),
  credential_offer_uri: z.string(),
  offer_uri: z.string(),
  tx_code: z.string().optional(),
  expires_at: z.string(),
});

export const zOfferStatus = z.object({
  id: z.string(),
  state: z.enum(['offered', 'token_issued', 'credential_issued', 'expired']),
  catalogueCode: z.string(),
  worker: z.object({ email: z.string(), name: z.string() }),
  offerFetched: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string(),
  credentialId: z.string().nullable(),
});

export const zListCredentialsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(100).optional(),
});

export const zIssuedCredentialItem = z.object({
  id: z.string(),
  offerId: z.string().nullable(),
  holderDid: z.string(),
  catalogueCode: z.string(),
  statusListCredential: z.string(),
  statusListIndex: z.number().int(),
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  /** After revoke/suspend/reinstate (`POST /v1/credentials/:id/…`). */
  state: z.enum(['active', 'suspended', 'revoked']),
});
export const zListCredentialsResponse = z.object({
  items: z.array(zIssuedCredentialItem),
  nextCursor: z.string().nullable(),
});

export const zSlugParams = z.object({ slug: z.string().regex(SLUG_PATTERN) });
