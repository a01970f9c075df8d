import { randomBytes, randomUUID } from 'node:crypto';
import { generateSigningKey, openPrivateKey } from '@sp/crypto';
import {
  type CredentialReport,
  createKeyProofJwt,
  decodeCredentialJwt,
  verifyCredentialJwt,
} from '@sp/credential';
import { type Database, openDatabase } from '@sp/db';
import { COMPROMISED_FROM, createKeyResolver, createSafeFetcher, didJwkFromJwk } from '@sp/did';
import { createLogger } from '@sp/http-kit';
import { PRE_AUTHORIZED_GRANT } from '@sp/oid4vci';
import { createRedis, QUEUES, type Redis, statusChangedJobId, zStatusChangedJob } from '@sp/queue';
import { Queue } from 'bullmq';
import type { IssuerConfig } from '../src/config.js';
import {
  buildIssuerContext,
  type RunningIssuer,
  relayStatusOutbox,
  rewrapSigningKeys,
  startIssuer,
} from '../src/service.js';
import { changeCredentialStatus } from '../src/use-cases/change-credential-status.js';
import { ensureSchemeKey } from '../src/use-cases/get-published-register.js';

// Integration tier: revocation, suspension, audit trail, key rotation, compromised keys and KEK rotation,
// over HTTP against real PostgreSQL and Redis.
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `status-int-${randomUUID().slice(0, 8)}`;
const ADMIN = `admin-${randomBytes(16).toString('hex')}`;
const KEK = randomBytes(32).toString('base64');

const logger = createLogger({ service: 'issuer-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
let db: Database;
let redis: Redis;
let sut: RunningIssuer;
let base: string;
let statusQueue: Queue;
/** The issuer's clock runs `offsetMs` away from real time (compromise dates need credentials in the past). */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

const configFor = (over: Partial<IssuerConfig> = {}): IssuerConfig => ({
  port: 0,
  host: '127.0.0.1',
  baseUrl: '',
  adminToken: ADMIN,
  keyEncryptionKey: KEK,
  offerTtlSeconds: 7 * 24 * 3600,
  databaseUrl: DATABASE_URL,
  pgliteDir: '',
  redisUrl: REDIS_URL,
  queuePrefix: QUEUE_PREFIX,
  logLevel: 'silent',
  ...over,
});

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
  redis = createRedis(REDIS_URL, { logger });
  sut = await startIssuer(configFor(), { logger, db, redis, now: clock });
  base = sut.baseUrl;
  statusQueue = new Queue(QUEUES.statusChanges, { connection: redis, prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await statusQueue?.obliterate({ force: true });
  await statusQueue?.close();
  redis?.disconnect();
  await db?.close();
});

afterEach(() => {
  offsetMs = 0;
});

const resolver = () =>
  createKeyResolver({
    fetcher: createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] }),
    allowHttpHosts: ['127.0.0.1'],
    cacheTtlMs: 0,
  });

async function createOrg(on = base) {
  const res = await fetch(`${on}/v1/admin/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug: `st-${randomUUID().slice(0, 8)}`,
      name: 'Status Org',
      kind: 'training_provider',
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { organisation: { slug: string; did: string }; apiKey: string };
}

/**
 * Offer → token → nonce → key proof → credential, as a wallet does; returns the VC-JWT and its id. The offer is
 * made on `on`; `redeemOn` (default the same) is where the wallet's requests go, and `txCode` asks for one.
 */
async function issue(
  apiKey: string,
  on = base,
  opts: { redeemOn?: string; txCode?: boolean } = {},
): Promise<{ jwt: string; id: string }> {
  const offerRes = await fetch(`${on}/v1/credential-offers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      worker: { email: `w-${randomUUID().slice(0, 8)}@example.org`, name: 'Laura Example' },
      catalogueCode: 'CORE-BLS',
      completionDate: '2025-03-14',
      deliveryMode: 'classroom',
      assessmentMethod: 'practical assessment',
      ...(opts.txCode ? { txCode: true } : {}),
    }),
  });
  expect(offerRes.status).toBe(201);
  const offer = (await offerRes.json()) as { credential_offer_uri: string; tx_code?: string };
  const there = (url: string) => (opts.redeemOn ? url.replace(on, opts.redeemOn) : url);
  const body = (await (await fetch(there(offer.credential_offer_uri))).json()) as {
    credential_issuer: string;
    grants: Record<string, { 'pre-authorized_code': string }>;
  };
  const issuer = there(body.credential_issuer);
  const tok = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: PRE_AUTHORIZED_GRANT,
      'pre-authorized_code': body.grants[PRE_AUTHORIZED_GRANT]?.['pre-authorized_code'] as string,
      ...(offer.tx_code ? { tx_code: offer.tx_code } : {}),
    }).toString(),
  });
  expect(tok.status).toBe(200);
  const { access_token } = (await tok.json()) as { access_token: string };
  const { c_nonce } = (await (await fetch(`${issuer}/nonce`, { method: 'POST' })).json()) as {
    c_nonce: string;
  };
  const pair = await generateSigningKey('EdDSA');
  const did = didJwkFromJwk(pair.publicJwk);
  const proof = await createKeyProofJwt({
    holderDid: did,
    kid: `${did}#0`,
    privateJwk: pair.privateJwk,
    alg: 'EdDSA',
    audience: issuer,
    nonce: c_nonce,
    now: clock(),
  });
  const res = await fetch(`${issuer}/credential`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ credential_configuration_id: 'CORE-BLS', proofs: { jwt: [proof] } }),
  });
  expect(res.status).toBe(200);
  const jwt = ((await res.json()) as { credentials: { credential: string }[] }).credentials[0]
    ?.credential as string;
  const decoded = decodeCredentialJwt(jwt);
  if (!decoded.ok) throw new Error(decoded.reason);
  return { jwt, id: decoded.payload.jti as string };
}

const fetchList = async (url: string) => (await fetch(url)).text();

async function verify(jwt: string): Promise<CredentialReport> {
  return verifyCredentialJwt(jwt, { resolver: resolver(), fetchStatusListCredential: fetchList });
}

const checkOf = (r: CredentialReport, name: string) => r.checks.find((c) => c.name === name);

async function change(apiKey: string, id: string, action: string, body: unknown = { reason: 'test' }) {
  return fetch(`${base}/v1/credentials/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const problemReason = async (res: Response) => (await res.json()) as { code: string; reason?: string };

describe('credential status (revoke, suspend, reinstate)', () => {
  test('every new credential carries a revocation and a suspension entry in different lists', async () => {
    const { apiKey } = await createOrg();
    const { jwt } = await issue(apiKey);
    const decoded = decodeCredentialJwt(jwt);
    if (!decoded.ok) throw new Error(decoded.reason);
    const status = decoded.payload.vc.credentialStatus as unknown as {
      statusPurpose: string;
      statusListCredential: string;
    }[];
    expect(status.map((s) => s.statusPurpose)).toEqual(['revocation', 'suspension']);
    expect(status[0]?.statusListCredential).not.toBe(status[1]?.statusListCredential);
    expect(checkOf(await verify(jwt), 'status')).toMatchObject({ result: 'pass' });
  });

  test('revoke sets the bit, changes the list ETag, records who/why and enqueues status.changed.v1', async () => {
    const { organisation, apiKey } = await createOrg();
    const { jwt, id } = await issue(apiKey);
    const decoded = decodeCredentialJwt(jwt);
    if (!decoded.ok) throw new Error(decoded.reason);
    const listUrl = (decoded.payload.vc.credentialStatus as unknown as { statusListCredential: string }[])[0]
      ?.statusListCredential as string;
    const before = await fetch(listUrl);
    expect(before.headers.get('cache-control')).toBe('max-age=60');
    const etagBefore = before.headers.get('etag');

    const res = await change(apiKey, id, 'revoke', { reason: 'Certificate issued in error' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { state: string; event: { id: string; by: { apiKeyPrefix: string } } };
    expect(body.state).toBe('revoked');
    expect(apiKey.startsWith(body.event.by.apiKeyPrefix)).toBe(true);

    const after = await fetch(listUrl, { headers: { 'if-none-match': etagBefore ?? '' } });
    expect(after.status).toBe(200); // not 304: the list changed
    expect(after.headers.get('etag')).not.toBe(etagBefore);
    expect(checkOf(await verify(jwt), 'status')).toMatchObject({ result: 'fail', reason: 'revoked' });

    const events = (await (
      await fetch(`${base}/v1/credentials/${encodeURIComponent(id)}/events`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as { state: string; items: { action: string; reason: string; purpose: string }[] };
    expect(events.state).toBe('revoked');
    const listed = (await (
      await fetch(`${base}/v1/credentials`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { items: { id: string; state: string }[] };
    expect(listed.items.find((c) => c.id === id)?.state).toBe('revoked');
    expect(events.items).toEqual([
      expect.objectContaining({
        action: 'revoke',
        reason: 'Certificate issued in error',
        purpose: 'revocation',
      }),
    ]);

    const job = await statusQueue.getJob(statusChangedJobId(body.event.id));
    expect(job?.name).toBe('status.changed.v1');
    const payload = zStatusChangedJob.parse(job?.data);
    expect(payload).toMatchObject({
      credentialId: id,
      issuerDid: organisation.did,
      statusListCredential: listUrl,
      purpose: 'revocation',
      action: 'revoke',
    });
    expect(job?.id).not.toContain(':');
    // Enqueued by the request itself, so its outbox row is gone.
    expect(await db.prisma.issuerStatusOutbox.findUnique({ where: { eventId: body.event.id } })).toBeNull();
  });

  test('a change the queue cannot take stays in the outbox; the relay sends it exactly once', async () => {
    const { organisation, apiKey } = await createOrg();
    const { id } = await issue(apiKey);
    // The same issuer code with no queue to hand: exactly the path of a Redis outage at commit time.
    const down = buildIssuerContext(configFor({ baseUrl: base }), {
      logger,
      db,
      notifications: null,
      statusChanges: null,
    });
    const org = await down.orgs.findBySlug(organisation.slug);
    const key = await db.prisma.issuerApiKey.findFirstOrThrow({ where: { organisationId: org!.id } });
    const result = await changeCredentialStatus(
      down,
      { org: org!, apiKey: { id: key.id, prefix: key.prefix } },
      id,
      'revoke',
      'Queue outage test',
    );
    expect(result.state).toBe('revoked');
    const eventId = result.event.id;
    expect(await statusQueue.getJob(statusChangedJobId(eventId))).toBeUndefined();
    expect(await db.prisma.issuerStatusOutbox.findUnique({ where: { eventId } })).not.toBeNull();

    // Redis is back: the relay enqueues what was left, and clears it.
    const up = { statusChanges: statusQueue, statuses: down.statuses, logger };
    expect(await relayStatusOutbox(up, { graceMs: 0 })).toBeGreaterThanOrEqual(1);
    const job = await statusQueue.getJob(statusChangedJobId(eventId));
    expect(zStatusChangedJob.parse(job?.data)).toMatchObject({
      eventId,
      credentialId: id,
      issuerDid: organisation.did,
      action: 'revoke',
      purpose: 'revocation',
    });
    expect(await db.prisma.issuerStatusOutbox.findUnique({ where: { eventId } })).toBeNull();
    // A second run finds nothing of this event to send: one logical event, one job.
    await relayStatusOutbox(up, { graceMs: 0 });
    expect((await statusQueue.getJobs()).filter((j) => j.data?.eventId === eventId)).toHaveLength(1);
  });

  test('suspend → suspended; reinstate → valid again; the trail keeps both in order', async () => {
    const { apiKey } = await createOrg();
    const { jwt, id } = await issue(apiKey);
    expect((await change(apiKey, id, 'suspend', { reason: 'Under investigation' })).status).toBe(200);
    expect(checkOf(await verify(jwt), 'status')).toMatchObject({ result: 'fail', reason: 'suspended' });
    expect((await change(apiKey, id, 'reinstate', { reason: 'Cleared' })).status).toBe(200);
    expect(checkOf(await verify(jwt), 'status')).toMatchObject({ result: 'pass' });
    const events = (await (
      await fetch(`${base}/v1/credentials/${encodeURIComponent(id)}/events`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as { state: string; items: { action: string }[] };
    expect(events.state).toBe('active');
    expect(events.items.map((e) => e.action)).toEqual(['suspend', 'reinstate']);
  });

  test('transition rules: reinstate only from suspension, suspend not twice, revocation is final', async () => {
    const { apiKey } = await createOrg();
    const { id } = await issue(apiKey);
    const notSuspended = await change(apiKey, id, 'reinstate');
    expect(notSuspended.status).toBe(409);
    expect(await problemReason(notSuspended)).toMatchObject({ code: 'conflict', reason: 'not_suspended' });
    expect((await change(apiKey, id, 'suspend')).status).toBe(200);
    expect(await problemReason(await change(apiKey, id, 'suspend'))).toMatchObject({
      reason: 'already_suspended',
    });
    expect((await change(apiKey, id, 'revoke')).status).toBe(200); // a suspended credential can be revoked
    for (const action of ['revoke', 'suspend', 'reinstate']) {
      const res = await change(apiKey, id, action);
      expect(res.status).toBe(409);
      expect(await problemReason(res)).toMatchObject({ reason: 'already_revoked' });
    }
  });

  test("an organisation cannot see or change another's credential (404), reason is required, key is required", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const { id, jwt } = await issue(a.apiKey);
    for (const action of ['revoke', 'suspend']) {
      const res = await change(b.apiKey, id, action);
      expect(res.status).toBe(404);
      expect((await problemReason(res)).code).toBe('not_found');
    }
    const events = await fetch(`${base}/v1/credentials/${encodeURIComponent(id)}/events`, {
      headers: { authorization: `Bearer ${b.apiKey}` },
    });
    expect(events.status).toBe(404);
    expect((await change(a.apiKey, 'urn:uuid:missing', 'revoke')).status).toBe(404);
    const noReason = await change(a.apiKey, id, 'revoke', {});
    expect(noReason.status).toBe(400);
    expect((await problemReason(noReason)).code).toBe('validation_failed');
    const noKey = await fetch(`${base}/v1/credentials/${encodeURIComponent(id)}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'x' }),
    });
    expect(noKey.status).toBe(401);
    expect(checkOf(await verify(jwt), 'status')).toMatchObject({ result: 'pass' }); // nothing changed
  });
});

describe('signing keys', () => {
  test('rotation: the new key signs from then on, the old one stays in the DID document and keeps verifying', async () => {
    const { organisation, apiKey } = await createOrg();
    const old = await issue(apiKey);
    const rotated = await fetch(`${base}/v1/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(rotated.status).toBe(201);
    expect(await rotated.json()).toMatchObject({
      active: { kid: 'key-2', status: 'active' },
      retired: ['key-1'],
    });
    const doc = (await (await fetch(`${base}/orgs/${organisation.slug}/did.json`)).json()) as {
      verificationMethod: { id: string }[];
      assertionMethod: string[];
    };
    expect(doc.verificationMethod.map((m) => m.id)).toEqual([
      `${organisation.did}#key-1`,
      `${organisation.did}#key-2`,
    ]);
    expect(doc.assertionMethod).toHaveLength(2);

    const fresh = await issue(apiKey);
    const header = JSON.parse(Buffer.from(fresh.jwt.split('.')[0] as string, 'base64url').toString()) as {
      kid: string;
    };
    expect(header.kid).toBe(`${organisation.did}#key-2`);
    expect((await verify(old.jwt)).verified).toBe(true);
    expect((await verify(fresh.jwt)).verified).toBe(true);
    const keys = (await (
      await fetch(`${base}/v1/keys`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as {
      keys: { kid: string; status: string }[];
    };
    expect(keys.keys.map((k) => [k.kid, k.status])).toEqual([
      ['key-1', 'retired'],
      ['key-2', 'active'],
    ]);
  });

  test('compromised key: only credentials it signed at or after the date fail, with key_compromised', async () => {
    const { organisation, apiKey } = await createOrg();
    offsetMs = -3 * 3600_000;
    const before = await issue(apiKey); // iat = now − 3 h
    offsetMs = -1 * 3600_000;
    const after = await issue(apiKey); // iat = now − 1 h
    offsetMs = 0;
    const from = new Date(Date.now() - 2 * 3600_000).toISOString();
    const res = await fetch(`${base}/v1/keys/key-1/compromised`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from }),
    });
    expect(res.status).toBe(200);
    // key-1 was the active key: a new one is rotated in so issuing goes on.
    expect(await res.json()).toMatchObject({
      key: { kid: 'key-1', status: 'retired' },
      active: { kid: 'key-2' },
    });
    const doc = (await (await fetch(`${base}/orgs/${organisation.slug}/did.json`)).json()) as {
      verificationMethod: Record<string, string>[];
    };
    expect(doc.verificationMethod[0]?.[COMPROMISED_FROM]).toBe(from);

    expect((await verify(before.jwt)).verified).toBe(true);
    const failed = await verify(after.jwt);
    expect(failed.verified).toBe(false);
    expect(checkOf(failed, 'signature')).toMatchObject({ result: 'fail', reason: 'key_compromised' });
    // Status lists are now signed by key-2, so the status of the older credential still checks out.
    expect(checkOf(await verify(before.jwt), 'status')).toMatchObject({ result: 'pass' });
    expect((await verify((await issue(apiKey)).jwt)).verified).toBe(true);

    const unknown = await fetch(`${base}/v1/keys/key-9/compromised`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from }),
    });
    expect(unknown.status).toBe(404);
  });

  test('KEK rotation: keys sealed under the previous KEK still sign, and re-wrapping moves them to the new one', async () => {
    const { apiKey } = await createOrg();
    const newKek = randomBytes(32).toString('base64');
    // With only the new KEK, this organisation's key (sealed under the old one) cannot be opened.
    const onlyNew = await startIssuer(configFor({ keyEncryptionKey: newKek }), { logger, db, redis });
    try {
      await expect(issue(apiKey, onlyNew.baseUrl)).rejects.toThrow();
    } finally {
      await onlyNew.close();
    }
    // During the rotation (both KEKs configured) it signs before any re-wrap.
    const during = await startIssuer(configFor({ keyEncryptionKey: newKek, keyEncryptionKeyPrevious: KEK }), {
      logger,
      db,
      redis,
    });
    try {
      expect((await issue(apiKey, during.baseUrl)).jwt).toContain('.');
    } finally {
      await during.close();
    }
    // A scheme (register-signing) key sealed under the old KEK, on a base URL of its own so the scheme DID is unique.
    const schemeBase = `http://scheme-${randomUUID().slice(0, 8)}.example`;
    const ctxOld = buildIssuerContext(configFor({ baseUrl: schemeBase }), {
      logger,
      db,
      notifications: null,
    });
    const schemeKey = await ensureSchemeKey(ctxOld);
    const onlyNewScheme = configFor({ baseUrl: schemeBase, keyEncryptionKey: newKek });
    const both = configFor({ keyEncryptionKey: newKek, keyEncryptionKeyPrevious: KEK });
    const ctx = buildIssuerContext(both, { logger, db, notifications: null });
    // (The issuer started above with both KEKs re-wraps in the background too; either may do our row.)
    await rewrapSigningKeys(ctx);
    // Idempotent: nothing is left under the old KEK.
    const again = await rewrapSigningKeys(ctx);
    expect(again.rewrapped).toBe(0);
    expect(() => openPrivateKey(schemeKey.sealedPrivateKey, ctxOld.kek, schemeKey.id)).not.toThrow();
    const rewrappedScheme = await ensureSchemeKey(
      buildIssuerContext(onlyNewScheme, { logger, db, notifications: null }),
    );
    expect(rewrappedScheme.id).toBe(schemeKey.id);
    // The register-signing key moved to the new KEK too, so the register can still be signed after the rotation.
    expect(() => openPrivateKey(rewrappedScheme.sealedPrivateKey, ctx.kek, rewrappedScheme.id)).not.toThrow();
    expect(() => openPrivateKey(rewrappedScheme.sealedPrivateKey, ctxOld.kek, rewrappedScheme.id)).toThrow();
    // Now an issuer with only the new KEK signs for the organisation; the old KEK alone no longer opens it.
    const rotated = await startIssuer(configFor({ keyEncryptionKey: newKek }), { logger, db, redis });
    try {
      expect((await issue(apiKey, rotated.baseUrl)).jwt).toContain('.');
    } finally {
      await rotated.close();
    }
  });

  test('an offer made before a KEK change (tx_code too) is redeemed after it where only the new KEK is known', async () => {
    const newKek = randomBytes(32).toString('base64');
    const onlyNew = await startIssuer(configFor({ keyEncryptionKey: newKek }), { logger, db, redis });
    try {
      // The organisation and its signing key are made under the new KEK; the offer by the issuer on the old one,
      // redeemed (offer fetch, token with tx_code, credential) where only the new KEK is known.
      const { apiKey } = await createOrg(onlyNew.baseUrl);
      const { jwt } = await issue(apiKey, base, { redeemOn: onlyNew.baseUrl, txCode: true });
      expect(jwt.split('.')).toHaveLength(3);
    } finally {
      await onlyNew.close();
    }
  });
});
