import type { IssuerContext } from '../context.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import { keyView } from './rotate-signing-key.js';

/**
 * The organisation's signing keys, oldest first: kid, algorithm, status, retirement and compromise dates.
 * @example const { keys } = await listSigningKeys(ctx, org);
 */
export async function listSigningKeys(ctx: IssuerContext, org: OrganisationRecord) {
  return { keys: (await ctx.signingKeys.list(org.id)).map(keyView) };
}
