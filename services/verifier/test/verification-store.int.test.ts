import { randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '@sp/db';
import { createVerificationStore, type NewVerificationRow } from '../src/store/verification-store.js';
import { TEST_DATABASE_URL } from './fixture.js';

/**
 * The verification store writes reports by group commit: reports that arrive together share one statement.
 * What must hold on both back ends: every report a caller was told is stored is stored, with its own status
 * entries; an entry the account verified before keeps its first row; and a bad report fails only its own caller.
 */
describe.each([
  ['PostgreSQL', () => openDatabase({ url: TEST_DATABASE_URL })],
  ['PGlite', () => openDatabase({ dataDir: 'memory://' })],
])('verification store on %s', (_name, open) => {
  let db: Database;
  let accountId: string;
  beforeAll(async () => {
    db = await open();
  });
  beforeEach(async () => {
    accountId = (await db.prisma.verifierAccount.create({ data: { name: 'Store test' } })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  // `report` is kept beside its JSON text so the tests can compare what comes back.
  const row = (
    id: string = randomUUID(),
    report: object = { id, note: 'it\'s "quoted" \u2028 text' },
  ): NewVerificationRow & { report: object } => ({
    id,
    accountId,
    inputKind: 'presentation',
    shareUrl: null,
    verified: true,
    report,
    reportJson: JSON.stringify(report),
    staffId: null,
    staffName: null,
    createdAt: new Date('2026-11-26T10:00:00.000Z'),
  });
  const entry = (verificationId: string, index: number) => ({
    accountId,
    verificationId,
    credentialId: `urn:uuid:${randomUUID()}`,
    issuerDid: 'did:web:issuer.example',
    statusListCredential: 'https://issuer.example/status/1',
    statusListIndex: index,
    purpose: 'revocation',
  });

  it('stores every report of a burst, written in fewer statements than reports, each with its entries', async () => {
    // One write at a time, so the burst queues up behind the first and is written in batches.
    const store = createVerificationStore(db, { maxInFlight: 1, maxBatch: 8 });
    const rows = Array.from({ length: 20 }, () => row());
    const statements = { count: 0 };
    const query = db.query.bind(db);
    const counted: Database = {
      ...db,
      query: (sql, params) => {
        if (sql.includes('verifier_verification')) statements.count++;
        return query(sql, params);
      },
    };
    const batched = createVerificationStore(counted, { maxInFlight: 1, maxBatch: 8 });
    await Promise.all(rows.map((r, i) => batched.insert(r, [entry(r.id, 1000 + i)])));
    expect(statements.count).toBeLessThan(rows.length);
    for (const r of rows) {
      const stored = await store.findOwn(accountId, r.id);
      expect(stored?.report).toEqual(r.report);
      expect(stored?.createdAt.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    }
    const entries = await db.query<{ verificationId: string; statusListIndex: number }>(
      'SELECT "verificationId", "statusListIndex" FROM verifier_verified_credential WHERE "accountId" = $1::uuid ORDER BY "statusListIndex"',
      [accountId],
    );
    expect(entries).toEqual(rows.map((r, i) => ({ verificationId: r.id, statusListIndex: 1000 + i })));
  });

  it('keeps the first row of a status entry the account verified again, within one batch too', async () => {
    const store = createVerificationStore(db, { maxInFlight: 1 });
    const [a, b, c] = [row(), row(), row()];
    await Promise.all([
      store.insert(a, [entry(a.id, 7)]),
      store.insert(b, [entry(b.id, 7)]),
      store.insert(c, [entry(c.id, 7)]),
    ]);
    const entries = await db.query<{ verificationId: string }>(
      'SELECT "verificationId" FROM verifier_verified_credential WHERE "accountId" = $1::uuid',
      [accountId],
    );
    expect(entries).toEqual([{ verificationId: a.id }]);
    expect(await store.findOwn(accountId, c.id)).not.toBeNull();
  });

  it('fails only the caller whose report cannot be stored; the rest of its batch is stored', async () => {
    const store = createVerificationStore(db, { maxInFlight: 1 });
    const taken = row();
    await store.insert(taken);
    const burst = [row(), row(), row(taken.id, { replaced: true }), row()];
    const results = await Promise.allSettled(burst.map((r) => store.insert(r)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    for (const r of [burst[0]!, burst[1]!, burst[3]!])
      expect(await store.findOwn(accountId, r.id)).not.toBeNull();
    // The duplicate did not replace the first report with that id.
    expect((await store.findOwn(accountId, taken.id))?.report).toEqual(taken.report);
  });
});
