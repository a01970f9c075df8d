import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';

/**
 * Removes an issuer from the register with all its authorisations: its credentials then fail
 * `issuer_not_recognised` everywhere (suspend instead to keep the record). `not_found` when absent.
 * @example await removeRegisterIssuer(ctx, did);
 */
export async function removeRegisterIssuer(ctx: IssuerContext, did: string): Promise<void> {
  if (!(await ctx.register.removeEntry(did))) {
    throw new AppError('not_found', { detail: 'No such issuer in the register' });
  }
  ctx.logger.info({ did }, 'issuer removed from the register');
}
