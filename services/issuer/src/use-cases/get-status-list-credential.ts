import type { SigningAlg } from '@sp/crypto';
import { signStatusListCredentialJwt } from '@sp/credential';
import { AppError } from '@sp/http-kit';
import { statusListCredentialPayload, type StatusPurpose } from '@sp/status-list';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import { requireOrganisation } from './get-organisation-documents.js';

/** A signed status list credential and its entity tag. */
export interface SignedStatusList {
  jwt: string;
  /** Strong ETag: changes whenever the list's bits change (its version) or the signing key changes. */
  etag: string;
}

/** Signed lists per (list, version, key): re-signing on every fetch would change the body and defeat ETags. */
const SIGNED_CACHE_LIMIT = 500;

/**
 * Builds the getter for `GET /orgs/:slug/status/:listId`: the organisation's BitstringStatusListCredential
 * (W3C Bitstring Status List v1.0 §2.2) as a VC-JWT signed by its active key. `not_found` for a list that is
 * missing or not this organisation's.
 * @example const get = createStatusListGetter(); const { jwt, etag } = await get(ctx, 'acme', listId);
 */
export function createStatusListGetter() {
  const signed = new Map<string, SignedStatusList>();
  return async function getStatusListCredential(
    ctx: IssuerContext,
    slug: string,
    listId: string,
  ): Promise<SignedStatusList> {
    const org = await requireOrganisation(ctx, slug);
    const notFound = new AppError('not_found', { detail: 'No such status list' });
    if (!/^[0-9a-f-]{36}$/i.test(listId)) throw notFound;
    const list = await ctx.credentials.findStatusList(org.id, listId);
    if (!list) throw notFound;
    const key = await ctx.orgs.activeKey(org.id);
    if (!key) throw new AppError('internal', { detail: 'The organisation has no active signing key' });
    const cacheKey = `${list.id}:${list.version}:${key.id}`;
    const hit = signed.get(cacheKey);
    if (hit) return hit;
    const id = orgIdentity(ctx.config.baseUrl, org.slug);
    const vc = statusListCredentialPayload({
      id: id.statusListUrl(list.id),
      issuer: id.did,
      purpose: list.purpose as StatusPurpose,
      bits: list.bits,
      validFrom: list.updatedAt,
    });
    const jwt = await signStatusListCredentialJwt({
      vc,
      issuerDid: id.did,
      kid: `${id.did}#${key.kid}`,
      privateJwk: ctx.privateKeys.open(key),
      alg: key.alg as SigningAlg,
      now: ctx.now(),
    });
    const result = { jwt, etag: `"${list.id}.${list.version}.${key.kid}"` };
    signed.set(cacheKey, result);
    if (signed.size > SIGNED_CACHE_LIMIT) {
      const oldest = signed.keys().next().value;
      if (oldest !== undefined) signed.delete(oldest);
    }
    return result;
  };
}
