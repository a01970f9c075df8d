import { AppError } from '@sp/http-kit';
import type { z } from 'zod';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import type { zListCredentialsResponse } from '../schemas.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/**
 * The organisation's issued credentials, newest first, `limit` per page; pass `nextCursor` back as `cursor`.
 * A cursor that is not one of this organisation's credentials is `validation_failed`.
 * @example const page = await listIssuedCredentials(ctx, org, { limit: 50 });
 */
export async function listIssuedCredentials(
  ctx: IssuerContext,
  org: OrganisationRecord,
  page: { limit: number; cursor?: string | undefined },
): Promise<z.output<typeof zListCredentialsResponse>> {
  if (page.cursor && !(await ctx.credentials.ownsCredential(org.id, page.cursor))) {
    throw new AppError('validation_failed', {
      detail: 'Invalid request query: /query/cursor',
      errors: [{ path: '/query/cursor', message: 'unknown cursor' }],
    });
  }
  const identity = orgIdentity(ctx.config.baseUrl, org.slug);
  const { items, nextCursor } = await ctx.credentials.listIssued(org.id, page);
  return {
    items: items.map((c) => ({
      id: c.id,
      offerId: c.offerId,
      holderDid: c.holderDid,
      catalogueCode: c.catalogueCode,
      statusListCredential: identity.statusListUrl(c.statusListId),
      statusListIndex: c.statusListIndex,
      issuedAt: c.issuedAt.toISOString(),
      validUntil: c.validUntil?.toISOString() ?? null,
      state: c.state,
    })),
    nextCursor,
  };
}
