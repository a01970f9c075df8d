import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { type Database, openDatabase } from '@sp/db';
import { createLogger } from '@sp/http-kit';
import {
  createQueue,
  createRedis,
  type Job,
  JOBS,
  QUEUES,
  type Queue,
  type Redis,
  zOfferIssuedJob,
  zOffersIssuedJob,
  offersIssuedJobId,
  enqueue,
} from '@sp/queue';
import {
  EMAIL_CLAIM_MS,
  emailsJobId,
  type Mailer,
  offersIssuedProcessor,
  refreshRemindersProcessor,
  sendEmails,
} from '@sp/wallet/jobs';
import { loadJobsConfig } from '../src/config.js';
import { SCHEDULERS } from '../src/background-work.js';
import { startJobs } from '../src/service.js';

// Integration tier: the jobs process's workers in this process, against the real PostgreSQL and Redis, with a
// private queue prefix; a tiny SMTP server in the test stands in for the mail relay.
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ service: 'jobs-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
const OPERATOR_TOKEN = randomBytes(24).toString('hex');

let db: Database;
let redis: Redis;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
  redis = createRedis(REDIS_URL, { logger });
});
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  redis?.disconnect();
  await db?.close();
});

/** A minimal SMTP server (RFC 5321 happy path) that keeps every message it receives. */
async function startSmtp(): Promise<{ port: number; messages: string[]; server: Server }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let data = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += String(chunk);
      for (;;) {
        if (data) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl).toUpperCase();
        buffer = buffer.slice(nl + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 test\r\n');
        else if (line.startsWith('DATA')) {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { port: typeof addr === 'object' && addr ? addr.port : 0, messages, server };
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise((r) => srv.close(r));
  return typeof addr === 'object' && addr ? addr.port : 1;
}

async function boot(env: Record<string, string>) {
  const prefix = env['QUEUE_PREFIX'] ?? `jobs-int-${randomUUID().slice(0, 8)}`;
  const config = loadJobsConfig({
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JOBS_PORT: '0',
    LOG_LEVEL: 'silent',
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    EMAIL_BACKOFF_MS: '10',
    ...env,
  });
  const jobs = await startJobs(config, { logger, db, redis });
  const notifications = createQueue(QUEUES.notifications, redis, logger, { prefix });
  const email = createQueue(QUEUES.email, redis, logger, { prefix });
  const scheduled = createQueue(QUEUES.scheduled, redis, logger, { prefix });
  const queues: Queue[] = [notifications, email, scheduled];
  closers.push(async () => {
    await jobs.close();
    for (const q of queues) {
      await q.obliterate({ force: true }).catch(() => {});
      await q.close();
    }
  });
  return { jobs, config, notifications, email, scheduled, base: `http://127.0.0.1:${jobs.port}` };
}

async function offerIssued(queue: Queue, to: string) {
  const offerId = randomUUID();
  await enqueue(
    queue,
    JOBS.offerIssued,
    zOfferIssuedJob,
    {
      offerId,
      email: to,
      workerName: 'Laura',
      organisationName: 'Cohort Training Ltd',
      credentialName: 'Basic Life Support',
      offerUri: 'openid-credential-offer://?credential_offer_uri=x',
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    `offer-issued-${offerId}`,
  );
  return offerId;
}

const waitFor = async <T>(what: string, f: () => Promise<T | undefined | null>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('email outbox', () => {
  it('an offer for someone without an account waits in the inbox and emails an invitation over SMTP, once', async () => {
    const smtp = await startSmtp();
    const { notifications } = await boot({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const to = `new-${randomUUID().slice(0, 8)}@example.org`;
    const offerId = await offerIssued(notifications, to);
    const sent = await waitFor('email sent', () =>
      db.prisma.walletEmail.findFirst({ where: { dedupeKey: `offer-issued:${offerId}`, state: 'sent' } }),
    );
    expect(sent.to).toBe(to);
    expect(sent.text).toContain('Create your free Skills Passport wallet');
    expect(smtp.messages.some((m) => m.includes(to))).toBe(true);
    // The offer waits in the inbox keyed by email: the worker sees it when they sign up with that address.
    expect(await db.prisma.walletNotification.count({ where: { email: to, kind: 'offer-issued' } })).toBe(1);
    // The same event again (a redelivered job): still one email.
    await offerIssued(notifications, to);
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.prisma.walletEmail.count({ where: { dedupeKey: `offer-issued:${offerId}` } })).toBe(1);
  });

  it('a worker with an account is told to sign in', async () => {
    const { notifications } = await boot({});
    const to = `has-${randomUUID().slice(0, 8)}@example.org`;
    await db.prisma.worker.create({
      data: {
        email: to,
        name: 'Has Account',
        passwordHash: 'x',
        did: `did:jwk:${randomUUID()}`,
        publicJwk: {},
        sealedPrivateKey: 'x',
      },
    });
    const offerId = await offerIssued(notifications, to);
    const email = await waitFor('email sent (log transport)', () =>
      db.prisma.walletEmail.findFirst({ where: { dedupeKey: `offer-issued:${offerId}`, state: 'sent' } }),
    );
    expect(email.text).toContain('Sign in at');
  });

  it('retries with backoff, dead-letters after the last attempt, and shows it to operators', async () => {
    const port = await closedPort();
    const { notifications, email, base } = await boot({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      EMAIL_ATTEMPTS: '2',
      OPERATOR_TOKEN,
    });
    const to = `dead-${randomUUID().slice(0, 8)}@example.org`;
    const offerId = await offerIssued(notifications, to);
    const dead = await waitFor('email dead', () =>
      db.prisma.walletEmail.findFirst({ where: { dedupeKey: `offer-issued:${offerId}`, state: 'dead' } }),
    );
    expect(dead.attempts).toBe(2);
    expect(dead.lastError).toMatch(/ECONNREFUSED|connect/i);
    // The failed job stays in the queue's failed set (the dead letter operators retry from the dashboard).
    const failed = await email.getFailed();
    expect(failed.some((j) => j.id === `email-${dead.id}` && j.attemptsMade === 2)).toBe(true);

    const list = await fetch(`${base}/ops/emails/dead`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { id: string }[]).map((e) => e.id)).toContain(dead.id);
    const retry = await fetch(`${base}/ops/emails/${dead.id}/retry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(retry.status).toBe(202);
    const again = await fetch(`${base}/ops/emails/${dead.id}/retry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(again.status).toBe(404);
  });
});

describe("a cohort chunk's notifications", () => {
  const offer = (to: string) => ({
    offerId: randomUUID(),
    email: to,
    workerName: 'Laura',
    organisationName: 'Cohort Training Ltd',
    credentialName: 'Basic Life Support',
    offerUri: 'openid-credential-offer://?credential_offer_uri=x',
    expiresAt: '2030-01-01T00:00:00.000Z',
  });
  const tag = () => randomUUID().slice(0, 8);

  it('one offers-issued job gives every offer one inbox row and one email, sent once over SMTP, however often it is delivered', async () => {
    const smtp = await startSmtp();
    const { notifications } = await boot({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const t = tag();
    const offers = Array.from({ length: 12 }, (_, i) => offer(`chunk-${t}-${i}@Example.org`));
    const keys = offers.map((o) => `offer-issued:${o.offerId}`);
    await enqueue(
      notifications,
      JOBS.offersIssued,
      zOffersIssuedJob,
      { offers },
      offersIssuedJobId(offers.map((o) => o.offerId)),
    );
    const sent = await waitFor('every email sent', async () => {
      const n = await db.prisma.walletEmail.count({ where: { dedupeKey: { in: keys }, state: 'sent' } });
      return n === offers.length ? n : undefined;
    });
    expect(sent).toBe(12);
    const inbox = await db.prisma.walletNotification.findMany({ where: { dedupeKey: { in: keys } } });
    expect(inbox).toHaveLength(12);
    // Keyed by the lower-cased address, so the worker finds it whatever case the upload used.
    expect(inbox.every((n) => n.email === n.email.toLowerCase() && n.link === offers[0]?.offerUri)).toBe(
      true,
    );
    // Delivered again under another job id (a chunk that ran twice), and one of them alone: nothing new.
    await enqueue(notifications, JOBS.offersIssued, zOffersIssuedJob, { offers }, `again-${t}`);
    const first = offers[0] as (typeof offers)[number];
    await enqueue(notifications, JOBS.offerIssued, zOfferIssuedJob, first, `single-${t}`);
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.prisma.walletNotification.count({ where: { dedupeKey: { in: keys } } })).toBe(12);
    expect(await db.prisma.walletEmail.count({ where: { dedupeKey: { in: keys } } })).toBe(12);
    expect(smtp.messages.filter((m) => m.includes(`chunk-${t}-`))).toHaveLength(12);
  });

  it("a chunk's emails are written claimed by their one send job, which alone sends them, without claiming again", async () => {
    const prefix = `jobs-int-${randomUUID().slice(0, 8)}`;
    const email = createQueue(QUEUES.email, redis, logger, { prefix }); // no worker: the test runs the job
    closers.push(async () => {
      await email.obliterate({ force: true }).catch(() => {});
      await email.close();
    });
    const t = tag();
    const offers = Array.from({ length: 4 }, (_, i) => offer(`pre-${t}-${i}@example.org`));
    const keys = offers.map((o) => `offer-issued:${o.offerId}`);
    await offersIssuedProcessor({ db, logger, email })(offers);
    const jobId = emailsJobId(keys);
    const job = await email.getJob(jobId);
    expect(job?.name).toBe(JOBS.emailSendMany);
    const rows = await db.prisma.walletEmail.findMany({ where: { dedupeKey: { in: keys } } });
    expect(rows).toHaveLength(4);
    const until = Date.now();
    expect(
      rows.every((r) => r.claimedBy === `job:${jobId}` && (r.claimedUntil?.getTime() ?? 0) > until),
    ).toBe(true);
    expect([...((job?.data.emailIds ?? []) as string[])].sort()).toEqual(rows.map((r) => r.id).sort());
    const delivered: string[] = [];
    const mailer: Mailer = {
      kind: 'log',
      async send(e) {
        delivered.push(e.id);
      },
      close() {},
    };
    const deps = { db, logger, mailer, now: () => new Date() };
    const ids = rows.map((r) => r.id);
    // Another job (the sweeper's) leaves them alone while they are held…
    const sweeper = { id: 'sweeper', attemptsMade: 0, opts: { attempts: 8 } } as unknown as Job;
    await expect(sendEmails(deps, ids, sweeper)).rejects.toThrow(/another job/);
    expect(delivered).toHaveLength(0);
    // …and their own job sends each once.
    expect(await sendEmails(deps, ids, job as Job)).toEqual({ sent: 4, skipped: 0 });
    expect(delivered.sort()).toEqual([...ids].sort());
    const after = await db.prisma.walletEmail.findMany({ where: { id: { in: ids } } });
    expect(after.every((r) => r.state === 'sent' && r.claimedBy === null && r.attempts === 1)).toBe(true);
  });

  it('an email is sent only by the job that claims it: concurrent senders send it once, a held one waits for its claim', async () => {
    const t = tag();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const row = await db.prisma.walletEmail.create({
        data: { dedupeKey: `claim-${t}-${i}`, to: `c${i}-${t}@example.org`, subject: 's', text: 't' },
      });
      ids.push(row.id);
    }
    const delivered: string[] = [];
    const mailer: Mailer = {
      kind: 'smtp',
      async send(e) {
        await new Promise((r) => setTimeout(r, 20));
        delivered.push(e.id);
      },
      close() {},
    };
    const deps = { db, logger, mailer, now: () => new Date() };
    // Two jobs naming the same emails at once (a chunk's job and the sweeper's): each email goes out once; the
    // loser either finds them sent (skipped) or still held (throws, so BullMQ retries it later).
    const results = await Promise.allSettled([sendEmails(deps, ids), sendEmails(deps, [...ids].reverse())]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect([...delivered].sort()).toEqual([...ids].sort());
    expect(await db.prisma.walletEmail.count({ where: { id: { in: ids }, state: 'sent' } })).toBe(5);
    expect(await sendEmails(deps, ids)).toEqual({ sent: 0, skipped: 5 });

    // A claim held by a sender that died: nobody sends until it lapses, then the next attempt does.
    // An email claimed for the next minute (by `claimedBy`, when given).
    const claimedEmail = (tag: string, claimedBy?: string) =>
      db.prisma.walletEmail.create({
        data: {
          dedupeKey: `claim-${t}-${tag}`,
          to: `${tag}-${t}@example.org`,
          subject: 's',
          text: 't',
          claimedUntil: new Date(Date.now() + 60_000),
          ...(claimedBy ? { claimedBy } : {}),
        },
      });
    const held = await claimedEmail('held');
    await expect(sendEmails(deps, [held.id])).rejects.toThrow(/being sent by another job/);
    expect(delivered).not.toContain(held.id);
    const later = { ...deps, now: () => new Date(Date.now() + EMAIL_CLAIM_MS) };
    expect(await sendEmails(later, [held.id])).toEqual({ sent: 1, skipped: 0 });
    expect(delivered.filter((id) => id === held.id)).toHaveLength(1);

    // The claimant's own job, run again after its process was killed, takes its claims over at once.
    const mine = await claimedEmail('mine', `job:emails-${t}`);
    const rerun = { id: `emails-${t}`, attemptsMade: 0, opts: { attempts: 8 } } as unknown as Job;
    await expect(sendEmails(deps, [mine.id], { ...rerun, id: 'another' } as Job)).rejects.toThrow(
      /another job/,
    );
    expect(await sendEmails(deps, [mine.id], rerun)).toEqual({ sent: 1, skipped: 0 });
  });
});

describe('operators view', () => {
  it('bull-board answers only with the operator token (bearer or basic), and not at all without one', async () => {
    const { base } = await boot({ OPERATOR_TOKEN });
    const anon = await fetch(`${base}/ops/queues`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${base}/ops/queues`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    const bearer = await fetch(`${base}/ops/queues`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).toMatch(/<html/i);
    const basic = Buffer.from(`ops:${OPERATOR_TOKEN}`).toString('base64');
    const api = await fetch(`${base}/ops/queues/api/queues`, {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['issuance', 'email', 'scheduled']));

    const { base: off } = await boot({});
    expect(
      (await fetch(`${off}/ops/queues`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).status,
    ).toBe(404);
  });

  it('registers one job scheduler per scan at boot, and a second boot keeps one each', async () => {
    const prefix = `jobs-int-${randomUUID().slice(0, 8)}`;
    const first = await boot({ QUEUE_PREFIX: prefix, REMINDERS_EVERY_MS: '3600000' });
    await boot({ QUEUE_PREFIX: prefix, REMINDERS_EVERY_MS: '7200000' });
    const schedulers = await first.scheduled.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(Object.values(SCHEDULERS).sort());
    expect(schedulers.find((s) => s.key === SCHEDULERS.refreshReminders)?.every).toBe(7_200_000);
  });
});

describe('refresh reminders', () => {
  it('tells the worker once at 60, 30 and 0 days before the catalogue refresh date, by inbox and email', async () => {
    const email = `remind-${randomUUID().slice(0, 8)}@example.org`;
    const worker = await db.prisma.worker.create({
      data: {
        email,
        name: 'Rita',
        passwordHash: 'x',
        did: `did:jwk:${randomUUID()}`,
        publicJwk: {},
        sealedPrivateKey: 'x',
      },
    });
    // CORE-BLS is refreshed every 12 months: completed 2026-02-15 → due 2027-02-15.
    const credential = await db.prisma.walletCredential.create({
      data: {
        workerId: worker.id,
        credentialId: `urn:uuid:${randomUUID()}`,
        format: 'jwt_vc_json',
        jwt: 'x',
        issuerDid: 'did:web:example.org',
        catalogueCode: 'CORE-BLS',
        name: 'Basic Life Support',
        summary: { completionDate: '2026-02-15' },
        issuedAt: new Date('2026-02-15T00:00:00Z'),
      },
    });
    let now = new Date('2026-11-01T09:00:00Z'); // 106 days before: nothing yet
    const sut = refreshRemindersProcessor({ db, logger, now: () => now });
    const mine = () =>
      db.prisma.walletNotification.findMany({
        where: { email, kind: 'refresh-due' },
        orderBy: { createdAt: 'asc' },
      });
    await sut();
    expect(await mine()).toHaveLength(0);

    now = new Date('2027-01-01T09:00:00Z'); // 45 days before → the 60-day reminder
    await sut();
    await sut(); // a second scan (or two schedulers firing) tells nobody twice
    expect((await mine()).map((n) => n.dedupeKey)).toEqual([`refresh-due:${credential.id}:60`]);

    now = new Date('2027-01-21T09:00:00Z'); // 25 days before → 30
    await sut();
    now = new Date('2027-02-15T09:00:00Z'); // due today → 0
    await sut();
    const all = await mine();
    expect(all.map((n) => n.dedupeKey)).toEqual([60, 30, 0].map((t) => `refresh-due:${credential.id}:${t}`));
    expect(all[0]?.title).toBe('"Basic Life Support" is due for refresh on 2027-02-15');
    expect(await db.prisma.walletEmail.count({ where: { to: email } })).toBe(3);
  });
});
