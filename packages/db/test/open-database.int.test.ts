import { type Database, isUniqueViolation, openDatabase } from '../src/index.js';

/**
 * `Database.query` is the raw hot path beside Prisma: it must run parameterised SQL on the same database on both
 * back ends (the real PostgreSQL of this machine, and embedded PGlite), and close cleanly with Prisma.
 */
describe.each([
  ['PostgreSQL', () => openDatabase({ url: process.env.DATABASE_URL })],
  ['PGlite', () => openDatabase({ dataDir: 'memory://' })],
])('openDatabase on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('runs parameterised SQL through query() and sees what Prisma wrote', async () => {
    const [row] = await db.query<{ sum: number; text: string }>(
      'SELECT $1::int + $2::int AS sum, $3::text AS text',
      [2, 3, "it's"],
    );
    expect(row).toEqual({ sum: 5, text: "it's" });
    const did = `did:web:query-${crypto.randomUUID()}.example`;
    await db.prisma.trustedIssuer.create({ data: { did, name: 'Q' } });
    const rows = await db.query<{ name: string }>('SELECT name FROM verifier_trusted_issuer WHERE did = $1', [
      did,
    ]);
    expect(rows).toEqual([{ name: 'Q' }]);
  });

  it('rejects bad SQL with the driver error and keeps working', async () => {
    await expect(db.query('SELEC 1')).rejects.toThrow(/syntax/);
    await expect(db.query<{ one: number }>('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('transaction() commits what its function wrote, and rolls all of it back when the function throws', async () => {
    const did = (tag: string) => `did:web:tx-${tag}-${crypto.randomUUID()}.example`;
    const kept = did('kept');
    await db.transaction(async (q) => {
      await q('INSERT INTO verifier_trusted_issuer (did, name) VALUES ($1, $2)', [kept, 'Kept']);
    });
    const lost = did('lost');
    const failed = await db
      .transaction(async (q) => {
        await q('INSERT INTO verifier_trusted_issuer (did, name) VALUES ($1, $2)', [lost, 'Lost']);
        // A duplicate key inside the transaction: the driver's error comes out, recognised as a unique violation.
        await q('INSERT INTO verifier_trusted_issuer (did, name) VALUES ($1, $2)', [kept, 'Again']);
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(isUniqueViolation(failed)).toBe(true);
    const rows = await db.query<{ did: string }>(
      'SELECT did FROM verifier_trusted_issuer WHERE did = ANY($1)',
      [[kept, lost]],
    );
    expect(rows.map((r) => r.did)).toEqual([kept]);
    // The connection went back to the pool in a usable state.
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
