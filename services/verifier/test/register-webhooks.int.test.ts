/**
 * Issue 4 part B in the verifier: recognition from a signed register of recognised issuers (each reason
 * its own code, the register version in the report), webhook subscriptions, and the two job processors
 * (status change fan-out, signed delivery with retries and a dead letter) against real PostgreSQL and Redis.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type Register, signRegisterJwt } from '@sp/credential';
import { openPrivateKey, parseKek, rewrapSealedKeys } from '@sp/crypto';
import { type Database, openDatabase } from '@sp/db';
import { createSafeFetcher } from '@sp/did';
import { createLogger } from '@sp/http-kit';
import { createRedis, JOBS, QUEUES, type Queue, type Redis, createQueue } from '@sp/queue';
import type { VerifierConfig } from '../src/config.js';
import {
  createWebhookSecretStore,
  statusChangedProcessor,
  verifyWebhookSignature,
  webhookDeliverProcessor,
} from '../src/jobs/index.js';
import { type RunningVerifier, startVerifier } from '../src/service.js';
import {
  type FakeHolder,
  type FakeIssuer,
  type FakeParty,
  startFakeParty,
  testVerifierConfig,
  TEST_DATABASE_URL,
} from './fixture.js';

const ADMIN = `admin-${randomUUID()}`;
const KEK = randomBytes(32).toString('base64');
const PREFIX = `vreg-${randomUUID().slice(0, 8)}`;
const logger = createLogger({ service: 'register-webhooks-test', level: 'silent' });

let db: Database;
let redis: Redis;
let party: FakeParty;
let sut: RunningVerifier;
let noKek: RunningVerifier;
let scheme: FakeIssuer;
let provider: FakeIssuer;
let suspended: FakeIssuer;
let stranger: FakeIssuer;
let holder: FakeHolder;
let apiKey: string;
let webhooksQueue: Queue;

/** The register server: whatever JWT `registerJwt` holds, and a webhook receiver scripted per test. */
let registerJwt = '';
let receiverScript: number[] = [];
const received: { headers: IncomingMessage['headers']; body: string }[] = [];
let aux: Server;
let auxBase: string;

const config = (over: Partial<VerifierConfig> = {}): VerifierConfig =>
  testVerifierConfig(ADMIN, { queuePrefix: PREFIX, ...over });

async function call(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}

async function newAccount(base = sut.baseUrl) {
  const r = await call(base, '/v1/admin/accounts', {
    token: ADMIN,
    body: { name: `Employer ${randomUUID()}` },
  });
  expect(r.status).toBe(201);
  return { key: r.body.apiKey as string, id: r.body.account.id as string };
}

async function publish(register: Omit<Register, 'issuedAt'>, signer: FakeIssuer = scheme) {
  registerJwt = await signRegisterJwt({
    register: { ...register, issuedAt: new Date().toISOString() },
    schemeDid: signer.did,
    kid: signer.kid,
    privateJwk: signer.privateJwk,
    alg: 'EdDSA',
  });
}

const AUD = 'https://verifier.example/v1/verifications';
async function verifyOne(cred: string, token = apiKey) {
  const nonce = randomUUID();
  const presentation = await party.present(holder, [cred], AUD, nonce);
  const r = await call(sut.baseUrl, '/v1/verifications', {
    token,
    body: { presentation, audience: AUD, nonce },
  });
  expect(r.status).toBe(201);
  return r.body;
}
const recognised = (report: any) =>
  report.credentials[0].checks.find((c: any) => c.name === 'issuer_recognised');

let version = 1;
const baseRegister = () => ({
  version: version++,
  issuers: [
    {
      did: provider.did,
      name: 'Provider Ltd (register)',
      status: 'active' as const,
      authorisations: [
        { catalogueCode: 'CORE-BLS', validFrom: '2020-01-01T00:00:00.000Z' },
        // Authorised for fire safety only from far in the future: a credential issued now is outside it.
        { catalogueCode: 'CORE-FIRE-SAFETY', validFrom: '2099-01-01T00:00:00.000Z' },
      ],
    },
    {
      did: suspended.did,
      name: 'Suspended Ltd',
      status: 'suspended' as const,
      suspendedAt: '2025-01-01T00:00:00.000Z',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2020-01-01T00:00:00.000Z' }],
    },
  ],
});

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL });
  redis = createRedis('redis://127.0.0.1:6379');
  party = await startFakeParty();
  scheme = await party.makeIssuer('Scheme');
  provider = await party.makeIssuer('Provider');
  suspended = await party.makeIssuer('Suspended');
  stranger = await party.makeIssuer('Stranger');
  holder = await party.makeHolder();
  aux = createServer((req, res) => {
    if (req.url === '/register') {
      res.writeHead(200, { 'content-type': 'application/jwt', 'cache-control': 'no-cache' }).end(registerJwt);
      return;
    }
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(receiverScript.shift() ?? 200).end();
    });
  });
  await new Promise<void>((ok) => aux.listen(0, '127.0.0.1', ok));
  auxBase = `http://127.0.0.1:${(aux.address() as { port: number }).port}`;
  await publish(baseRegister());
  const deps = { logger, db, redis };
  sut = await startVerifier(
    config({ register: { url: `${auxBase}/register`, did: scheme.did }, keyEncryptionKey: KEK }),
    deps,
  );
  noKek = await startVerifier(config(), deps);
  apiKey = (await newAccount()).key;
  webhooksQueue = createQueue(QUEUES.webhooks, redis, logger, { prefix: PREFIX });
}, 60_000);

afterAll(async () => {
  await webhooksQueue?.obliterate({ force: true });
  await webhooksQueue?.close();
  await sut?.close();
  await noKek?.close();
  await party?.close();
  await new Promise((ok) => aux?.close(ok));
  redis?.disconnect();
  await db?.close();
});

describe('issuer_recognised from the register', () => {
  test('an issuer recognised for the item at issuance passes; the report names the register version and the register name', async () => {
    await publish(baseRegister());
    const report = await verifyOne(await party.issue(provider, holder, { code: 'CORE-BLS' }));
    expect(recognised(report)).toMatchObject({ result: 'pass' });
    expect(report.verified).toBe(true);
    expect(report.register).toMatchObject({
      did: scheme.did,
      version: version - 1,
      url: `${auxBase}/register`,
    });
    expect(report.credentials[0].issuerName).toBe('Provider Ltd (register)');
  });

  test('an issuer not in the register fails issuer_not_recognised', async () => {
    const report = await verifyOne(await party.issue(stranger, holder, { code: 'CORE-BLS' }));
    expect(recognised(report)).toMatchObject({ result: 'fail', reason: 'issuer_not_recognised' });
  });

  test('an item the issuer is not authorised for, or not yet at issuance, fails issuer_not_recognised_for_type', async () => {
    const otherItem = await verifyOne(await party.issue(provider, holder, { code: 'CORE-MEDICATION' }));
    expect(recognised(otherItem)).toMatchObject({ result: 'fail', reason: 'issuer_not_recognised_for_type' });
    const beforeWindow = await verifyOne(
      await party.issue(provider, holder, { code: 'CORE-FIRE-SAFETY', name: 'Fire safety' }),
    );
    expect(recognised(beforeWindow)).toMatchObject({ reason: 'issuer_not_recognised_for_type' });
  });

  test('a suspended issuer fails issuer_suspended even for a type it holds', async () => {
    const report = await verifyOne(await party.issue(suspended, holder, { code: 'CORE-BLS' }));
    expect(recognised(report)).toMatchObject({ result: 'fail', reason: 'issuer_suspended' });
  });

  test('a register signed by another DID than REGISTER_DID makes the check unknown, never a pass', async () => {
    await publish(baseRegister(), stranger);
    const report = await verifyOne(await party.issue(provider, holder, { code: 'CORE-BLS' }));
    expect(recognised(report)).toMatchObject({ result: 'unknown', reason: 'issuer_not_recognised' });
    expect(report.verified).toBe(false);
    await publish(baseRegister());
  });
});

describe('webhook subscriptions API', () => {
  test('subscribe shows the secret once; list hides it; another account cannot delete it; delete works', async () => {
    const mine = await newAccount();
    const created = await call(sut.baseUrl, '/v1/subscriptions', {
      token: mine.key,
      body: { url: `${auxBase}/hook` },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const list = await call(sut.baseUrl, '/v1/subscriptions', { token: mine.key });
    expect(list.body.items).toEqual([created.body.subscription]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const other = await newAccount();
    const id = created.body.subscription.id;
    expect(
      (await call(sut.baseUrl, `/v1/subscriptions/${id}`, { method: 'DELETE', token: other.key })).status,
    ).toBe(404);
    expect((await call(sut.baseUrl, `/v1/subscriptions/${id}/deliveries`, { token: other.key })).status).toBe(
      404,
    );
    expect(
      (await call(sut.baseUrl, `/v1/subscriptions/${id}`, { method: 'DELETE', token: mine.key })).status,
    ).toBe(204);
  });

  test('a plain-http URL outside DEV_ALLOWED_HOSTS is refused with url_refused', async () => {
    const r = await call(sut.baseUrl, '/v1/subscriptions', {
      token: apiKey,
      body: { url: 'http://hooks.example.org/x' },
    });
    expect(r.body).toMatchObject({ code: 'bad_request', reason: 'url_refused' });
  });

  test('without a KEK the subscriptions API does not exist (404)', async () => {
    const acc = await newAccount(noKek.baseUrl);
    const r = await call(noKek.baseUrl, '/v1/subscriptions', {
      token: acc.key,
      body: { url: `${auxBase}/h` },
    });
    expect(r.status).toBe(404);
  });
});

describe('status change → webhook jobs', () => {
  test('only subscribers that verified the credential get a delivery; it retries, then is delivered signed with one event id', async () => {
    await publish(baseRegister());
    const list = await party.publishStatusList(provider);
    const index = 1000 + Math.floor(Math.random() * 100_000);
    const cred = await party.issue(provider, holder, { code: 'CORE-BLS', statusListUrl: list, index });
    const verifierAccount = await newAccount();
    const bystander = await newAccount();
    await verifyOne(cred, verifierAccount.key);
    const sub = await call(sut.baseUrl, '/v1/subscriptions', {
      token: verifierAccount.key,
      body: { url: `${auxBase}/hook`, secret: 'a-receiver-chosen-secret' },
    });
    await call(sut.baseUrl, '/v1/subscriptions', { token: bystander.key, body: { url: `${auxBase}/other` } });

    const fanOut = statusChangedProcessor({
      db,
      logger,
      webhooks: webhooksQueue,
      retry: { attempts: 3, backoffMs: 10 },
    });
    const event = {
      eventId: randomUUID(),
      credentialId: 'urn:uuid:x',
      issuerDid: provider.did,
      statusListCredential: list,
      purpose: 'revocation' as const,
      index,
      action: 'revoke' as const,
      at: new Date().toISOString(),
    };
    expect(await fanOut(event)).toBe(1);
    expect(await fanOut(event)).toBe(1); // re-run: same delivery row, same BullMQ job id
    const jobs = await webhooksQueue.getJobs(['waiting', 'delayed', 'prioritized']);
    const mineJobs = jobs.filter((j) => j.name === JOBS.webhookDeliver);
    expect(mineJobs).toHaveLength(1);
    expect(mineJobs[0]?.opts.attempts).toBe(3);

    const deliver = deliverer();
    const data = mineJobs[0]?.data as { deliveryId: string };
    received.length = 0;
    receiverScript = [500, 200];
    await expect(deliver(data, { attemptsMade: 0, opts: { attempts: 3 } })).rejects.toThrow(
      /http_status 500/,
    );
    expect(await deliver(data, { attemptsMade: 1, opts: { attempts: 3 } })).toBe('delivered');
    expect(await deliver(data, { attemptsMade: 2, opts: { attempts: 3 } })).toBe('skipped');
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([event.eventId]));
    for (const r of received) {
      expect(JSON.parse(r.body)).toMatchObject({
        id: event.eventId,
        type: 'credential.status.changed',
        data: { action: 'revoke', index },
      });
      const header = r.headers['x-skills-passport-signature'] as string;
      expect(verifyWebhookSignature('a-receiver-chosen-secret', r.body, header, Date.now() / 1000)).toBe(
        true,
      );
      expect(verifyWebhookSignature('another-secret-entirely', r.body, header, Date.now() / 1000)).toBe(
        false,
      );
    }
    const deliveries = await call(sut.baseUrl, `/v1/subscriptions/${sub.body.subscription.id}/deliveries`, {
      token: verifierAccount.key,
    });
    expect(deliveries.body.items).toMatchObject([
      { eventId: event.eventId, state: 'delivered', attempts: 2, lastStatus: 200 },
    ]);
  });

  /** The jobs process's webhook delivery, as it runs it (the receiver on loopback allowed). */
  const deliverer = () =>
    webhookDeliverProcessor({
      db,
      logger,
      kek: parseKek(KEK),
      fetcher: createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] }),
    });

  /** A credential verified by a new account subscribed at `path`, its status changed: the one delivery job. */
  async function oneDelivery(
    path: string,
    opts: { attempts: number; action: 'revoke' | 'suspend'; secret?: string },
  ) {
    const list = await party.publishStatusList(provider);
    const index = 200_000 + Math.floor(Math.random() * 100_000);
    const cred = await party.issue(provider, holder, { code: 'CORE-BLS', statusListUrl: list, index });
    const account = await newAccount();
    await verifyOne(cred, account.key);
    const sub = await call(sut.baseUrl, '/v1/subscriptions', {
      token: account.key,
      body: { url: `${auxBase}${path}`, ...(opts.secret ? { secret: opts.secret } : {}) },
    });
    const fanOut = statusChangedProcessor({
      db,
      logger,
      webhooks: webhooksQueue,
      retry: { attempts: opts.attempts, backoffMs: 10 },
    });
    const eventId = randomUUID();
    await fanOut({
      eventId,
      credentialId: `urn:uuid:${randomUUID()}`,
      issuerDid: provider.did,
      statusListCredential: list,
      purpose: 'revocation',
      index,
      action: opts.action,
      at: new Date().toISOString(),
    });
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({
      where: { eventId, subscriptionId: sub.body.subscription.id },
    });
    const job = (await webhooksQueue.getJobs(['waiting', 'delayed', 'prioritized'])).find(
      (j) => j.name === JOBS.webhookDeliver && (j.data as { deliveryId?: string }).deliveryId === delivery.id,
    );
    return { account, sub, eventId, job, deliveryId: delivery.id };
  }

  test('after the last failed attempt the delivery is a dead letter, visible in the deliveries list', async () => {
    const { account, sub, eventId, job } = await oneDelivery('/dead', { attempts: 2, action: 'suspend' });
    const deliver = deliverer();
    receiverScript = [503, 503];
    await expect(deliver(job?.data, { attemptsMade: 0, opts: { attempts: 2 } })).rejects.toThrow(/503/);
    expect(await deliver(job?.data, { attemptsMade: 1, opts: { attempts: 2 } })).toBe('dead');
    const deliveries = await call(sut.baseUrl, `/v1/subscriptions/${sub.body.subscription.id}/deliveries`, {
      token: account.key,
    });
    expect(deliveries.body.items).toMatchObject([
      { eventId, state: 'dead', attempts: 2, lastStatus: 503, lastError: 'http_status 503' },
    ]);
  });

  test('a dead letter can be sent again by its account: pending, a new job, delivered with the same event id', async () => {
    const { account, sub, eventId, job, deliveryId } = await oneDelivery('/resend', {
      attempts: 1,
      action: 'revoke',
    });
    const deliver = deliverer();
    receiverScript = [503];
    expect(await deliver(job?.data, { attemptsMade: 0, opts: { attempts: 1 } })).toBe('dead');
    const path = `/v1/subscriptions/${sub.body.subscription.id}/deliveries/${deliveryId}/resend`;

    // Another account cannot touch it; a malformed id names nothing.
    const stranger = await newAccount();
    expect((await call(sut.baseUrl, path, { token: stranger.key, body: {} })).status).toBe(404);
    expect(
      (
        await call(sut.baseUrl, `/v1/subscriptions/${sub.body.subscription.id}/deliveries/x/resend`, {
          token: account.key,
          body: {},
        })
      ).status,
    ).toBe(404);

    const resent = await call(sut.baseUrl, path, { token: account.key, body: {} });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ id: deliveryId, state: 'pending' });
    // Twice is a conflict: it is not dead any more.
    const again = await call(sut.baseUrl, path, { token: account.key, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('not_dead');

    const jobs = await webhooksQueue.getJobs(['waiting', 'delayed', 'prioritized']);
    const fresh = jobs.find((j) => j.id === `webhook-${deliveryId}-resend-1`);
    expect(fresh?.data).toEqual({ deliveryId });
    received.length = 0;
    receiverScript = [200];
    expect(await deliver(fresh?.data, { attemptsMade: 0, opts: { attempts: 3 } })).toBe('delivered');
    expect(received[0]?.headers['idempotency-key']).toBe(eventId);
    const deliveries = await call(sut.baseUrl, `/v1/subscriptions/${sub.body.subscription.id}/deliveries`, {
      token: account.key,
    });
    expect(deliveries.body.items).toMatchObject([
      { id: deliveryId, state: 'delivered', attempts: 2, lastStatus: 200 },
    ]);
  });

  test('a re-send while Redis is unreachable answers 503 within the enqueue budget and leaves the delivery dead', async () => {
    const { account, sub, job, deliveryId } = await oneDelivery('/resend-down', {
      attempts: 1,
      action: 'revoke',
    });
    const deliver = deliverer();
    receiverScript = [503];
    expect(await deliver(job?.data, { attemptsMade: 0, opts: { attempts: 1 } })).toBe('dead');
    // A verifier whose Redis is a closed port (nothing listens on port 1).
    const deadRedis = createRedis('redis://127.0.0.1:1', { logger });
    const cut = await startVerifier(config({ keyEncryptionKey: KEK }), { logger, db, redis: deadRedis });
    try {
      const path = `/v1/subscriptions/${sub.body.subscription.id}/deliveries/${deliveryId}/resend`;
      const res = await call(cut.baseUrl, path, { token: account.key, body: {} });
      expect(res.status).toBe(503);
      const listed = await call(sut.baseUrl, `/v1/subscriptions/${sub.body.subscription.id}/deliveries`, {
        token: account.key,
      });
      expect(listed.body.items).toMatchObject([{ id: deliveryId, state: 'dead' }]);
    } finally {
      await cut.close();
      deadRedis.disconnect();
    }
  });

  test('KEK rotation: a secret sealed under the old KEK still signs during the rotation, and the re-wrap moves it', async () => {
    // Subscribed while the verifier seals under the old KEK (the suite's KEK).
    const { sub, job } = await oneDelivery('/rotated', {
      attempts: 1,
      action: 'revoke',
      secret: 'secret-before-rotation',
    });
    const oldKek = parseKek(KEK);
    const newKek = new Uint8Array(randomBytes(32));
    const fetcher = createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] });
    // With only the new KEK the secret cannot be opened; with [new, old] it signs.
    const onlyNew = webhookDeliverProcessor({ db, logger, kek: newKek, fetcher });
    await expect(onlyNew(job?.data, { attemptsMade: 0, opts: { attempts: 1 } })).rejects.toThrow();
    const rotating = webhookDeliverProcessor({ db, logger, kek: [newKek, oldKek], fetcher });
    received.length = 0;
    receiverScript = [200];
    expect(await rotating(job?.data, { attemptsMade: 0, opts: { attempts: 1 } })).toBe('delivered');
    const header = received[0]?.headers['x-skills-passport-signature'] as string;
    expect(
      verifyWebhookSignature('secret-before-rotation', received[0]?.body ?? '', header, Date.now() / 1000),
    ).toBe(true);
    // The re-wrap leaves this subscription's secret sealed under the new KEK only.
    await rewrapSealedKeys(createWebhookSecretStore(db), { current: newKek, previous: oldKek });
    const row = await db.prisma.webhookSubscription.findUniqueOrThrow({
      where: { id: sub.body.subscription.id },
    });
    expect(() => openPrivateKey(row.sealedSecret, newKek, row.id)).not.toThrow();
    expect(() => openPrivateKey(row.sealedSecret, oldKek, row.id)).toThrow();
  });
});
