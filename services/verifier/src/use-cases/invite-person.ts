import { AppError } from '@sp/http-kit';
import { newInvite } from '@sp/web-kit';
import type { PersonStore } from '../store/person-store.js';

/** Invite links work for this long. */
export const INVITE_TTL_HOURS = 72;

/**
 * Invites a person to an employer account: the row is created with a single-use invite (only its hash is
 * stored) and the link `${baseUrl}/invite?token=…` is returned once, to be sent to them.
 *
 * @throws AppError `conflict` (409) when the email already has a person, `not_found` (404) for an unknown
 *   account.
 * @example const { inviteUrl } = await invitePerson({ people, baseUrl, now }, { accountId, email, name });
 */
export async function invitePerson(
  deps: { people: PersonStore; baseUrl: string; now: () => Date },
  input: { accountId: string; email: string; name: string },
): Promise<{ person: { id: string; email: string; name: string }; inviteUrl: string; expiresAt: string }> {
  const invite = newInvite(deps.now(), INVITE_TTL_HOURS);
  const existing = await deps.people.findByEmail(input.email);
  if (existing) throw new AppError('conflict', { detail: 'A person with this email already exists' });
  const person = await deps.people.createInvited({
    ...input,
    inviteTokenHash: invite.tokenHash,
    inviteExpiresAt: invite.expiresAt,
  });
  if (!person) throw new AppError('not_found', { detail: 'No such account' });
  return {
    person: { id: person.id, email: person.email, name: person.name },
    inviteUrl: `${deps.baseUrl}/invite?token=${invite.token}`,
    expiresAt: invite.expiresAt.toISOString(),
  };
}
