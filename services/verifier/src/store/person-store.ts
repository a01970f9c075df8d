import type { Database } from '@sp/db';
import type { PeopleStore, PersonRecord } from '@sp/web-kit';

/** A person of an employer account (the verifier's web pages). */
export interface VerifierPerson extends PersonRecord {
  accountId: string;
  accountName: string;
}

const select = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  accountId: true,
  account: { select: { name: true } },
} as const;

type Row = {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  accountId: string;
  account: { name: string };
};
const toPerson = (r: Row | null): VerifierPerson | null =>
  r
    ? {
        id: r.id,
        email: r.email,
        name: r.name,
        passwordHash: r.passwordHash,
        accountId: r.accountId,
        accountName: r.account.name,
      }
    : null;

/**
 * People of employer accounts and their web sessions (tables `verifier_person`, `verifier_web_session`).
 * Only hashes of invite and session tokens are stored.
 * @example const people = createPersonStore(db); const person = await people.findByEmail('a@b.example');
 */
export function createPersonStore(db: Database) {
  const prisma = db.prisma;
  const store = {
    async findByEmail(email: string) {
      return toPerson(await prisma.verifierPerson.findUnique({ where: { email }, select }));
    },
    async findByInvite(inviteTokenHash: string, now: Date) {
      return toPerson(
        await prisma.verifierPerson.findFirst({
          where: { inviteTokenHash, inviteExpiresAt: { gt: now } },
          select,
        }),
      );
    },
    async acceptInvite(personId: string, passwordHash: string) {
      await prisma.verifierPerson.update({
        where: { id: personId },
        data: { passwordHash, inviteTokenHash: null, inviteExpiresAt: null },
      });
    },
    async createSession(s: { personId: string; tokenHash: string; expiresAt: Date }) {
      await prisma.verifierWebSession.create({ data: s });
    },
    async findBySession(tokenHash: string, now: Date) {
      const row = await prisma.verifierWebSession.findUnique({
        where: { tokenHash },
        select: { expiresAt: true, person: { select } },
      });
      return row && row.expiresAt > now ? toPerson(row.person) : null;
    },
    async deleteSession(tokenHash: string) {
      await prisma.verifierWebSession.deleteMany({ where: { tokenHash } });
    },
    /** Creates an invited person; null when the email is taken or the account does not exist. */
    async createInvited(input: {
      accountId: string;
      email: string;
      name: string;
      inviteTokenHash: string;
      inviteExpiresAt: Date;
    }): Promise<VerifierPerson | null> {
      const account = await prisma.verifierAccount.findUnique({ where: { id: input.accountId } });
      if (!account) return null;
      const taken = await prisma.verifierPerson.findUnique({ where: { email: input.email } });
      if (taken) return null;
      return toPerson(await prisma.verifierPerson.create({ data: input, select }));
    },
  } satisfies PeopleStore<VerifierPerson> & Record<string, unknown>;
  return store;
}

export type PersonStore = ReturnType<typeof createPersonStore>;
