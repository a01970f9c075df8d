import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { RegisterAuthorisationInput, RegisterIssuerView } from '../register-schemas.js';
import { toNewAuthorisation } from './add-register-authorisation.js';
import { toRegisterIssuerView } from './list-register-issuers.js';

/**
 * Adds an organisation (any issuer DID) to the register of recognised issuers, with what it may issue.
 * `conflict` when the DID is already in the register.
 * @example await addRegisterIssuer(ctx, { did, name: 'Acme Training', authorisations: [{ framework: 'core_and_mandatory', validFrom: '2025-01-01' }] });
 */
export async function addRegisterIssuer(
  ctx: IssuerContext,
  input: { did: string; name: string; authorisations: RegisterAuthorisationInput[] },
): Promise<RegisterIssuerView> {
  const entry = await ctx.register.createEntry({
    did: input.did,
    name: input.name,
    authorisations: input.authorisations.map(toNewAuthorisation),
  });
  if (!entry) throw new AppError('conflict', { detail: 'This DID is already in the register' });
  ctx.logger.info({ did: entry.did }, 'issuer added to the register');
  return toRegisterIssuerView(entry);
}
