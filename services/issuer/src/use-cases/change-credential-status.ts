import { AppError } from '@sp/http-kit';
import { enqueue, JOBS, statusChangedJobId, zStatusChangedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import { withTimeout } from '../internal/with-timeout.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import type { CredentialState, StatusAction, StatusEventRecord } from '../store/status-store.js';

const ENQUEUE_TIMEOUT_MS = 2_000;

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
 * and its ETag change) and appends an audit row naming the API key, in one transaction. Afterwards enqueues
 * `status.changed.v1` for webhook delivery; if Redis is down the change still stands (logged as a warning).
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
  const result = await ctx.statuses.applyChange({
    organisationId: org.id,
    credential,
    action,
    reason,
    apiKey: who.apiKey,
    at: ctx.now(),
  });
  if (!result.ok) throw refusal(action, result.state);
  const { event } = result;
  ctx.logger.info(
    { organisationId: org.id, credentialId, action, eventId: event.id, statusListId: event.statusListId },
    'credential status changed',
  );

  const identity = orgIdentity(ctx.config.baseUrl, org.slug);
  try {
    if (!ctx.statusChanges) throw new Error('no status-changes queue');
    await withTimeout(
      enqueue(
        ctx.statusChanges,
        JOBS.statusChanged,
        zStatusChangedJob,
        {
          eventId: event.id,
          credentialId,
          issuerDid: identity.did,
          statusListCredential: identity.statusListUrl(event.statusListId),
          purpose: event.purpose,
          index: event.statusListIndex,
          action,
          at: event.at.toISOString(),
        },
        statusChangedJobId(event.id),
      ),
      ENQUEUE_TIMEOUT_MS,
    );
  } catch (err) {
    // The status list is the system of record; subscribers miss this push but see it on their next check.
    ctx.logger.warn(
      { eventId: event.id, err: { message: (err as Error).message } },
      'status.changed not enqueued',
    );
  }
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
