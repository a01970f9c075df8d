import { AppError } from '@sp/http-kit';
import { type CredentialOffer, PRE_AUTHORIZED_GRANT } from '@sp/oid4vci';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import { requireOrganisation } from './get-organisation-documents.js';

/**
 * The Credential Offer behind a `credential_offer_uri` (OpenID4VCI 1.0 §4.1.1, §4.1.3). Single use: the first
 * fetch wins, later ones get `not_found` (404), like an unknown reference; an expired, never-fetched offer gets
 * `gone` (410). The pre-authorised code is re-derived from the reference, never stored (offer-secrets.ts).
 * @example const offer = await fetchCredentialOffer(ctx, 'acme', ref);
 */
export async function fetchCredentialOffer(
  ctx: IssuerContext,
  slug: string,
  ref: string,
): Promise<CredentialOffer> {
  const org = await requireOrganisation(ctx, slug);
  const refHash = ctx.offerSecrets.refHash(ref);
  const now = ctx.now();
  if (!(await ctx.offers.claimOfferFetch(org.id, refHash, now))) {
    const offer = await ctx.offers.findByRef(org.id, refHash);
    if (offer && !offer.offerFetchedAt && offer.expiresAt <= now) {
      throw new AppError('gone', { detail: 'This credential offer has expired' });
    }
    throw new AppError('not_found', { detail: 'No such credential offer, or it was already used' });
  }
  const offer = await ctx.offers.findByRef(org.id, refHash);
  if (!offer) throw new AppError('not_found', { detail: 'No such credential offer' });
  const grant: NonNullable<NonNullable<CredentialOffer['grants']>[typeof PRE_AUTHORIZED_GRANT]> = {
    'pre-authorized_code': ctx.offerSecrets.preAuthorizedCodeFor(ref, offer.preAuthorizedCodeHash),
  };
  if (offer.txCodeHash) {
    grant.tx_code = {
      input_mode: 'numeric',
      length: 6,
      description: `Enter the 6-digit code ${org.name} gave you with this offer`,
    };
  }
  return {
    credential_issuer: orgIdentity(ctx.config.baseUrl, org.slug).issuer,
    credential_configuration_ids: [offer.catalogueCode],
    grants: { [PRE_AUTHORIZED_GRANT]: grant },
  };
}
