import { randomToken } from '@sp/crypto';
import type { IssuerContext } from '../context.js';
import { requireOrganisation } from './get-organisation-documents.js';

/** How long a c_nonce may be used, in seconds. */
export const NONCE_TTL_SECONDS = 300;

/**
 * Nonce Endpoint (OpenID4VCI 1.0 §7): a fresh single-use `c_nonce` for a key proof, valid 5 minutes.
 * @example const { c_nonce } = await createNonce(ctx, 'acme');
 */
export async function createNonce(ctx: IssuerContext, slug: string): Promise<{ c_nonce: string }> {
  await requireOrganisation(ctx, slug);
  const now = ctx.now();
  const value = randomToken();
  await ctx.offers.createNonce(value, new Date(now.getTime() + NONCE_TTL_SECONDS * 1000), now);
  return { c_nonce: value };
}
