import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { RegisterIssuerView } from '../register-schemas.js';
import type { RegisterAuthorisationRecord, RegisterEntryRecord } from '../store/register-store.js';

/**
 * An authorisation row as the operator API shows it (ISO dates, absent members left out).
 * @example toAuthorisationView(row).validFrom // '2025-04-01T00:00:00.000Z'
 */
export function toAuthorisationView(
  a: RegisterAuthorisationRecord,
): RegisterIssuerView['authorisations'][number] {
  return {
    id: a.id,
    ...(a.catalogueCode ? { catalogueCode: a.catalogueCode } : {}),
    ...(a.framework ? { framework: a.framework } : {}),
    validFrom: a.validFrom.toISOString(),
    ...(a.validUntil ? { validUntil: a.validUntil.toISOString() } : {}),
  };
}

/**
 * A register entry as the operator API shows it.
 * @example res.json(toRegisterIssuerView(entry));
 */
export function toRegisterIssuerView(e: RegisterEntryRecord): RegisterIssuerView {
  return {
    did: e.did,
    name: e.name,
    status: e.status,
    ...(e.suspendedAt ? { suspendedAt: e.suspendedAt.toISOString() } : {}),
    ...(e.suspendReason ? { suspendReason: e.suspendReason } : {}),
    createdAt: e.createdAt.toISOString(),
    authorisations: e.authorisations.map(toAuthorisationView),
  };
}

/**
 * The whole register for the operator, with its current version (sequence number).
 * @example const { version, items } = await listRegisterIssuers(ctx);
 */
export async function listRegisterIssuers(
  ctx: IssuerContext,
): Promise<{ version: number; items: RegisterIssuerView[] }> {
  const { sequence, entries } = await ctx.register.snapshot();
  return { version: sequence, items: entries.map(toRegisterIssuerView) };
}

/**
 * One issuer of the register; `not_found` when the DID is not in it.
 * @example const view = await getRegisterIssuer(ctx, did);
 */
export async function getRegisterIssuer(ctx: IssuerContext, did: string): Promise<RegisterIssuerView> {
  const entry = await ctx.register.findEntry(did);
  if (!entry) throw new AppError('not_found', { detail: 'No such issuer in the register' });
  return toRegisterIssuerView(entry);
}
