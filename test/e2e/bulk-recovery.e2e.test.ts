/**
 * Exactly once under failure: a jobs process SIGKILLed halfway through a batch, then a new one started; and the
 * Redis server itself killed and restarted halfway through. Both must end with every valid row issued exactly once
 * (one offer per row, one offer-issued notification and one sent email per offer). The issuer and the jobs process
 * run as their own processes; the Redis of the second test is a private redis-server on its own port.
 */
import { openDatabase, type Database } from '@sp/db';
import {
  batchStatus,
  cohortCsv,
  createProvider,
  type ServiceProcess,
  sleep,
  stackEnv,
  startPrivateRedis,
  startService,
  uploadCsv,
  waitFor,
} from './bulk-helpers.js';

const ROWS = 1_200;
const BAD = 5;
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: process.env.DATABASE_URL as string });
});
afterAll(async () => {
  await db?.close();
});

/** Every valid row of the batch is done with its own offer, and each offer was notified once. */
async function expectIssuedExactlyOnce(batchId: string) {
  const rows = await db.prisma.issuerBatchRow.findMany({ where: { batchId } });
  const done = rows.filter((r) => r.state === 'done');
  expect(done).toHaveLength(ROWS);
  expect(rows.filter((r) => r.state === 'invalid')).toHaveLength(BAD);
  const offerIds = done.map((r) => r.offerId as string);
  expect(new Set(offerIds).size).toBe(ROWS);
  const batch = await db.prisma.issuerBatch.findUniqueOrThrow({ where: { id: batchId } });
  // No offer of this organisation exists beyond the rows' own: nothing was issued twice.
  expect(await db.prisma.credentialOffer.count({ where: { organisationId: batch.organisationId } })).toBe(
    ROWS,
  );
  // One inbox notification per offer (the notification jobs were enqueued with the offer's id).
  const notified = await waitFor(
    'every offer notified',
    async () => {
      const n = await db.prisma.walletNotification.count({
        where: { dedupeKey: { in: offerIds.map((id) => `offer-issued:${id}`) } },
      });
      return n === ROWS ? n : undefined;
    },
    60_000,
    200,
  );
  expect(notified).toBe(ROWS);
  // And one email per offer, each sent (a killed sender's job, run again, takes over the emails it had claimed).
  const emailed = await waitFor(
    'every offer emailed',
    async () => {
      const n = await db.prisma.walletEmail.count({
        where: { dedupeKey: { in: offerIds.map((id) => `offer-issued:${id}`) }, state: 'sent' },
      });
      return n === ROWS ? n : undefined;
    },
    60_000,
    200,
  );
  expect(emailed).toBe(ROWS);
}

async function waitUntilPartlyDone(issuer: string, apiKey: string, id: string) {
  return waitFor(
    'batch partly issued',
    async () => {
      const s = await batchStatus(issuer, apiKey, id);
      return s.counts.done >= ROWS * 0.2 ? s : undefined;
    },
    60_000,
    20,
  );
}

async function waitCompleted(issuer: string, apiKey: string, id: string) {
  return waitFor(
    'batch completed',
    async () => {
      const s = await batchStatus(issuer, apiKey, id);
      return s.state === 'completed' ? s : undefined;
    },
    120_000,
    200,
  );
}

describe('cohort issuance recovers exactly once', () => {
  it('a jobs process killed with SIGKILL halfway: a new process finishes, every valid row issued once', async () => {
    const { env, issuerPort, jobsPort, adminToken } = await stackEnv();
    const procs: ServiceProcess[] = [];
    try {
      const issuer = await startService('issuer', env, issuerPort);
      procs.push(issuer);
      const jobs1 = await startService('jobs', env, jobsPort);
      procs.push(jobs1);
      const apiKey = await createProvider(issuer.url, adminToken);
      const batch = await uploadCsv(issuer.url, apiKey, cohortCsv(ROWS, BAD));
      expect(batch.counts).toMatchObject({ pending: ROWS, invalid: BAD });

      const partly = await waitUntilPartlyDone(issuer.url, apiKey, batch.id);
      await jobs1.kill('SIGKILL');
      expect(jobs1.child.signalCode).toBe('SIGKILL');
      const afterKill = await batchStatus(issuer.url, apiKey, batch.id);
      expect(afterKill.state).toBe('accepted');
      expect(afterKill.counts.pending).toBeGreaterThan(0);
      expect(afterKill.counts.done).toBeGreaterThanOrEqual(partly.counts.done);

      const jobs2 = await startService('jobs', env, jobsPort);
      procs.push(jobs2);
      const final = await waitCompleted(issuer.url, apiKey, batch.id);
      expect(final.counts).toEqual({ pending: 0, done: ROWS, failed: 0, invalid: BAD, duplicate: 0 });
      await expectIssuedExactlyOnce(batch.id);
    } finally {
      for (const p of procs.reverse()) await p.kill();
    }
  }, 240_000);

  it('Redis killed and restarted halfway: after recovery every valid row issued once', async () => {
    const redis = await startPrivateRedis();
    const { env, issuerPort, jobsPort, adminToken } = await stackEnv({ REDIS_URL: redis.url });
    const procs: ServiceProcess[] = [];
    try {
      const issuer = await startService('issuer', env, issuerPort);
      procs.push(issuer);
      const jobs = await startService('jobs', env, jobsPort);
      procs.push(jobs);
      const apiKey = await createProvider(issuer.url, adminToken);
      const batch = await uploadCsv(issuer.url, apiKey, cohortCsv(ROWS, BAD));

      await waitUntilPartlyDone(issuer.url, apiKey, batch.id).catch((err: Error) => {
        throw new Error(`${err.message}\njobs log:\n${jobs.logs.join('').slice(-3000)}`);
      });
      await redis.stop('SIGKILL');
      await sleep(1_000);
      const duringOutage = await batchStatus(issuer.url, apiKey, batch.id);
      expect(duringOutage.counts.pending).toBeGreaterThan(0);
      await redis.restart();

      const final = await waitCompleted(issuer.url, apiKey, batch.id);
      expect(final.counts).toEqual({ pending: 0, done: ROWS, failed: 0, invalid: BAD, duplicate: 0 });
      await expectIssuedExactlyOnce(batch.id).catch((err: Error) => {
        throw new Error(`${err.message}\njobs log:\n${jobs.logs.join('').slice(-4000)}`);
      });
      // The processes reconnected on their own: both answer ready again.
      expect((await fetch(`${jobs.url}/readyz`)).status).toBe(200);
    } finally {
      for (const p of procs.reverse()) await p.kill();
      await redis.dispose();
    }
  }, 240_000);
});
