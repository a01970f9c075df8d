import { randomBytes, randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '@sp/db';
import { createLogger } from '@sp/http-kit';
import {
  createQueue,
  createRedis,
  createWorker,
  JOBS,
  QUEUES,
  type Queue,
  type Redis,
  type Worker,
  zBulkIssuanceJob,
} from '@sp/queue';
import type { IssuerConfig } from '../src/config.js';
import { issuerProcessors } from '../src/jobs/index.js';
import { type RunningIssuer, startIssuer } from '../src/service.js';

// Integration tier: the issuer over HTTP on 127.0.0.1:0, real PostgreSQL and Redis, and the issuer's bulk
// processor working the issuance queue in this process (a private queue prefix, so no other suite takes our jobs).
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `batches-int-${randomUUID().slice(0, 8)}`;
const ADMIN = `admin-${randomBytes(16).toString('hex')}`;
const HEADER =
  'email,name,date_of_birth,catalogue_code,completion_date,delivery_mode,assessment_method,assessor';

const logger = createLogger({ service: 'batches-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
let db: Database;
let redis: Redis;
let workerRedis: Redis;
let sut: RunningIssuer;
let base: string;
let issuance: Queue;
let notifications: Queue;
let worker: Worker | undefined;
let config: IssuerConfig;

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
  redis = createRedis(REDIS_URL, { logger });
  workerRedis = createRedis(REDIS_URL, { logger, forWorker: true });
  config = {
    port: 0,
    host: '127.0.0.1',
    baseUrl: '',
    adminToken: ADMIN,
    keyEncryptionKey: randomBytes(32).toString('base64'),
    offerTtlSeconds: 7 * 24 * 3600,
    databaseUrl: DATABASE_URL,
    pgliteDir: '',
    redisUrl: REDIS_URL,
    queuePrefix: QUEUE_PREFIX,
    logLevel: 'silent',
  } as IssuerConfig;
  sut = await startIssuer(config, { logger, db, redis });
  base = sut.baseUrl;
  issuance = createQueue(QUEUES.issuance, redis, logger, { prefix: QUEUE_PREFIX });
  notifications = createQueue(QUEUES.notifications, redis, logger, { prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await sut?.close();
  await issuance?.obliterate({ force: true });
  await notifications?.obliterate({ force: true });
  await issuance?.close();
  await notifications?.close();
  workerRedis?.disconnect();
  redis?.disconnect();
  await db?.close();
});

/** Starts the bulk processor (as the jobs process does) once the issuer's base URL is known. */
function startWorker(): void {
  if (worker) return;
  const procs = issuerProcessors({ ...config, baseUrl: base }, { db, logger, issuance, notifications });
  worker = createWorker(
    QUEUES.issuance,
    workerRedis,
    logger,
    {
      [JOBS.bulkIssuance]: {
        schema: zBulkIssuanceJob,
        run: (d) => procs.bulkIssuance(zBulkIssuanceJob.parse(d)),
      },
    },
    { prefix: QUEUE_PREFIX, concurrency: 4 },
  );
}

async function createOrg(kind = 'training_provider') {
  const res = await fetch(`${base}/v1/admin/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: `tp-${randomUUID().slice(0, 8)}`, name: 'Cohort Training Ltd', kind }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

const email = () => `w-${randomUUID().slice(0, 8)}@example.org`;
const good = (e = email()) =>
  `${e},Laura Example,1990-01-02,CORE-BLS,2025-03-14,classroom,practical assessment,A. Assessor`;

function upload(apiKey: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(`${base}/v1/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv', ...headers },
    body,
  });
}

async function status(apiKey: string, id: string) {
  const res = await fetch(`${base}/v1/batches/${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    id: string;
    state: string;
    counts: Record<string, number>;
    errors: { line: number; column?: string; reason: string }[];
  };
}

async function waitCompleted(apiKey: string, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await status(apiKey, id);
    if (s.state === 'completed') return s;
    if (Date.now() > deadline) throw new Error(`batch not completed: ${JSON.stringify(s.counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function batchCount(idempotencyKey: string): Promise<number> {
  return db.prisma.issuerBatch.count({ where: { idempotencyKey } });
}

describe('POST /v1/batches (CSV)', () => {
  it('keeps good rows, reports bad rows by line, column and reason, and issues each good row once', async () => {
    startWorker();
    const apiKey = await createOrg();
    const csv = [
      HEADER,
      good(),
      'not-an-email,Bob,,CORE-BLS,2025-03-14,classroom,observed,',
      `${email()},Cara,,NO-SUCH-CODE,2025-03-14,classroom,observed,`,
      `${email()},Dan,,CORE-BLS,2999-01-01,classroom,observed,`,
      good(),
    ].join('\n');
    const res = await upload(apiKey, csv, { 'idempotency-key': `k-${randomUUID()}` });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; totalRows: number; errors: unknown[] };
    expect(accepted.totalRows).toBe(5);
    expect(accepted.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'email' }),
        expect.objectContaining({ line: 4, column: 'catalogue_code', reason: 'unknown_code' }),
        expect.objectContaining({ line: 5, column: 'completion_date', reason: 'invalid_dates' }),
      ]),
    );
    const done = await waitCompleted(apiKey, accepted.id);
    expect(done.counts).toEqual({ pending: 0, done: 2, failed: 0, invalid: 3, duplicate: 0 });
    const rows = await db.prisma.issuerBatchRow.findMany({ where: { batchId: accepted.id, state: 'done' } });
    const offers = await db.prisma.credentialOffer.findMany({
      where: { id: { in: rows.map((r) => r.offerId as string) } },
    });
    expect(offers).toHaveLength(2);
  });

  it('the result file lists every row with its offer URI, and formula cells come back as text', async () => {
    startWorker();
    const apiKey = await createOrg();
    const csv = [HEADER, good(), '=HYPERLINK("http://evil"),@SUM(1),,CORE-BLS,2025-03-14,classroom,x,'].join(
      '\r\n',
    );
    const res = await upload(apiKey, csv);
    const { id } = (await res.json()) as { id: string };
    await waitCompleted(apiKey, id);
    const file = await fetch(`${base}/v1/batches/${id}/result.csv`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await file.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,row_id,email,status,offer_id,offer_uri,error');
    expect(lines[1]).toMatch(
      /^2,,w-[0-9a-f]{8}@example\.org,done,[0-9a-f-]{36},openid-credential-offer:\/\/\?credential_offer_uri=/,
    );
    // The uploaded formula is prefixed with ' (text) and quoted; it never starts a cell unescaped.
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[2]).toContain(',invalid,');
    expect(lines.slice(1).every((l) => !/(^|,)[=+\-@]/.test(l))).toBe(true);
    // The offer URI in the file is the offer's real, fetchable link.
    const uri = decodeURIComponent(
      (lines[1] as string).split(',')[5]?.split('credential_offer_uri=')[1] ?? '',
    );
    const offer = await fetch(uri);
    expect(offer.status).toBe(200);
  });

  it('the same Idempotency-Key answers with the same batch and creates nothing more', async () => {
    const apiKey = await createOrg();
    const key = `k-${randomUUID()}`;
    const csv = [HEADER, good(), good()].join('\n');
    const first = await upload(apiKey, csv, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const again = await upload(apiKey, csv, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(await batchCount(key)).toBe(1);
  });

  it('the same rows uploaded again under another key are duplicates and issue nothing', async () => {
    startWorker();
    const apiKey = await createOrg();
    const csv = [HEADER, good(), good()].join('\n');
    const first = (await (await upload(apiKey, csv)).json()) as { id: string };
    await waitCompleted(apiKey, first.id);
    const second = await upload(apiKey, csv);
    expect(second.status).toBe(202);
    const body = (await second.json()) as { id: string; counts: Record<string, number> };
    expect(body.counts).toMatchObject({ pending: 0, duplicate: 2 });
    const done = await waitCompleted(apiKey, body.id);
    expect(done.counts.done).toBe(0);
  });

  it('a row repeated inside one file is issued once', async () => {
    const apiKey = await createOrg();
    const row = good();
    const res = await upload(apiKey, [HEADER, row, row].join('\n'));
    const body = (await res.json()) as {
      counts: Record<string, number>;
      errors: { line: number; reason: string }[];
    };
    expect(body.counts).toMatchObject({ pending: 1, duplicate: 1 });
    expect(body.errors).toEqual([expect.objectContaining({ line: 3, reason: 'duplicate_row' })]);
  });

  it.each([
    [
      'not UTF-8',
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',x\n')]),
      'encoding',
    ],
    ['a missing column', 'email,name\nlaura@example.org,Laura\n', 'missing_columns'],
    ['an empty file', '', 'empty_file'],
    ['a header and no rows', `${HEADER}\n`, 'empty_file'],
    ['unbalanced quotes', `${HEADER}\n"unterminated,Laura\n`, 'malformed_csv'],
  ])('a file with %s gets one 400 and creates nothing', async (_name, body, reason) => {
    const apiKey = await createOrg();
    const key = `k-${randomUUID()}`;
    const res = await upload(apiKey, body, { 'idempotency-key': key });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'bad_request', reason });
    expect(await batchCount(key)).toBe(0);
  });

  it('a bad encoding late in a long file still creates nothing', async () => {
    const apiKey = await createOrg();
    const key = `k-${randomUUID()}`;
    const lines = Array.from({ length: 3_000 }, () => good());
    const body = Buffer.concat([
      Buffer.from(`${HEADER}\n${lines.join('\n')}\n`),
      Buffer.from([0xc3, 0x28, 0x0a]),
    ]);
    const res = await upload(apiKey, body, { 'idempotency-key': key });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reason: 'encoding' });
    expect(await batchCount(key)).toBe(0);
  });

  it('refuses other content types with 415 and unknown keys with 401', async () => {
    const apiKey = await createOrg();
    const res = await upload(apiKey, 'x', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    const anon = await upload('sp_wrong', `${HEADER}\n${good()}`);
    expect(anon.status).toBe(401);
  });
});

describe('POST /v1/batches (JSON) and GET /v1/batches/{id}', () => {
  it('takes the same rows as JSON, beyond the 100 KiB default body limit', async () => {
    startWorker();
    const apiKey = await createOrg();
    const rows = Array.from({ length: 800 }, () => ({
      email: email(),
      name: 'Laura Example',
      catalogueCode: 'CORE-BLS',
      completionDate: '2025-03-14',
      deliveryMode: 'classroom',
      assessmentMethod: 'practical assessment with a longer description to make the body larger',
    }));
    const body = JSON.stringify({ idempotencyKey: `k-${randomUUID()}`, rows });
    expect(body.length).toBeGreaterThan(100 * 1024);
    const res = await fetch(`${base}/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const done = await waitCompleted(apiKey, id);
    expect(done.counts).toMatchObject({ done: 800, pending: 0 });
  });

  it('another organisation gets 404 for a batch that is not its own', async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const { id } = (await (await upload(owner, `${HEADER}\n${good()}`)).json()) as { id: string };
    const res = await fetch(`${base}/v1/batches/${id}`, { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(404);
    const file = await fetch(`${base}/v1/batches/${id}/result.csv`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(file.status).toBe(404);
  });
});

describe('exactly once within the processor', () => {
  it('running a chunk again after it finished, or concurrently, makes no second offer', async () => {
    const apiKey = await createOrg();
    const stopped = await upload(apiKey, [HEADER, good(), good(), good()].join('\n'));
    const { id } = (await stopped.json()) as { id: string };
    const procs = issuerProcessors({ ...config, baseUrl: base }, { db, logger, issuance, notifications });
    // Three runs of the same chunk at once (a stalled job re-run next to the original, plus a sweeper re-enqueue).
    await Promise.all([0, 1, 2].map(() => procs.bulkIssuance({ batchId: id, chunk: 0 })));
    await procs.bulkIssuance({ batchId: id, chunk: 0 });
    const rows = await db.prisma.issuerBatchRow.findMany({ where: { batchId: id } });
    expect(rows.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    const offers = await db.prisma.credentialOffer.count({
      where: { id: { in: rows.map((r) => r.offerId as string) } },
    });
    expect(offers).toBe(3);
    const org = await db.prisma.issuerBatch.findUniqueOrThrow({ where: { id } });
    expect(await db.prisma.credentialOffer.count({ where: { organisationId: org.organisationId } })).toBe(3);
    // The batch's kept counts moved once per row too (each run adds only the rows it moved).
    expect(org).toMatchObject({ countsKept: true, validRows: 3, doneRows: 3, failedRows: 0 });
    expect((await status(apiKey, id)).counts).toEqual({
      pending: 0,
      done: 3,
      failed: 0,
      invalid: 0,
      duplicate: 0,
    });
  });

  it('status counts read off the batch match the rows, and a batch from before kept counts is counted', async () => {
    const apiKey = await createOrg();
    const first = await upload(
      apiKey,
      [HEADER, good(), 'not-an-email,X,,CORE-BLS,2025-03-14,classroom,p,'].join('\n'),
    );
    const repeated = good();
    await upload(apiKey, [HEADER, repeated].join('\n'));
    const twice = good();
    const res = await upload(apiKey, [HEADER, good(), repeated, twice, 'x,,,,,,,', twice].join('\n'));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const procs = issuerProcessors({ ...config, baseUrl: base }, { db, logger, issuance, notifications });
    await procs.bulkIssuance({ batchId: id, chunk: 0 });
    const kept = (await status(apiKey, id)).counts;
    expect(kept).toEqual({ pending: 0, done: 2, failed: 0, invalid: 1, duplicate: 2 });
    // Rows counted the old way give the same answer (and are what a batch accepted before this change shows).
    await db.prisma.issuerBatch.update({ where: { id }, data: { countsKept: false } });
    expect((await status(apiKey, id)).counts).toEqual(kept);
    expect(first.status).toBe(202);
  });
});
