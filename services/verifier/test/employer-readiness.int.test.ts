// Employer policy (PUT/GET /v1/policy), policy applied to verification readiness, staff references and the
// training matrix CSV — over HTTP against real PostgreSQL, with the fake issuer + wallet of fixture.ts.
import { randomUUID } from 'node:crypto';
import { catalogueVersion, checkEmployerPolicy, pathwayVersion, refreshDueDate } from '@sp/care-catalogue';
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
  testVerifierConfig,
  TEST_DATABASE_URL,
} from './fixture.js';

const ADMIN = `admin-${randomUUID()}`;
const AUD = 'https://verifier.example/v1/verifications';
const DAY = 86_400_000;

let db: Database;
let redis: Redis;
let party: FakeParty;
let sut: RunningVerifier;
let trusted: FakeIssuer;
/** Days the verifier's clock runs ahead of real time (the matrix is computed "today"). */
let clockAheadDays = 0;

const config: VerifierConfig = testVerifierConfig(ADMIN);

async function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${sut.baseUrl}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: (isJson && text ? JSON.parse(text) : undefined) as any,
  };
}

async function newAccount(): Promise<string> {
  const r = await call('/v1/admin/accounts', {
    token: ADMIN,
    body: { name: `Employer ${randomUUID().slice(0, 8)}` },
  });
  expect(r.status).toBe(201);
  return r.body.apiKey as string;
}

/** YYYY-MM-DD `days` before today (UTC). */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

async function verifyCredentials(
  key: string,
  holder: FakeHolder,
  creds: string[],
  extra: Record<string, unknown> = { roleCategory: 'new_to_care', setting: 'home_care' },
) {
  const nonce = randomUUID();
  return call('/v1/verifications', {
    token: key,
    body: { presentation: await party.present(holder, creds, AUD, nonce), audience: AUD, nonce, ...extra },
  });
}

const requirement = (report: any, code: string) =>
  report.readiness.requirements.find((q: any) => q.code === code);

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL });
  redis = createRedis('redis://127.0.0.1:6379');
  party = await startFakeParty();
  trusted = await party.makeIssuer('Acme Training');
  sut = await startVerifier(
    { ...config, trustedIssuers: [trusted.did] },
    {
      logger: createLogger({ service: 'verifier-test', level: 'silent' }),
      db,
      redis,
      now: () => new Date(Date.now() + clockAheadDays * DAY),
    },
  );
});

afterAll(async () => {
  await sut?.close();
  await party?.close();
  redis?.disconnect();
  await db?.close();
});

afterEach(() => {
  clockAheadDays = 0;
});

describe('employer policy', () => {
  test('an account without a policy reads the national defaults, with the versions they are checked against', async () => {
    const r = await call('/v1/policy', { token: await newAccount() });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ policy: {}, updatedAt: null, catalogueVersion, pathwayVersion });
  });

  test('PUT stores the policy for this account only; GET reads it back', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const policy = {
      refreshMonths: { 'CORE-MOVING-HANDLING': 6 },
      extraRequirements: [{ code: 'SAP-END-OF-LIFE', level: 'required', settings: ['home_care'] }],
      dueSoonDays: 30,
    };
    const put = await call('/v1/policy', { method: 'PUT', token: a, body: policy });
    expect(put.status).toBe(200);
    expect(put.body.policy).toEqual(policy);
    expect(Date.parse(put.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call('/v1/policy', { token: a })).body.policy).toEqual(policy);
    expect((await call('/v1/policy', { token: b })).body.policy).toEqual({});
  });

  test('a policy naming an unknown code or role category is 400 invalid_policy and nothing is stored', async () => {
    const key = await newAccount();
    const r = await call('/v1/policy', {
      method: 'PUT',
      token: key,
      body: {
        refreshMonths: { 'CORE-NOT-A-THING': 6 },
        extraRequirements: [{ code: 'CORE-BLS', level: 'required', roleCategories: ['astronaut'] }],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'bad_request', reason: 'invalid_policy' });
    expect(r.body.issues.join(' ')).toContain('CORE-NOT-A-THING');
    expect(r.body.issues.join(' ')).toContain('astronaut');
    expect((await call('/v1/policy', { token: key })).body.updatedAt).toBeNull();
  });

  test('a policy with an unknown member or a bad value is 400 validation_failed', async () => {
    const key = await newAccount();
    const a = await call('/v1/policy', { method: 'PUT', token: key, body: { retrainEverything: true } });
    expect(a.status).toBe(400);
    expect(a.body.code).toBe('validation_failed');
    const b = await call('/v1/policy', { method: 'PUT', token: key, body: { dueSoonDays: -1 } });
    expect(b.status).toBe(400);
    expect(b.body.errors.map((e: any) => e.path)).toEqual(['/body/dueSoonDays']);
  });

  test('the policy endpoints need the employer API key', async () => {
    expect((await call('/v1/policy')).status).toBe(401);
    expect((await call('/v1/policy', { method: 'PUT', body: {} })).status).toBe(401);
    expect((await call('/v1/policy', { token: 'spk_ver_wrong' })).status).toBe(401);
  });

  test("the verification's readiness applies the account's policy: a shorter refresh period lapses a topic, an extra requirement is added", async () => {
    const [national, strict] = [await newAccount(), await newAccount()];
    const policy = {
      refreshMonths: { 'CORE-MOVING-HANDLING': 6 },
      extraRequirements: [{ code: 'SAP-END-OF-LIFE', level: 'required' }],
    };
    expect((await call('/v1/policy', { method: 'PUT', token: strict, body: policy })).status).toBe(200);
    const holder = await party.makeHolder();
    // 240 days ago: inside the national 12 months, past the employer's 6.
    const completed = daysAgo(240);
    const cred = await party.issue(trusted, holder, {
      code: 'CORE-MOVING-HANDLING',
      name: 'Moving and handling',
      completionDate: completed,
    });

    const a = await verifyCredentials(national, holder, [cred]);
    expect(a.status).toBe(201);
    expect(a.body.readiness).toMatchObject({ catalogueVersion, pathwayVersion });
    expect(requirement(a.body, 'CORE-MOVING-HANDLING')).toMatchObject({ state: 'met', refreshMonths: 12 });
    expect(requirement(a.body, 'SAP-END-OF-LIFE')).toBeUndefined();

    const b = await verifyCredentials(strict, holder, [cred]);
    expect(b.status).toBe(201);
    const checked = checkEmployerPolicy(policy);
    if (!checked.ok) throw new Error('test policy invalid');
    expect(requirement(b.body, 'CORE-MOVING-HANDLING')).toMatchObject({
      state: 'lapsed',
      refreshMonths: 6,
      lapsedSince: refreshDueDate('CORE-MOVING-HANDLING', completed, checked.policy),
    });
    expect(requirement(b.body, 'SAP-END-OF-LIFE')).toMatchObject({
      state: 'missing',
      level: 'required',
      source: 'employer',
    });
    expect(b.body.readiness.retrain).toEqual(
      expect.arrayContaining(['CORE-MOVING-HANDLING', 'SAP-END-OF-LIFE']),
    );
  });
});

describe('GET /v1/training-matrix.csv', () => {
  test('one line per member of staff from their newest verification, recomputed for today, escaped against CSV injection', async () => {
    const key = await newAccount();
    const list = await party.publishStatusList(trusted, { revoked: [21] });
    const laura = await party.makeHolder();
    const mallory = await party.makeHolder();
    const bls = (holder: FakeHolder, index: number, completionDate = daysAgo(30)) =>
      party.issue(trusted, holder, { code: 'CORE-BLS', statusListUrl: list, index, completionDate });

    // Laura: first a good basic life support record, then a newer check where it is revoked.
    const first = await verifyCredentials(key, laura, [await bls(laura, 20)], {
      staff: { id: 'HC-0042', name: 'Laura' },
    });
    expect(first.status).toBe(201);
    expect(first.body.staff).toEqual({ id: 'HC-0042', name: 'Laura' });
    expect((await call(`/v1/verifications/${first.body.id}`, { token: key })).body.staff).toEqual({
      id: 'HC-0042',
      name: 'Laura',
    });
    const second = await verifyCredentials(key, laura, [await bls(laura, 21)], {
      staff: { id: 'HC-0042', name: 'Laura' },
    });
    expect(second.body.verified).toBe(false);
    // A name that a spreadsheet would run as a formula.
    const evil = '=HYPERLINK("http://evil.example","x")';
    expect(
      (
        await verifyCredentials(key, mallory, [await bls(mallory, 22, daysAgo(350))], {
          staff: { id: 'HC-0666', name: evil },
        })
      ).status,
    ).toBe(201);
    // Not linked to a member of staff: not in the matrix.
    expect((await verifyCredentials(key, mallory, [await bls(mallory, 23)], {})).status).toBe(201);

    clockAheadDays = 30; // Mallory's basic life support (12 months) is now past its refresh date.
    const today = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const r = await call('/v1/training-matrix.csv?roleCategory=new_to_care&setting=home_care', {
      token: key,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="training-matrix-new_to_care-home_care-${today}.csv"`,
    );
    expect(r.headers.get('cache-control')).toBe('no-store');

    const lines = r.text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(4); // header, 2 staff, trailing CRLF
    const header = lines[0]!.split(',');
    const blsColumn = header.indexOf('Basic life support (CORE-BLS)');
    expect(blsColumn).toBeGreaterThan(8);
    // Sorted by name: the quoted formula-looking name sorts before "Laura".
    expect(lines[1]).toMatch(
      /^HC-0666,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",new_to_care,home_care,/,
    );
    expect(lines[1]).toContain(`,${today},no,`);
    expect(lines[1]).toContain(`lapsed; completed ${daysAgo(350)}; lapsed since`);
    expect(lines[1]).toContain(`,${catalogueVersion},${pathwayVersion},`);
    // Laura's newest check had the revoked record, which never counts: missing, not met.
    expect(lines[2]!.startsWith(`HC-0042,Laura,new_to_care,home_care,${today},no,`)).toBe(true);
    expect(lines[2]!.split(',')[blsColumn]).toBe('missing');
  });

  test("the matrix applies the account's policy and holds only the account's own staff", async () => {
    const [mine, theirs] = [await newAccount(), await newAccount()];
    const holder = await party.makeHolder();
    const completed = daysAgo(100);
    const cred = await party.issue(trusted, holder, { code: 'CORE-BLS', completionDate: completed });
    expect(
      (await verifyCredentials(theirs, holder, [cred], { staff: { id: 'T-1', name: 'Theirs' } })).status,
    ).toBe(201);
    expect(
      (await verifyCredentials(mine, holder, [cred], { staff: { id: 'M-1', name: 'Mine' } })).status,
    ).toBe(201);

    const before = await call(
      '/v1/training-matrix.csv?roleCategory=care_or_support_worker&setting=residential',
      { token: mine },
    );
    expect(before.text).toContain(`met; completed ${completed}; refresh due`);
    expect(before.text).not.toContain('Theirs');

    await call('/v1/policy', { method: 'PUT', token: mine, body: { refreshMonths: { 'CORE-BLS': 3 } } });
    const after = await call(
      '/v1/training-matrix.csv?roleCategory=care_or_support_worker&setting=residential',
      { token: mine },
    );
    expect(after.text).toContain(`lapsed; completed ${completed}; lapsed since`);
    expect(after.text.split('\r\n')[1]).toMatch(/^M-1,Mine,care_or_support_worker,residential,/);
  });

  test('an account that never named staff gets the header line only', async () => {
    const r = await call('/v1/training-matrix.csv?roleCategory=new_to_care&setting=nursing', {
      token: await newAccount(),
    });
    expect(r.status).toBe(200);
    expect(r.text.split('\r\n')).toEqual([expect.stringMatching(/^Staff ID,Staff name,/), '']);
  });

  test('a missing or unknown role category or setting is 400; no key is 401', async () => {
    const key = await newAccount();
    const a = await call('/v1/training-matrix.csv?setting=home_care', { token: key });
    expect(a.status).toBe(400);
    expect(a.body.errors.map((e: any) => e.path)).toEqual(['/query/roleCategory']);
    const b = await call('/v1/training-matrix.csv?roleCategory=astronaut&setting=moon', { token: key });
    expect(b.status).toBe(400);
    expect(b.body.code).toBe('validation_failed');
    expect((await call('/v1/training-matrix.csv?roleCategory=new_to_care&setting=home_care')).status).toBe(
      401,
    );
  });

  test('a staff reference must have an id and a name', async () => {
    const key = await newAccount();
    const holder = await party.makeHolder();
    const cred = await party.issue(trusted, holder, {});
    const r = await verifyCredentials(key, holder, [cred], { staff: { id: ' ', name: 'Nobody' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.path)).toEqual(['/body/staff/id']);
  });
});
