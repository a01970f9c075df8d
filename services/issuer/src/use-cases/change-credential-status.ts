import { randomUUID } from 'node:crypto';
import { AppError } from '@sp/http-kit';
import { zStatusChangedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import type { CredentialState, StatusAction, StatusEventRecord } from '../store/status-store.js';
import { publishStatusEvent } from './relay-status-outbox.js';

/** The answer to a status change: the credential's new state and the audit event. */
export interface StatusChangeResult {
  credentialId: string;
  state: CredentialState;
  event: ReturnType<typeof eventView>;
}

/**
 * The public view of an audit event (`GET /v1/credentials/:id/events` and status change answers).
 * @example res.json({ items: events.map(eventView) });
 */
export function eventView(e: StatusEventRecord) {
  return {
    id: e.id,
    action: e.action,
    reason: e.reason,
    at: e.at.toISOString(),
    by: { apiKeyId: e.apiKeyId, apiKeyPrefix: e.apiKeyPrefix },
    purpose: e.purpose,
    statusListIndex: e.statusListIndex,
  };
}

const NEW_STATE: Record<StatusAction, CredentialState> = {
  revoke: 'revoked',
  suspend: 'suspended',
  reinstate: 'active',
};

/**
 * Revokes (final), suspends, or reinstates (from suspension only) one of the organisation's credentials:
 * flips its bit in the revocation or suspension list, bumps the list version (so the served list credential
 * and its ETag change), appends an audit row naming the API key and puts `status.changed.v1` in the outbox, in
 * one transaction. Then it enqueues the event for webhook delivery; if Redis is down the change still stands and
 * the outbox relay (`relayStatusOutbox`) enqueues it once Redis is back.
 *
 * Errors: `not_found` (404) for a missing credential or another organisation's; `conflict` (409) with
 * `reason` `already_revoked`, `already_suspended`, `not_suspended` or `not_suspendable` (issued before
 * suspension entries existed).
 * @example await changeCredentialStatus(ctx, { org, apiKey }, 'urn:uuid:…', 'revoke', 'Certificate issued in error');
 */
export async function changeCredentialStatus(
  ctx: IssuerContext,
  who: { org: OrganisationRecord; apiKey: { id: string; prefix: string } },
  credentialId: string,
  action: StatusAction,
  reason: string,
): Promise<StatusChangeResult> {
  const { org } = who;
  const credential = await ctx.statuses.findCredential(org.id, credentialId);
  if (!credential) throw new AppError('not_found', { detail: 'No such credential' });
  if (action !== 'revoke' && credential.suspensionListId === null) {
    throw conflict(
      'not_suspendable',
      'This credential was issued without a suspension entry; it can only be revoked',
    );
  }
  const identity = orgIdentity(ctx.config.baseUrl, org.slug);
  const result = await ctx.statuses.applyChange({
    organisationId: org.id,
    credential,
    action,
    reason,
    apiKey: who.apiKey,
    at: ctx.now(),
    eventId: randomUUID(),
    outbox: (e) =>
      zStatusChangedJob.parse({
        eventId: e.id,
        credentialId,
        issuerDid: identity.did,
        statusListCredential: identity.statusListUrl(e.statusListId),
        purpose: e.purpose,
        index: e.statusListIndex,
        action,
        at: e.at.toISOString(),
      }),
  });
  if (!result.ok) throw refusal(action, result.state);
  const { event } = result;
  ctx.logger.info(
    { organisationId: org.id, credentialId, action, eventId: event.id, statusListId: event.statusListId },
    'credential status changed',
  );
  // The change and its outbox row are committed; announcing it now is the fast path. If Redis is down the
  // row stays and the relay (relayStatusOutbox) sends it later: subscribers are told late, never not at all.
  await publishStatusEvent(ctx, { eventId: event.id, payload: result.outbox });
  return { credentialId, state: NEW_STATE[action], event: eventView(event) };
}

function conflict(reason: string, detail: string): AppError {
  return new AppError('conflict', { detail, extra: { reason } });
}

function refusal(action: StatusAction, state: CredentialState): AppError {
  if (state === 'revoked')
    return conflict('already_revoked', 'The credential is revoked; revocation is final');
  if (action === 'suspend') return conflict('already_suspended', 'The credential is already suspended');
  return conflict('not_suspended', 'Only a suspended credential can be reinstated');
}
