// The worker's profile (PATCH /v1/me) and readiness self-view (GET /v1/readiness) over HTTP against real
// PostgreSQL and Redis. Credentials are put in the wallet with the real credential store: readiness reads
// only their stored summaries (accepting offers is covered by accept-offer.int.test.ts).
import { randomUUID } from 'node:crypto';
import { catalogueVersion, pathwayVersion, refreshDueDate } from '@sp/care-catalogue';
import { createCredentialStore } from '../src/store/credential-store.js';
import { call, signUp, startTestWallet, type TestWallet } from './helpers.js';

const DAY = 86_400_000;
let sut: TestWallet;

beforeAll(async () => {
  sut = await startTestWallet();
});
afterAll(async () => {
  await sut?.close();
});

const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

/** Stores a credential summary for the worker as accepting an offer would (the JWT is not read here). */
async function store(workerId: string, code: string, completionDate: string, validUntil: Date | null = null) {
  await createCredentialStore(sut.db).save({
    workerId,
    credentialId: `urn:uuid:${randomUUID()}`,
    format: 'jwt_vc_json',
    jwt: 'not.read.here',
    issuerDid: 'did:web:training.example',
    issuerName: 'Acme Training',
    catalogueCode: code,
    name: code,
    summary: { catalogueCode: code, completionDate, deliveryMode: 'classroom' },
    issuedAt: new Date(),
    validUntil,
  });
}

const req = (report: any, code: string) => report.requirements.find((r: any) => r.code === code);

describe('PATCH /v1/me', () => {
  test('sets the role category and setting, which GET /v1/me then shows; null clears one', async () => {
    const { token } = await signUp(sut.api);
    const before = await call(sut.api, 'GET', '/v1/me', { token });
    expect(before.body.worker).toMatchObject({ roleCategory: null, setting: null });

    const r = await call(sut.api, 'PATCH', '/v1/me', {
      token,
      body: { roleCategory: 'new_to_care', setting: 'home_care' },
    });
    expect(r.status).toBe(200);
    expect(r.body.worker).toMatchObject({ roleCategory: 'new_to_care', setting: 'home_care' });
    expect((await call(sut.api, 'GET', '/v1/me', { token })).body.worker.setting).toBe('home_care');

    const cleared = await call(sut.api, 'PATCH', '/v1/me', { token, body: { setting: null } });
    expect(cleared.body.worker).toMatchObject({ roleCategory: 'new_to_care', setting: null });
  });

  test('an unknown role category or setting, an unknown member, or an empty body is 400 validation_failed', async () => {
    const { token } = await signUp(sut.api);
    const a = await call(sut.api, 'PATCH', '/v1/me', { token, body: { roleCategory: 'astronaut' } });
    expect(a.status).toBe(400);
    expect(a.body.errors.map((e: any) => e.path)).toEqual(['/body/roleCategory']);
    const b = await call(sut.api, 'PATCH', '/v1/me', { token, body: { setting: 'moon' } });
    expect(b.body.errors.map((e: any) => e.path)).toEqual(['/body/setting']);
    expect((await call(sut.api, 'PATCH', '/v1/me', { token, body: { email: 'x@example.org' } })).status).toBe(
      400,
    );
    const empty = await call(sut.api, 'PATCH', '/v1/me', { token, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
    expect((await call(sut.api, 'PATCH', '/v1/me', { body: { setting: 'nursing' } })).status).toBe(401);
  });
});

describe('GET /v1/readiness', () => {
  test('without a query it uses the profile: current and next role category, what is due soon, marked as a self-view', async () => {
    const { token, worker } = await signUp(sut.api);
    await call(sut.api, 'PATCH', '/v1/me', {
      token,
      body: { roleCategory: 'new_to_care', setting: 'home_care' },
    });
    const blsDone = daysAgo(340); // 12-month refresh: due in about 25 days, inside the 60-day window
    await store(worker.id, 'CORE-BLS', blsDone);
    await store(worker.id, 'DEM-TIER2', daysAgo(100)); // covers DEM-TIER1 through an equivalence
    // Another worker's record never counts for this one.
    const other = await signUp(sut.api);
    await store(other.worker.id, 'CORE-FIRE-SAFETY', daysAgo(10));

    const r = await call(sut.api, 'GET', '/v1/readiness', { token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      selfView: true,
      roleCategory: 'new_to_care',
      setting: 'home_care',
      asOf: new Date().toISOString().slice(0, 10),
    });
    expect(r.body.notice).toMatch(/employer.s check through a verifier is authoritative/);
    expect(r.body.current).toMatchObject({ roleCategory: 'new_to_care', catalogueVersion, pathwayVersion });
    expect(r.body.next.roleCategory).toBe('care_or_support_worker');
    const refreshDue = refreshDueDate('CORE-BLS', blsDone);
    expect(req(r.body.current, 'CORE-BLS')).toMatchObject({ state: 'due_soon', refreshDue });
    expect(req(r.body.current, 'DEM-TIER1')).toMatchObject({
      state: 'met',
      metBy: { via: 'equivalence', viaCode: 'DEM-TIER2' },
    });
    expect(req(r.body.current, 'CORE-FIRE-SAFETY').state).toBe('missing');
    // Medication is recommended for new-to-care staff and required for care or support workers.
    expect(req(r.body.current, 'CORE-MEDICATION').level).toBe('recommended');
    expect(req(r.body.next, 'CORE-MEDICATION').level).toBe('required');
    expect(r.body.dueSoon).toEqual([
      {
        code: 'CORE-BLS',
        name: req(r.body.current, 'CORE-BLS').name,
        refreshDue,
        roleCategories: ['new_to_care', 'care_or_support_worker'],
      },
    ]);
  });

  test('the injected clock decides the date: past the refresh date a topic is lapsed', async () => {
    const { worker, password } = await signUp(sut.api);
    const done = daysAgo(340);
    await store(worker.id, 'CORE-BLS', done);
    sut.clock.advanceMinutes(60 * 24 * 60); // 60 days on
    try {
      // Sessions last hours: sign in again on the moved clock.
      const session = await call(sut.api, 'POST', '/v1/sessions', {
        body: { email: worker.email, password },
      });
      const token = session.body.token as string;
      const r = await call(sut.api, 'GET', '/v1/readiness?roleCategory=new_to_care&setting=nursing', {
        token,
      });
      expect(req(r.body.current, 'CORE-BLS')).toMatchObject({
        state: 'lapsed',
        lapsedSince: refreshDueDate('CORE-BLS', done),
      });
      expect(r.body.current.retrain).toContain('CORE-BLS');
      expect(r.body.dueSoon).toEqual([]);
    } finally {
      sut.clock.advanceMinutes(-60 * 24 * 60);
    }
  });

  test('a credential past its validUntil does not count', async () => {
    const { token, worker } = await signUp(sut.api);
    await store(worker.id, 'CORE-FIRE-SAFETY', daysAgo(30), new Date(Date.now() - DAY));
    const r = await call(sut.api, 'GET', '/v1/readiness?roleCategory=new_to_care&setting=residential', {
      token,
    });
    expect(req(r.body.current, 'CORE-FIRE-SAFETY').state).toBe('missing');
    expect(r.body.current.notCounted).toEqual([
      expect.objectContaining({ catalogueCode: 'CORE-FIRE-SAFETY', reason: 'not_verified' }),
    ]);
  });

  test('the query overrides the profile; the last role category has no next one', async () => {
    const { token } = await signUp(sut.api);
    await call(sut.api, 'PATCH', '/v1/me', {
      token,
      body: { roleCategory: 'new_to_care', setting: 'home_care' },
    });
    const r = await call(
      sut.api,
      'GET',
      '/v1/readiness?roleCategory=registered_manager&setting=day_services',
      {
        token,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ roleCategory: 'registered_manager', setting: 'day_services', next: null });
  });

  test('without a profile or query it is 400 profile_incomplete; half a query or an unknown id is validation_failed', async () => {
    const { token } = await signUp(sut.api);
    const a = await call(sut.api, 'GET', '/v1/readiness', { token });
    expect(a.status).toBe(400);
    expect(a.body).toMatchObject({ code: 'bad_request', reason: 'profile_incomplete' });
    const b = await call(sut.api, 'GET', '/v1/readiness?roleCategory=new_to_care', { token });
    expect(b.status).toBe(400);
    expect(b.body.code).toBe('validation_failed');
    const c = await call(sut.api, 'GET', '/v1/readiness?roleCategory=astronaut&setting=nursing', { token });
    expect(c.body.errors.map((e: any) => e.path)).toEqual(['/query/roleCategory']);
    expect((await call(sut.api, 'GET', '/v1/readiness')).status).toBe(401);
  });
});
