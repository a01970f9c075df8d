import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import { keyView, rotateSigningKey } from './rotate-signing-key.js';

/**
 * Declares one of the organisation's keys compromised from `from`: the DID document publishes the date on
 * the key's verification method (`https://skills-passport.example/ns#compromisedFrom`), so verifiers fail
 * credentials that key signed with `iat`/`nbf` at or after it (`key_compromised`). If the key was the active
 * one, a new key is rotated in first so issuing goes on. `not_found` for an unknown kid.
 * @example await declareKeyCompromised(ctx, org, 'key-1', new Date('2026-01-01T00:00:00Z'));
 */
export async function declareKeyCompromised(
  ctx: IssuerContext,
  org: OrganisationRecord,
  kid: string,
  from: Date,
) {
  const keys = await ctx.signingKeys.list(org.id);
  const key = keys.find((k) => k.kid === kid);
  if (!key) throw new AppError('not_found', { detail: 'No such key' });
  const rotated = key.status === 'active' ? await rotateSigningKey(ctx, org, key.alg as 'EdDSA') : null;
  const marked = await ctx.signingKeys.markCompromised(org.id, kid, from, ctx.now());
  if (!marked) throw new AppError('not_found', { detail: 'No such key' });
  ctx.logger.warn(
    { organisationId: org.id, kid, compromisedFrom: marked.compromisedFrom?.toISOString() },
    'signing key declared compromised',
  );
  return { key: keyView(marked), ...(rotated ? { active: rotated.active } : {}) };
}
