import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import { eventView } from './change-credential-status.js';

/**
 * The audit trail of one of the organisation's credentials, oldest first, and its current state.
 * `not_found` for a missing credential or another organisation's.
 * @example const { state, items } = await listStatusEvents(ctx, org, 'urn:uuid:…');
 */
export async function listStatusEvents(ctx: IssuerContext, org: OrganisationRecord, credentialId: string) {
  const credential = await ctx.statuses.findCredential(org.id, credentialId);
  if (!credential) throw new AppError('not_found', { detail: 'No such credential' });
  const events = await ctx.statuses.listEvents(org.id, credentialId);
  return { credentialId, state: credential.state, items: events.map(eventView) };
}
