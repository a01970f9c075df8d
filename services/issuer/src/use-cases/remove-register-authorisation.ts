import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';

/**
 * Deletes one authorisation of a recognised issuer (to end one early, add it again with a `validUntil`).
 * `not_found` when the issuer or the authorisation is not in the register.
 * @example await removeRegisterAuthorisation(ctx, did, authorisationId);
 */
export async function removeRegisterAuthorisation(
  ctx: IssuerContext,
  did: string,
  authorisationId: string,
): Promise<void> {
  if (!(await ctx.register.removeAuthorisation(did, authorisationId))) {
    throw new AppError('not_found', { detail: 'No such authorisation in the register' });
  }
  ctx.logger.info({ did, authorisationId }, 'register authorisation removed');
}
