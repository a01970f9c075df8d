import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { type Database, openDatabase } from '@sp/db';
import { createLogger } from '@sp/http-kit';
import { createRedis, type Redis } from '@sp/queue';
import type { VerifierConfig } from '../src/config.js';
import { type RunningVerifier, startVerifier } from '../src/service.js';
import {
  type FakeHolder,
  type FakeIssuer,
  type FakeParty,
  startFakeParty,
  tamper,
  unsecured,
  testVerifierConfig,
  TEST_DATABASE_URL,
} from './fixture.js';

const ADMIN = `admin-${randomUUID()}`;

let db: Database;
let redis: Redis;
let party: FakeParty;
let sut: RunningVerifier;
let trusted: FakeIssuer;
let untrusted: FakeIssuer;
let holder: FakeHolder;
let apiKey: string;
let accountName: string;

const config = (over: Partial<VerifierConfig> = {}): VerifierConfig => testVerifierConfig(ADMIN, { ...over });

async function call(
  path: string,
  init: { method?: string; token?: string; body?: unknown; raw?: string } = {},
) {
  const res = await fetch(`${sut.baseUrl}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.raw !== undefined
      ? { body: init.raw }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}

async function newAccount(name = `Employer ${randomUUID().slice(0, 8)}`) {
  const r = await call('/v1/admin/accounts', { token: ADMIN, body: { name } });
  expect(r.status).toBe(201);
  return { key: r.body.apiKey as string, id: r.body.account.id as string, name };
}

const verify = (body: object, token = apiKey) => call('/v1/verifications', { token, body });
const check = (checks: any[], name: string) => checks.find((c) => c.name === name);
const AUD = 'https://verifier.example/v1/verifications';

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL });
  redis = createRedis('redis://127.0.0.1:6379');
  party = await startFakeParty();
  trusted = await party.makeIssuer('Acme Training');
  untrusted = await party.makeIssuer('Unknown Training');
  holder = await party.makeHolder();
  // The trusted issuer comes in through TRUSTED_ISSUERS, as an operator would configure it.
  sut = await startVerifier(config({ trustedIssuers: [trusted.did] }), {
    logger: createLogger({ service: 'verifier-test', level: 'silent' }),
    db,
    redis,
  });
  const admin = await call('/v1/admin/trusted-issuers', {
    token: ADMIN,
    body: { did: trusted.did, name: 'Acme Training Ltd' },
  });
  expect(admin.status).toBe(201);
  const account = await newAccount();
  apiKey = account.key;
  accountName = account.name;
});

afterAll(async () => {
  await sut?.close();
  await party?.close();
  redis?.disconnect();
  await db?.close();
});

describe('POST /v1/verifications with a presentation', () => {
  test('a valid presentation of 2 credentials is verified, every check passes, and the report is stored', async () => {
    const list = await party.publishStatusList(trusted, { revoked: [3] });
    const creds = [
      await party.issue(trusted, holder, { code: 'CORE-BLS', statusListUrl: list, index: 7 }),
      await party.issue(trusted, holder, {
        code: 'CORE-FIRE-SAFETY',
        name: 'Fire safety',
        statusListUrl: list,
        index: 8,
      }),
    ];
    const nonce = randomUUID();
    const r = await verify({
      presentation: await party.present(holder, creds, AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(true);
    expect(r.body.presentation.holder).toBe(holder.did);
    expect(r.body.presentation.checks.map((c: any) => [c.name, c.result])).toEqual([
      ['format', 'pass'],
      ['signature', 'pass'],
      ['validity_window', 'pass'],
      ['audience', 'pass'],
      ['nonce', 'pass'],
    ]);
    expect(r.body.credentials).toHaveLength(2);
    for (const c of r.body.credentials) {
      expect(c.verified).toBe(true);
      expect(c.issuer).toBe(trusted.did);
      expect(c.issuerName).toBe('Acme Training Ltd');
      expect(c.checks.map((k: any) => [k.name, k.result])).toEqual([
        ['format', 'pass'],
        ['signature', 'pass'],
        ['validity_window', 'pass'],
        ['holder_binding', 'pass'],
        ['issuer_recognised', 'pass'],
        ['status', 'pass'],
      ]);
    }
    expect(r.body.credentials.map((c: any) => c.catalogueCode)).toEqual(['CORE-BLS', 'CORE-FIRE-SAFETY']);
    const stored = await call(`/v1/verifications/${r.body.id}`, { token: apiKey });
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(r.body);
  });

  test('a tampered credential fails its signature check (signature_invalid) and the report is not verified', async () => {
    const cred = tamper(await party.issue(trusted, holder), (p) => {
      p.vc.name = 'Advanced life support';
    });
    const nonce = randomUUID();
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(false);
    expect(check(r.body.presentation.checks, 'signature').result).toBe('pass');
    expect(check(r.body.credentials[0].checks, 'signature')).toMatchObject({
      result: 'fail',
      reason: 'signature_invalid',
    });
  });

  test('a credential of another holder fails holder binding (holder_mismatch)', async () => {
    const other = await party.makeHolder();
    const nonce = randomUUID();
    const cred = await party.issue(trusted, other);
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.body.verified).toBe(false);
    expect(check(r.body.credentials[0].checks, 'signature').result).toBe('pass');
    expect(check(r.body.credentials[0].checks, 'holder_binding')).toMatchObject({
      result: 'fail',
      reason: 'holder_mismatch',
    });
  });

  test('a credential from an issuer off the allow-list fails issuer_recognised (issuer_not_recognised)', async () => {
    const nonce = randomUUID();
    const cred = await party.issue(untrusted, holder);
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.body.verified).toBe(false);
    const c = r.body.credentials[0];
    expect(check(c.checks, 'signature').result).toBe('pass');
    expect(check(c.checks, 'issuer_recognised')).toMatchObject({
      result: 'fail',
      reason: 'issuer_not_recognised',
    });
    expect(c.issuerName).toBeUndefined();
  });

  test('an issuer added through the admin API is recognised at once', async () => {
    const late = await party.makeIssuer('Late Training');
    expect(
      (await call('/v1/admin/trusted-issuers', { token: ADMIN, body: { did: late.did, name: 'Late' } }))
        .status,
    ).toBe(201);
    const list = await call('/v1/admin/trusted-issuers', { token: ADMIN });
    expect(list.body.items.map((i: any) => i.did)).toEqual(expect.arrayContaining([trusted.did, late.did]));
    const nonce = randomUUID();
    const cred = await party.issue(late, holder);
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(check(r.body.credentials[0].checks, 'issuer_recognised').result).toBe('pass');
    expect(r.body.verified).toBe(true);
  });

  test('a presentation for another audience fails audience (wrong_audience)', async () => {
    const nonce = randomUUID();
    const vp = await party.present(
      holder,
      [await party.issue(trusted, holder)],
      'https://someone-else.example',
      nonce,
    );
    const r = await verify({ presentation: vp, audience: AUD, nonce });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(false);
    expect(check(r.body.presentation.checks, 'audience')).toMatchObject({
      result: 'fail',
      reason: 'wrong_audience',
    });
    expect(check(r.body.presentation.checks, 'nonce').result).toBe('pass');
  });

  test('a presentation for another nonce fails nonce (wrong_nonce)', async () => {
    const vp = await party.present(
      holder,
      [await party.issue(trusted, holder)],
      AUD,
      'nonce-of-another-request',
    );
    const r = await verify({ presentation: vp, audience: AUD, nonce: randomUUID() });
    expect(r.body.verified).toBe(false);
    expect(check(r.body.presentation.checks, 'nonce')).toMatchObject({
      result: 'fail',
      reason: 'wrong_nonce',
    });
  });

  test('alg none is refused (alg_not_allowed) and still stored as a report', async () => {
    const nonce = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: holder.did,
      aud: AUD,
      nonce,
      iat: now,
      nbf: now,
      exp: now + 300,
      vp: { type: ['VerifiablePresentation'] },
    };
    // With a junk signature part, so it is the header rule (RFC 8725 §3.1) and not the syntax that refuses it.
    const r = await verify({ presentation: `${unsecured(payload)}c2ln`, audience: AUD, nonce });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(false);
    expect(check(r.body.presentation.checks, 'signature')).toMatchObject({
      result: 'fail',
      reason: 'alg_not_allowed',
    });
    expect((await call(`/v1/verifications/${r.body.id}`, { token: apiKey })).status).toBe(200);
    // The canonical unsecured form (RFC 7519 §6.1: empty signature) gets the same answer.
    const bare = await verify({ presentation: unsecured(payload), audience: AUD, nonce });
    expect(bare.status).toBe(201);
    expect(bare.body.verified).toBe(false);
    expect(bare.body.presentation.checks).toEqual([
      expect.objectContaining({ name: 'signature', result: 'fail', reason: 'alg_not_allowed' }),
    ]);
  });

  test('a malformed JWT is a stored report with format: malformed_jwt, not a 400', async () => {
    const r = await verify({ presentation: 'this-is.not-a.jwt!', audience: AUD, nonce: 'n' });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(false);
    expect(r.body.presentation.checks).toEqual([
      expect.objectContaining({ name: 'format', result: 'fail', reason: 'malformed_jwt' }),
    ]);
    expect(r.body.credentials).toEqual([]);
  });

  test('a credential whose status bit is set fails status (revoked)', async () => {
    const list = await party.publishStatusList(trusted, { revoked: [42] });
    const nonce = randomUUID();
    const creds = [
      await party.issue(trusted, holder, { statusListUrl: list, index: 42 }),
      await party.issue(trusted, holder, { statusListUrl: list, index: 43 }),
    ];
    const r = await verify({
      presentation: await party.present(holder, creds, AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.body.verified).toBe(false);
    expect(check(r.body.credentials[0].checks, 'status')).toMatchObject({
      result: 'fail',
      reason: 'revoked',
    });
    expect(r.body.credentials[0].verified).toBe(false);
    expect(check(r.body.credentials[1].checks, 'status').result).toBe('pass');
    expect(r.body.credentials[1].verified).toBe(true);
  });

  test('an unreachable status list makes status unknown (status_unavailable) and the report not verified', async () => {
    const nonce = randomUUID();
    // A port nobody listens on any more: the connection is refused.
    const dead = await new Promise<number>((ok) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => ok(port));
      });
    });
    const cred = await party.issue(trusted, holder, {
      statusListUrl: `http://127.0.0.1:${dead}/status/1`,
      index: 1,
    });
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
    });
    expect(r.body.verified).toBe(false);
    const status = check(r.body.credentials[0].checks, 'status');
    expect(status).toMatchObject({ result: 'unknown', reason: 'status_unavailable' });
    // Unknown is not fail: every other check passed.
    expect(r.body.credentials[0].checks.filter((c: any) => c.result === 'fail')).toEqual([]);
  });

  test('with roleCategory and setting the report carries readiness from the verified credentials', async () => {
    const nonce = randomUUID();
    const cred = await party.issue(trusted, holder, { code: 'CORE-BLS', completionDate: '2025-01-10' });
    const r = await verify({
      presentation: await party.present(holder, [cred], AUD, nonce),
      audience: AUD,
      nonce,
      roleCategory: 'new_to_care',
      setting: 'home_care',
    });
    expect(r.status).toBe(201);
    expect(r.body.readiness.roleCategory).toBe('new_to_care');
    const bls = r.body.readiness.requirements.find((q: any) => q.code === 'CORE-BLS');
    expect(bls.metBy.credentialId).toBe(r.body.credentials[0].id);
    expect(r.body.readiness.summary.ready).toBe(false);
  });

  test('an unknown role category, or one without a setting, is a 400', async () => {
    const base = { presentation: 'x.y.z', audience: AUD, nonce: 'n' };
    const a = await verify({ ...base, roleCategory: 'astronaut', setting: 'home_care' });
    expect(a.status).toBe(400);
    expect(a.body.errors.map((e: any) => e.path)).toEqual(['/body/roleCategory']);
    const b = await verify({ ...base, roleCategory: 'new_to_care' });
    expect(b.status).toBe(400);
    expect(b.body.code).toBe('validation_failed');
  });

  test('a body that is neither input shape is a 400 validation_failed', async () => {
    const r = await verify({ presentation: 'x.y.z' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
  });

  test('a body over 256 KiB is a 413 payload_too_large', async () => {
    const r = await verify({ presentation: 'a'.repeat(300 * 1024), audience: AUD, nonce: 'n' });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload_too_large');
  });
});

describe('POST /v1/verifications with a share link', () => {
  test('the verifier fetches the link with its own nonce and name, and verifies against the link as audience', async () => {
    const cred = await party.issue(trusted, holder);
    const url = party.share({ kind: 'present', holder, credentials: [cred] });
    const r = await verify({ shareUrl: `${url}?utm=mail#frag` });
    expect(r.status).toBe(201);
    expect(r.body.verified).toBe(true);
    expect(r.body.inputKind).toBe('share_url');
    expect(r.body.shareUrl).toBe(url);
    const seen = party.shareRequests.find((s) => url.endsWith(s.token))!;
    expect(seen.verifier).toBe(accountName);
    expect(seen.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  test('a link answering 410 (expired) is a 422 share_expired and nothing is stored', async () => {
    const account = await newAccount();
    const url = party.share({
      kind: 'status',
      status: 410,
      body: { code: 'gone', detail: 'This share link has expired' },
    });
    const r = await verify({ shareUrl: url }, account.key);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'unprocessable', reason: 'share_expired' });
    const list = await call('/v1/verifications', { token: account.key });
    expect(list.body.items).toEqual([]);
  });

  test('a withdrawn link is share_withdrawn; an unknown one is share_not_found', async () => {
    const withdrawn = party.share({
      kind: 'status',
      status: 410,
      body: { code: 'gone', detail: 'This share link was withdrawn' },
    });
    expect((await verify({ shareUrl: withdrawn })).body).toMatchObject({
      status: 422,
      reason: 'share_withdrawn',
    });
    const missing = await verify({ shareUrl: `${party.base}/shares/does-not-exist` });
    expect(missing.status).toBe(422);
    expect(missing.body.reason).toBe('share_not_found');
  });

  test.each([
    ['https://10.0.0.1/shares/abc'],
    ['https://169.254.169.254/latest/meta-data'],
    ['http://10.0.0.1/shares/abc'],
  ])(
    'a link to a private address (%s) is refused before connecting: 422 share_address_refused',
    async (shareUrl) => {
      const account = await newAccount();
      const started = Date.now();
      const r = await verify({ shareUrl }, account.key);
      expect(r.status).toBe(422);
      expect(r.body.reason).toBe('share_address_refused');
      // Refused by policy, not by a connect timeout.
      expect(Date.now() - started).toBeLessThan(1_500);
      expect((await call('/v1/verifications', { token: account.key })).body.items).toEqual([]);
    },
  );
});

describe('access to reports', () => {
  test('without an API key, or with a wrong one, the API answers 401', async () => {
    const none = await call('/v1/verifications');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    expect((await call('/v1/verifications', { token: 'spk_ver_wrong' })).status).toBe(401);
    expect((await verify({ presentation: 'x', audience: AUD, nonce: 'n' }, 'nope')).status).toBe(401);
  });

  test("account B cannot read account A's report (404, same as a missing one)", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const r = await verify({ presentation: 'a.b.c', audience: AUD, nonce: 'n' }, a.key);
    expect(r.status).toBe(201);
    expect((await call(`/v1/verifications/${r.body.id}`, { token: a.key })).status).toBe(200);
    const other = await call(`/v1/verifications/${r.body.id}`, { token: b.key });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect((await call(`/v1/verifications/${randomUUID()}`, { token: b.key })).status).toBe(404);
    expect((await call('/v1/verifications/not-a-uuid', { token: b.key })).status).toBe(404);
    expect((await call('/v1/verifications', { token: b.key })).body.items).toEqual([]);
  });

  test('the list is the account’s own reports, newest first, in pages', async () => {
    const a = await newAccount();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await verify({ presentation: `bad${i}`, audience: AUD, nonce: 'n' }, a.key)).body.id);
    const first = await call('/v1/verifications?limit=2', { token: a.key });
    expect(first.body.items.map((x: any) => x.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(`/v1/verifications?limit=2&cursor=${first.body.nextCursor}`, { token: a.key });
    expect(second.body.items.map((x: any) => x.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await call('/v1/verifications?cursor=garbage', { token: a.key })).status).toBe(400);
  });
});

describe('admin API', () => {
  test('a wrong admin token is 401; an employer key is not an admin token', async () => {
    expect(
      (await call('/v1/admin/accounts', { token: 'wrong-admin-token', body: { name: 'x' } })).status,
    ).toBe(401);
    expect((await call('/v1/admin/trusted-issuers', { token: apiKey })).status).toBe(401);
  });

  test('the created API key is shown once and only its hash is stored', async () => {
    const account = await newAccount();
    expect(account.key).toMatch(/^spk_ver_/);
    const row = await db.prisma.verifierApiKey.findFirst({ where: { accountId: account.id } });
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(account.key);
  });

  test('without VERIFIER_ADMIN_TOKEN the admin API does not exist (404)', async () => {
    const other = await startVerifier(config({ adminToken: undefined }), {
      logger: createLogger({ service: 'verifier-test', level: 'silent' }),
      db,
      redis,
    });
    try {
      const res = await fetch(`${other.baseUrl}/v1/admin/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer anything-at-all' },
        body: JSON.stringify({ name: 'x' }),
      });
      expect(res.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  test('/readyz pings the database and Redis; /openapi.json documents the routes', async () => {
    expect((await call('/readyz')).status).toBe(200);
    const doc = await call('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/verifications',
        '/v1/verifications/{id}',
        '/v1/admin/accounts',
        '/v1/admin/trusted-issuers',
      ]),
    );
  });
});
