import { randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '@sp/db';
import { createCredentialStore } from '../src/store/credential-store.js';

// Integration tier: the one transaction that turns an offer into a credential, on the real PostgreSQL. It
// allocates a random status entry in a revocation and a suspension list and counts it against the list
// only after signing (so concurrent issuances queue on the list row for the commit alone).
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
});
afterAll(async () => {
  await db?.close();
});

async function organisation(): Promise<string> {
  const org = await db.prisma.organisation.create({
    data: { slug: `store-${randomUUID().slice(0, 8)}`, name: 'Store Test', kind: 'training_provider' },
  });
  return org.id;
}

/** An offer whose access token was issued: the state issueForOffer moves on. */
async function offerReadyToIssue(organisationId: string): Promise<string> {
  const offer = await db.prisma.credentialOffer.create({
    data: {
      organisationId,
      offerRef: randomUUID(),
      preAuthorizedCodeHash: randomUUID(),
      accessTokenHash: randomUUID(),
      state: 'token_issued',
      workerEmail: 'w@example.org',
      workerName: 'W',
      catalogueCode: 'CORE-FIRE-SAFETY',
      achievement: {},
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return offer.id;
}

const issue = (store: ReturnType<typeof createCredentialStore>, organisationId: string, offerId: string) =>
  store.issueForOffer({
    offerId,
    organisationId,
    credentialId: `urn:uuid:${randomUUID()}`,
    holderDid: 'did:jwk:test',
    catalogueCode: 'CORE-FIRE-SAFETY',
    validUntil: null,
    now: new Date(),
    sign: async (slot) => `signed ${slot.statusListIndex}`,
  });

describe('credential store: issueForOffer', () => {
  it('fills a list to its size, never past it, then starts the next list (both purposes)', async () => {
    const store = createCredentialStore(db, { listSize: 16 });
    const org = await organisation();
    for (let i = 0; i < 35; i++) {
      const result = await issue(store, org, await offerReadyToIssue(org));
      expect(result.ok).toBe(true);
    }
    const lists = await db.prisma.statusList.findMany({
      where: { organisationId: org },
      orderBy: { createdAt: 'asc' },
      include: { _count: { select: { credentials: true } } },
    });
    for (const purpose of ['revocation', 'suspension']) {
      const mine = lists.filter((l) => l.purpose === purpose);
      expect(mine.map((l) => l.allocated)).toEqual([16, 16, 3]);
      expect(mine.map((l) => l.full)).toEqual([true, true, false]);
    }
    const credentials = await db.prisma.issuedCredential.findMany({ where: { organisationId: org } });
    expect(credentials).toHaveLength(35);
    // Every entry is its own: no (list, index) pair handed out twice, for either purpose.
    expect(new Set(credentials.map((c) => `${c.statusListId}/${c.statusListIndex}`)).size).toBe(35);
    expect(new Set(credentials.map((c) => `${c.suspensionListId}/${c.suspensionListIndex}`)).size).toBe(35);
  });

  it('issues concurrent requests of one organisation exactly once each, and an offer only once', async () => {
    const store = createCredentialStore(db);
    const org = await organisation();
    const offers = await Promise.all(Array.from({ length: 12 }, () => offerReadyToIssue(org)));
    // Each offer twice at once: the second request of an offer must mint nothing.
    const results = await Promise.all([...offers, ...offers].map((id) => issue(store, org, id)));
    expect(results.filter((r) => r.ok)).toHaveLength(12);
    const lists = await db.prisma.statusList.findMany({ where: { organisationId: org } });
    expect(lists.reduce((n, l) => n + l.allocated, 0)).toBe(24);
    expect(await db.prisma.issuedCredential.count({ where: { organisationId: org } })).toBe(12);
  });

  it('keeps nothing when signing fails: the offer can still be issued, the entry is not counted', async () => {
    const store = createCredentialStore(db);
    const org = await organisation();
    const offerId = await offerReadyToIssue(org);
    await expect(
      store.issueForOffer({
        offerId,
        organisationId: org,
        credentialId: `urn:uuid:${randomUUID()}`,
        holderDid: 'did:jwk:test',
        catalogueCode: 'CORE-FIRE-SAFETY',
        validUntil: null,
        now: new Date(),
        sign: async () => {
          throw new Error('key unavailable');
        },
      }),
    ).rejects.toThrow('key unavailable');
    expect(await db.prisma.issuedCredential.count({ where: { organisationId: org } })).toBe(0);
    const allocated = (await db.prisma.statusList.findMany({ where: { organisationId: org } })).map(
      (l) => l.allocated,
    );
    expect(allocated.every((n) => n === 0)).toBe(true);
    expect((await issue(store, org, offerId)).ok).toBe(true);
  });
});
