import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { RegisterIssuerView } from '../register-schemas.js';
import { toRegisterIssuerView } from './list-register-issuers.js';

/**
 * Suspends a recognised issuer (with a reason) or reinstates it. While suspended, every credential it
 * issued fails `issuer_suspended` at verifiers. `not_found` when the DID is not in the register.
 * @example await setRegisterIssuerStatus(ctx, did, { status: 'suspended', reason: 'inspection pending' });
 */
export async function setRegisterIssuerStatus(
  ctx: IssuerContext,
  did: string,
  input: { status: 'active' | 'suspended'; reason?: string },
): Promise<RegisterIssuerView> {
  const entry = await ctx.register.setStatus(did, {
    status: input.status,
    reason: input.reason ?? null,
    at: ctx.now(),
  });
  if (!entry) throw new AppError('not_found', { detail: 'No such issuer in the register' });
  ctx.logger.info({ did, status: input.status }, 'register issuer status changed');
  return toRegisterIssuerView(entry);
}
