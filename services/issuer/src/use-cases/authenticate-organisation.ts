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

/**
 * Like {@link authenticateOrganisation}, and also names the API key (id and public prefix) for audit trails.
 * @example const { org, apiKey } = await authenticateApiKey(ctx, bearerToken(req));
 */
export async function authenticateApiKey(
  ctx: IssuerContext,
  apiKey: string | undefined,
): Promise<{ org: OrganisationRecord; apiKey: { id: string; prefix: string } }> {
  if (!apiKey) throw unauthorized();
  const owner = await ctx.orgs.apiKeyOwner(sha256(apiKey));
  if (!owner) throw unauthorized();
  return { org: owner.organisation, apiKey: owner.apiKey };
}
