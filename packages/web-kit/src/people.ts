import { hashPassword, randomToken, sha256, verifyPassword } from '@sp/crypto';
import { AppError, type SignInLimiter, unauthorized } from '@sp/http-kit';

/** A person who signs in to a service's pages (the issuer's and the verifier's people tables). */
export interface PersonRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt hash; null while an invite is unaccepted. */
  passwordHash: string | null;
}

/**
 * What the people functions need from a service's store (each service implements it over its own tables:
 * `issuer_person`/`issuer_web_session`, `verifier_person`/`verifier_web_session`). Only hashes of tokens
 * are stored.
 */
export interface PeopleStore<P extends PersonRecord> {
  findByEmail(email: string): Promise<P | null>;
  /** The person whose unexpired invite has this token hash. */
  findByInvite(inviteTokenHash: string, now: Date): Promise<P | null>;
  /** Sets the password and clears the invite (single use). */
  acceptInvite(personId: string, passwordHash: string): Promise<void>;
  createSession(session: { personId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** The person of an unexpired session. */
  findBySession(tokenHash: string, now: Date): Promise<P | null>;
  deleteSession(tokenHash: string): Promise<void>;
}

/** Clock and session length of the people functions. */
export interface PeopleOptions {
  now: () => Date;
  /** Session lifetime in hours. */
  sessionTtlHours: number;
  /** Failed sign-ins per email and client address (`createSignInLimiter` of @sp/http-kit); `peoplePages` makes one when absent. */
  signInLimiter?: SignInLimiter;
}

/** A new session: the token goes into the cookie once; only its SHA-256 is stored. */
export interface PersonSession {
  token: string;
  expiresAt: Date;
}

// One scrypt hash of a throw-away password, made on first use: checking an unknown email against it takes as
// long as a wrong password, so timing does not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Signs a person in with email and password and opens a session.
 *
 * @throws AppError `unauthorized` (401) — the same answer, in the same time, for an unknown email, a wrong
 *   password and an invite not yet accepted; `rate_limited` (429) after too many failures for that email or
 *   from that client address (`client`, the request's `req.ip`; see `createSignInLimiter`).
 * @example const { person, session } = await signInPerson(store, { now, sessionTtlHours: 12 }, { email, password }, req.ip);
 */
export async function signInPerson<P extends PersonRecord>(
  store: PeopleStore<P>,
  opts: PeopleOptions,
  input: { email: string; password: string },
  client?: string,
): Promise<{ person: P; session: PersonSession }> {
  const attempt = { email: input.email, client };
  await opts.signInLimiter?.check(attempt);
  const person = await store.findByEmail(input.email);
  dummyHash ??= hashPassword('not-a-real-password-but-the-same-cost');
  const ok = await verifyPassword(input.password, person?.passwordHash ?? (await dummyHash));
  if (!person?.passwordHash || !ok) {
    await opts.signInLimiter?.fail(attempt);
    throw unauthorized('Email or password is wrong');
  }
  await opts.signInLimiter?.succeed(attempt);
  return { person, session: await openSession(store, opts, person.id) };
}

/**
 * The person behind a session cookie.
 *
 * @throws AppError `unauthorized` (401) for a missing, unknown or expired token.
 * @example const person = await authenticatePerson(store, { now, sessionTtlHours }, token);
 */
export async function authenticatePerson<P extends PersonRecord>(
  store: PeopleStore<P>,
  opts: Pick<PeopleOptions, 'now'>,
  token: string | undefined,
): Promise<P> {
  if (!token) throw unauthorized();
  const person = await store.findBySession(sha256(token), opts.now());
  if (!person) throw unauthorized();
  return person;
}

/**
 * Ends a session (idempotent).
 * @example await signOutPerson(store, token);
 */
export async function signOutPerson(store: PeopleStore<PersonRecord>, token: string): Promise<void> {
  await store.deleteSession(sha256(token));
}

/**
 * A fresh single-use invite: the token goes into the link once; store only `tokenHash`.
 * @example const invite = newInvite(new Date(), 72); await store.create({ ..., inviteTokenHash: invite.tokenHash });
 */
export function newInvite(
  now: Date,
  ttlHours: number,
): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomToken(32);
  return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + ttlHours * 3600_000) };
}

/**
 * The person an invite link is for, to show their name on the set-password page.
 *
 * @throws AppError `not_found` (404) for an unknown, used or expired invite (one answer for all three).
 * @example const person = await findInvitedPerson(store, { now }, token);
 */
export async function findInvitedPerson<P extends PersonRecord>(
  store: PeopleStore<P>,
  opts: Pick<PeopleOptions, 'now'>,
  token: string,
): Promise<P> {
  const person = await store.findByInvite(sha256(token), opts.now());
  if (!person) throw new AppError('not_found', { detail: 'This invite link is not valid' });
  return person;
}

/**
 * Accepts an invite: sets the person's password (scrypt), spends the invite and signs them in.
 *
 * @throws AppError `not_found` (404) for an unknown, used or expired invite.
 * @example const session = await acceptInvite(store, opts, { token, password });
 */
export async function acceptInvite<P extends PersonRecord>(
  store: PeopleStore<P>,
  opts: PeopleOptions,
  input: { token: string; password: string },
): Promise<{ person: P; session: PersonSession }> {
  const person = await findInvitedPerson(store, opts, input.token);
  await store.acceptInvite(person.id, await hashPassword(input.password));
  return { person, session: await openSession(store, opts, person.id) };
}

async function openSession(
  store: PeopleStore<PersonRecord>,
  opts: PeopleOptions,
  personId: string,
): Promise<PersonSession> {
  const token = randomToken(32);
  const expiresAt = new Date(opts.now().getTime() + opts.sessionTtlHours * 3600_000);
  await store.createSession({ personId, tokenHash: sha256(token), expiresAt });
  return { token, expiresAt };
}
