import { AppError } from '@sp/http-kit';
import type { z } from 'zod';
import type { IssuerContext } from '../context.js';
import type { zOfferStatus } from '../schemas.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/**
 * The state of one of the organisation's own offers; another organisation's offer is `not_found`, like a
 * missing one. An offer still `offered` after its expiry reads as `expired`.
 * @example const status = await getOfferStatus(ctx, org, offerId);
 */
export async function getOfferStatus(
  ctx: IssuerContext,
  org: OrganisationRecord,
  offerId: string,
): Promise<z.output<typeof zOfferStatus>> {
  const notFound = new AppError('not_found', { detail: 'No such credential offer' });
  if (!/^[0-9a-f-]{36}$/i.test(offerId)) throw notFound;
  const offer = await ctx.offers.findWithCredential(offerId, org.id);
  if (!offer) throw notFound;
  const expired = offer.state !== 'credential_issued' && offer.expiresAt <= ctx.now();
  return {
    id: offer.id,
    state: expired ? 'expired' : offer.state,
    catalogueCode: offer.catalogueCode,
    worker: { email: offer.workerEmail, name: offer.workerName },
    offerFetched: offer.offerFetchedAt !== null,
    createdAt: offer.createdAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
    credentialId: offer.credentialId,
  };
}
