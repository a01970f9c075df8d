import { sha256 } from '@sp/crypto';
import { unauthorized } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/**
 * The organisation owning a presented API key; missing, unknown and revoked keys all get the same 401.
 * Keys are 256-bit random, so a SHA-256 lookup is enough (no slow hash, no timing leak on the hash index).
 * @example const org = await authenticateOrganisation(ctx, bearerToken(req));
 */
export async function authenticateOrganisation(
  ctx: IssuerContext,
  apiKey: string | undefined,
): Promise<OrganisationRecord> {
  if (!apiKey) throw unauthorized();
  const org = await ctx.orgs.organisationForApiKey(sha256(apiKey));
  if (!org) throw unauthorized();
  return org;
}
