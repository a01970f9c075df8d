import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import { addApiKey } from './create-organisation.js';

/**
 * Issues another API key for an organisation (admin API). Throws `not_found` for an unknown slug.
 * @example const { apiKey } = await createApiKey(ctx, 'acme', 'lms-integration');
 */
export async function createApiKey(
  ctx: IssuerContext,
  slug: string,
  name = 'api',
): Promise<{ apiKey: string; prefix: string }> {
  const org = await ctx.orgs.findBySlug(slug);
  if (!org) throw new AppError('not_found', { detail: 'No such organisation' });
  const apiKey = await addApiKey(ctx, org.id, name);
  ctx.logger.info({ organisationId: org.id, prefix: apiKey.slice(0, 12) }, 'api key created');
  return { apiKey, prefix: apiKey.slice(0, 12) };
}
