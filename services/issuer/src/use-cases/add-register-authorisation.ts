import { getItem } from '@sp/care-catalogue';
import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { RegisterAuthorisationInput } from '../register-schemas.js';
import type { NewAuthorisation } from '../store/register-store.js';
import { toAuthorisationView } from './list-register-issuers.js';

/**
 * Checks an authorisation against the catalogue and its dates: `bad_request` with reason `unknown_code` for a
 * code the catalogue does not have, `invalid_dates` when `validUntil` is not after `validFrom`.
 * @example const row = toNewAuthorisation({ catalogueCode: 'CORE-BLS', validFrom: '2025-01-01' });
 */
export function toNewAuthorisation(input: RegisterAuthorisationInput): NewAuthorisation {
  if (input.catalogueCode !== undefined && !getItem(input.catalogueCode)) {
    throw new AppError('bad_request', {
      detail: `No catalogue item ${input.catalogueCode}`,
      extra: { reason: 'unknown_code' },
    });
  }
  const validFrom = new Date(input.validFrom);
  const validUntil = input.validUntil === undefined ? null : new Date(input.validUntil);
  if (validUntil && validUntil <= validFrom) {
    throw new AppError('bad_request', {
      detail: 'validUntil must be after validFrom',
      extra: { reason: 'invalid_dates' },
    });
  }
  return {
    catalogueCode: input.catalogueCode ?? null,
    framework: input.framework ?? null,
    validFrom,
    validUntil,
  };
}

/**
 * Records what a recognised issuer may issue, from when until when. `not_found` when the DID is not in the
 * register.
 * @example await addRegisterAuthorisation(ctx, did, { framework: 'care_certificate', validFrom: '2025-04-01' });
 */
export async function addRegisterAuthorisation(
  ctx: IssuerContext,
  did: string,
  input: RegisterAuthorisationInput,
) {
  const row = await ctx.register.addAuthorisation(did, toNewAuthorisation(input));
  if (!row) throw new AppError('not_found', { detail: 'No such issuer in the register' });
  ctx.logger.info({ did, authorisationId: row.id }, 'register authorisation added');
  return toAuthorisationView(row);
}
