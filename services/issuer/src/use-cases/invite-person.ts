import { AppError } from '@sp/http-kit';
import { newInvite } from '@sp/web-kit';
import type { PersonRole, PersonStore } from '../store/person-store.js';

/** Invite links work for this long. */
export const INVITE_TTL_HOURS = 72;

/**
 * Invites a person to an organisation (by the scheme operator's admin API, or by an organisation admin on
 * the people page): the row is created with a single-use invite (only its hash is stored) and the link
 * `${baseUrl}/invite?token=…` is returned once, to be sent to them.
 *
 * @throws AppError `conflict` (409) when the email already has a person.
 * @example const { inviteUrl } = await invitePerson({ people, baseUrl, now }, { organisationId, email, name, role: 'staff' });
 */
export async function invitePerson(
  deps: { people: PersonStore; baseUrl: string; now: () => Date },
  input: { organisationId: string; email: string; name: string; role: PersonRole },
): Promise<{
  person: { id: string; email: string; name: string; role: PersonRole };
  inviteUrl: string;
  expiresAt: string;
}> {
  const invite = newInvite(deps.now(), INVITE_TTL_HOURS);
  const person = await deps.people.createInvited({
    ...input,
    inviteTokenHash: invite.tokenHash,
    inviteExpiresAt: invite.expiresAt,
  });
  if (!person) throw new AppError('conflict', { detail: 'A person with this email already exists' });
  return {
    person: { id: person.id, email: person.email, name: person.name, role: person.role },
    inviteUrl: `${deps.baseUrl}/invite?token=${invite.token}`,
    expiresAt: invite.expiresAt.toISOString(),
  };
}
