import type { Database } from '@sp/db';
import type { PeopleStore, PersonRecord } from '@sp/web-kit';

/** "admin" invites staff and manages API keys; "staff" issues, searches and changes status. */
export type PersonRole = 'admin' | 'staff';

/** A person of an issuing organisation (the issuer's web pages). */
export interface IssuerPerson extends PersonRecord {
  organisationId: string;
  role: PersonRole;
  /** True while the invite has not been accepted. */
  invited: boolean;
}

const select = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  organisationId: true,
  role: true,
} as const;

type Row = {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  organisationId: string;
  role: string;
};
const toPerson = (r: Row | null): IssuerPerson | null =>
  r
    ? {
        id: r.id,
        email: r.email,
        name: r.name,
        passwordHash: r.passwordHash,
        organisationId: r.organisationId,
        role: r.role === 'admin' ? 'admin' : 'staff',
        invited: r.passwordHash === null,
      }
    : null;

/**
 * People of issuing organisations and their web sessions (tables `issuer_person`, `issuer_web_session`).
 * Only hashes of invite and session tokens are stored.
 * @example const people = createPersonStore(db); const person = await people.findByEmail('a@b.example');
 */
export function createPersonStore(db: Database) {
  const prisma = db.prisma;
  return {
    async findByEmail(email: string) {
      return toPerson(await prisma.issuerPerson.findUnique({ where: { email }, select }));
    },
    async findByInvite(inviteTokenHash: string, now: Date) {
      return toPerson(
        await prisma.issuerPerson.findFirst({
          where: { inviteTokenHash, inviteExpiresAt: { gt: now } },
          select,
        }),
      );
    },
    async acceptInvite(personId: string, passwordHash: string) {
      await prisma.issuerPerson.update({
        where: { id: personId },
        data: { passwordHash, inviteTokenHash: null, inviteExpiresAt: null },
      });
    },
    async createSession(s: { personId: string; tokenHash: string; expiresAt: Date }) {
      await prisma.issuerWebSession.create({ data: s });
    },
    async findBySession(tokenHash: string, now: Date) {
      const row = await prisma.issuerWebSession.findUnique({
        where: { tokenHash },
        select: { expiresAt: true, person: { select } },
      });
      return row && row.expiresAt > now ? toPerson(row.person) : null;
    },
    async deleteSession(tokenHash: string) {
      await prisma.issuerWebSession.deleteMany({ where: { tokenHash } });
    },
    /** Creates an invited person; null when the email already has a person. */
    async createInvited(input: {
      organisationId: string;
      email: string;
      name: string;
      role: PersonRole;
      inviteTokenHash: string;
      inviteExpiresAt: Date;
    }): Promise<IssuerPerson | null> {
      const taken = await prisma.issuerPerson.findUnique({ where: { email: input.email } });
      if (taken) return null;
      return toPerson(await prisma.issuerPerson.create({ data: input, select }));
    },
    /** The organisation's people, oldest first. */
    async list(organisationId: string): Promise<IssuerPerson[]> {
      const rows = await prisma.issuerPerson.findMany({
        where: { organisationId },
        orderBy: { createdAt: 'asc' },
        select,
      });
      return rows.map((r) => toPerson(r) as IssuerPerson);
    },
    /** The organisation's API keys (never their hashes), newest first. */
    async listApiKeys(organisationId: string) {
      return prisma.issuerApiKey.findMany({
        where: { organisationId },
        orderBy: { createdAt: 'desc' },
        select: { id: true, name: true, prefix: true, createdAt: true, revokedAt: true },
      });
    },
    /** Revokes one of the organisation's keys; false when it is not theirs or already revoked. */
    async revokeApiKey(organisationId: string, id: string, at: Date): Promise<boolean> {
      const r = await prisma.issuerApiKey.updateMany({
        where: { id, organisationId, revokedAt: null },
        data: { revokedAt: at },
      });
      return r.count === 1;
    },
  } satisfies PeopleStore<IssuerPerson> & Record<string, unknown>;
}

export type PersonStore = ReturnType<typeof createPersonStore>;
