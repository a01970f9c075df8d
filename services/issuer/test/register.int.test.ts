/**
 * The register of recognised issuers over HTTP: the scheme operator's API (admin token), the published
 * register JWT (signature by the scheme's did:web key, version, ETag) and the scheme DID document.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { verifyRegisterJwt } from '@sp/credential';
import { type Database, openDatabase } from '@sp/db';
import { createKeyResolver, createSafeFetcher } from '@sp/did';
import { createLogger } from '@sp/http-kit';
import { createRedis, type Redis } from '@sp/queue';
import type { IssuerConfig } from '../src/config.js';
import { type RunningIssuer, startIssuer } from '../src/service.js';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN = `admin-${randomBytes(16).toString('hex')}`;
const logger = createLogger({ service: 'register-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

let db: Database;
let redis: Redis;
let sut: RunningIssuer;
let base: string;

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
  redis = createRedis(REDIS_URL, { logger });
  const config: IssuerConfig = {
    port: 0,
    host: '127.0.0.1',
    baseUrl: '',
    adminToken: ADMIN,
    keyEncryptionKey: randomBytes(32).toString('base64'),
    offerTtlSeconds: 3600,
    databaseUrl: DATABASE_URL,
    pgliteDir: '',
    redisUrl: REDIS_URL,
    queuePrefix: `register-int-${randomUUID().slice(0, 8)}`,
    logLevel: 'silent',
  };
  sut = await startIssuer(config, { logger, db, redis });
  base = sut.baseUrl;
}, 60_000);

afterAll(async () => {
  await sut?.close();
  redis?.disconnect();
  await db?.close();
});

async function call(method: string, path: string, body?: unknown, token: string | null = ADMIN) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const newDid = () => `did:web:example.org:orgs:reg-${randomUUID().slice(0, 8)}`;
const issuerPath = (did: string) => `/v1/admin/register/issuers/${encodeURIComponent(did)}`;

async function published() {
  const res = await fetch(`${base}/.well-known/recognised-issuers`);
  expect(res.status).toBe(200);
  const jwt = await res.text();
  const host = new URL(base).host;
  const resolver = createKeyResolver({
    fetcher: createSafeFetcher({ allowedPrivateHosts: [host] }),
    allowHttpHosts: [host],
  });
  const schemeDid = `did:web:${host.replace(':', '%3A')}:scheme`;
  const verified = await verifyRegisterJwt(jwt, { resolver, schemeDid });
  if (!verified.ok) throw new Error(`register did not verify: ${verified.reason} ${verified.detail}`);
  // Valid for a day from its signing (REGISTER_VALIDITY_SECONDS), so a frozen feed stops deciding.
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as {
    iat: number;
    exp: number;
  };
  expect(claims.exp - claims.iat).toBe(86_400);
  return { res, jwt, register: verified.register };
}

describe('scheme operator API', () => {
  test('without the admin token the register API answers 401 and changes nothing', async () => {
    const did = newDid();
    const r = await call('POST', '/v1/admin/register/issuers', { did, name: 'X' }, 'wrong-token-wrong-token');
    expect(r.status).toBe(401);
    expect((await call('GET', issuerPath(did))).status).toBe(404);
  });

  test('add with authorisations, 409 on a second add, then read it back', async () => {
    const did = newDid();
    const r = await call('POST', '/v1/admin/register/issuers', {
      did,
      name: 'Acme Training',
      authorisations: [
        { catalogueCode: 'CORE-BLS', validFrom: '2025-01-01', validUntil: '2027-01-01' },
        { framework: 'care_certificate', validFrom: '2025-04-01T00:00:00Z' },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      did,
      status: 'active',
      authorisations: [{ catalogueCode: 'CORE-BLS' }, {}],
    });
    expect((await call('POST', '/v1/admin/register/issuers', { did, name: 'Again' })).body.code).toBe(
      'conflict',
    );
    expect((await call('GET', issuerPath(did))).body.authorisations).toHaveLength(2);
  });

  test('an unknown catalogue code, both code and framework, or validUntil before validFrom are refused', async () => {
    const did = newDid();
    expect((await call('POST', '/v1/admin/register/issuers', { did, name: 'A' })).status).toBe(201);
    const unknown = await call('POST', `${issuerPath(did)}/authorisations`, {
      catalogueCode: 'NOPE-1',
      validFrom: '2025-01-01',
    });
    expect(unknown.body).toMatchObject({ code: 'bad_request', reason: 'unknown_code' });
    const both = await call('POST', `${issuerPath(did)}/authorisations`, {
      catalogueCode: 'CORE-BLS',
      framework: 'care_certificate',
      validFrom: '2025-01-01',
    });
    expect(both.body.code).toBe('validation_failed');
    const dates = await call('POST', `${issuerPath(did)}/authorisations`, {
      framework: 'care_certificate',
      validFrom: '2025-01-01',
      validUntil: '2024-01-01',
    });
    expect(dates.body).toMatchObject({ code: 'bad_request', reason: 'invalid_dates' });
  });

  test('suspend needs a reason; suspend then reinstate; remove an authorisation; remove the issuer', async () => {
    const did = newDid();
    await call('POST', '/v1/admin/register/issuers', { did, name: 'B' });
    expect((await call('POST', `${issuerPath(did)}/suspend`, {})).body.code).toBe('validation_failed');
    const s = await call('POST', `${issuerPath(did)}/suspend`, { reason: 'inspection' });
    expect(s.body).toMatchObject({ status: 'suspended', suspendReason: 'inspection' });
    expect((await call('POST', `${issuerPath(did)}/reinstate`)).body.status).toBe('active');
    const a = await call('POST', `${issuerPath(did)}/authorisations`, {
      framework: 'core_and_mandatory',
      validFrom: '2025-01-01',
    });
    expect(a.status).toBe(201);
    expect((await call('DELETE', `${issuerPath(did)}/authorisations/${a.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `${issuerPath(did)}/authorisations/${a.body.id}`)).status).toBe(404);
    expect((await call('DELETE', issuerPath(did))).status).toBe(204);
    expect((await call('GET', issuerPath(did))).status).toBe(404);
  });
});

describe('published register', () => {
  test('is a JWT signed by the scheme did:web key, with version, issuedAt and the issuer as recorded', async () => {
    const did = newDid();
    await call('POST', '/v1/admin/register/issuers', {
      did,
      name: 'Published Ltd',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2025-01-01' }],
    });
    const { res, register } = await published();
    expect(res.headers.get('cache-control')).toBe('max-age=60');
    expect(res.headers.get('content-type')).toMatch(/^application\/jwt/);
    expect(register.issuers.find((i) => i.did === did)).toEqual({
      did,
      name: 'Published Ltd',
      status: 'active',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2025-01-01T00:00:00.000Z' }],
    });
    expect(Date.parse(register.issuedAt)).not.toBeNaN();
  });

  test('a change bumps the version and the ETag; an unchanged register answers 304 to If-None-Match', async () => {
    const before = await published();
    const etag = before.res.headers.get('etag') as string;
    const again = await fetch(`${base}/.well-known/recognised-issuers`, {
      headers: { 'if-none-match': etag },
    });
    // Other test files change the shared register too; only an unchanged version may answer 304.
    if (again.status === 304) expect(again.headers.get('etag')).toBe(etag);
    await call('POST', '/v1/admin/register/issuers', { did: newDid(), name: 'C' });
    const after = await published();
    expect(after.register.version).toBeGreaterThan(before.register.version);
    expect(after.res.headers.get('etag')).not.toBe(etag);
    const stale = await fetch(`${base}/.well-known/recognised-issuers`, {
      headers: { 'if-none-match': etag },
    });
    expect(stale.status).toBe(200);
  });

  test('the scheme DID document lists the scheme key under assertionMethod', async () => {
    const res = await fetch(`${base}/scheme/did.json`);
    const doc = (await res.json()) as { id: string; assertionMethod: string[] };
    expect(doc.id).toBe(`did:web:${new URL(base).host.replace(':', '%3A')}:scheme`);
    expect(doc.assertionMethod).toEqual([`${doc.id}#key-1`]);
  });
});
