/**
 * Issue 3 end to end, across the four real processes: an employer signs off the Care Certificate and a training
 * provider issues core topics to one worker; the worker shares them; the employer's verifier report for
 * `new_to_care` (and `care_or_support_worker`) in home care shows what is met, due soon and missing and what to
 * retrain; the employer's own policy changes a state; the training matrix CSV has the worker's line; and the
 * worker's wallet shows the same picture as a self-view.
 */
import { randomBytes } from 'node:crypto';
import { catalogueVersion, pathwayVersion, refreshDueDate } from '@sp/care-catalogue';
import { api, type Stack, startStack } from './harness.js';

let stack: Stack;
let starting: Promise<Stack> | undefined;

const rand = () => randomBytes(4).toString('hex');
const DAY = 86_400_000;
/** YYYY-MM-DD `n` days before today (UTC): the services run on the real clock. */
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function createOrg(kind: 'training_provider' | 'employer') {
  const slug = `e2e-${kind.replace('_', '-')}-${rand()}`;
  const r = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: `Org ${slug}`, kind },
  });
  expect(r.status).toBe(201);
  const org = { did: r.body.organisation.did as string, apiKey: r.body.apiKey as string };
  const t = await api('POST', `${stack.verifier}/v1/admin/trusted-issuers`, {
    token: stack.verifierAdminToken,
    body: { did: org.did, name: `Org ${slug}` },
  });
  expect(t.status).toBe(201);
  return org;
}

/** Offers one catalogue item to the worker and accepts it in the wallet; returns the wallet's credential id. */
async function issue(
  org: { apiKey: string },
  worker: { email: string; token: string },
  catalogueCode: string,
  completionDate: string,
  deliveryMode = 'classroom',
): Promise<string> {
  const o = await api('POST', `${stack.issuer}/v1/credential-offers`, {
    token: org.apiKey,
    body: {
      worker: { email: worker.email, name: 'Laura Example' },
      catalogueCode,
      completionDate,
      deliveryMode,
      assessmentMethod: 'Observed practice and knowledge check',
    },
  });
  expect(o.status).toBe(201);
  const accepted = await api('POST', `${stack.wallet}/v1/offers/accept`, {
    token: worker.token,
    body: { offer: o.body.offer_uri },
  });
  expect(accepted.status).toBe(201);
  return accepted.body.credential.id as string;
}

const byCode = (readiness: any, code: string) => readiness.requirements.find((r: any) => r.code === code);

beforeAll(async () => {
  starting = startStack();
  stack = await starting;
}, 120_000);
afterAll(async () => {
  const started = await starting?.catch(() => undefined);
  await started?.stop();
}, 60_000);

test('employer sign-off + provider training → share → verifier readiness, employer policy, training matrix, wallet self-view', async () => {
  const employer = await createOrg('employer');
  const provider = await createOrg('training_provider');
  const account = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: `Oak House ${rand()}` },
  });
  expect(account.status).toBe(201);
  const employerKey = account.body.apiKey as string;

  const email = `laura-${rand()}@example.org`;
  const signUp = await api('POST', `${stack.wallet}/v1/accounts`, {
    body: { email, name: 'Laura Example', password: 'correct horse battery staple' },
  });
  expect(signUp.status).toBe(201);
  const worker = { email, token: signUp.body.session.token as string };

  // The Care Certificate is the employer's to sign off; a training provider may not attest it.
  const refused = await api('POST', `${stack.issuer}/v1/credential-offers`, {
    token: provider.apiKey,
    body: {
      worker: { email, name: 'Laura Example' },
      catalogueCode: 'CC-FULL',
      completionDate: daysAgo(5),
      deliveryMode: 'observed_practice',
      assessmentMethod: 'x',
    },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.reason).toBe('issuer_kind_not_allowed');

  const mhDone = daysAgo(60);
  const blsDone = daysAgo(340); // 12-month refresh: due in about 25 days
  const ids = [
    await issue(employer, worker, 'CC-STD-01', daysAgo(20), 'observed_practice'),
    await issue(employer, worker, 'CC-STD-02', daysAgo(20), 'observed_practice'),
    await issue(employer, worker, 'CC-FULL', daysAgo(5), 'observed_practice'),
    await issue(provider, worker, 'CORE-MOVING-HANDLING', mhDone),
    await issue(provider, worker, 'CORE-BLS', blsDone),
    await issue(provider, worker, 'CORE-SAFEGUARDING-ADULTS', daysAgo(30), 'e_learning'),
    await issue(provider, worker, 'CORE-FIRE-SAFETY', daysAgo(30)),
  ];
  const share = await api('POST', `${stack.wallet}/v1/shares`, {
    token: worker.token,
    body: { credentialIds: ids, expiresInMinutes: 60, label: 'Oak House interview' },
  });
  expect(share.status).toBe(201);
  const shareUrl = share.body.url as string;
  const staff = { id: 'HC-0042', name: 'Laura Example' };
  const verify = (roleCategory: string) =>
    api('POST', `${stack.verifier}/v1/verifications`, {
      token: employerKey,
      body: { shareUrl, roleCategory, setting: 'home_care', staff },
    });

  // 1. New to care, national defaults.
  const first = await verify('new_to_care');
  expect(first.status).toBe(201);
  expect(first.body.verified).toBe(true);
  expect(first.body.staff).toEqual(staff);
  const r1 = first.body.readiness;
  expect(r1).toMatchObject({
    catalogueVersion,
    pathwayVersion,
    roleCategory: 'new_to_care',
    setting: 'home_care',
  });
  const ccFull = first.body.credentials.find((c: any) => c.catalogueCode === 'CC-FULL');
  expect(byCode(r1, 'CC-FULL')).toMatchObject({
    state: 'met',
    metBy: { via: 'direct', credentialId: ccFull.id },
  });
  expect(byCode(r1, 'CORE-MOVING-HANDLING')).toMatchObject({
    state: 'met',
    refreshDue: refreshDueDate('CORE-MOVING-HANDLING', mhDone),
  });
  expect(byCode(r1, 'CORE-BLS')).toMatchObject({
    state: 'due_soon',
    refreshDue: refreshDueDate('CORE-BLS', blsDone),
  });
  expect(byCode(r1, 'CORE-SAFEGUARDING-ADULTS').state).toBe('met');
  expect(byCode(r1, 'CORE-FIRE-SAFETY').state).toBe('met');
  expect(r1.summary).toMatchObject({ met: 4, dueSoon: 1, lapsed: 0, missing: 9, ready: false });
  expect(r1.retrain).toEqual([
    'INDUCTION-EMPLOYER',
    'CORE-IPC',
    'CORE-HEALTH-SAFETY',
    'CORE-FOOD-HYGIENE',
    'OMT-TIER1',
    'DEM-TIER1',
    'CORE-MEDICATION',
    'CORE-MCA-DOLS',
    'CORE-SAFEGUARDING-CHILDREN',
  ]);
  expect(r1.notCounted).toEqual([]);

  // 2. Care or support worker: medication and the Mental Capacity Act become required.
  const second = await verify('care_or_support_worker');
  const r2 = second.body.readiness;
  expect(byCode(r2, 'CORE-MEDICATION')).toMatchObject({ level: 'required', state: 'missing' });
  expect(r2.retrain.indexOf('CORE-MEDICATION')).toBeLessThan(
    r2.retrain.indexOf('CORE-SAFEGUARDING-CHILDREN'),
  );

  // 3. The employer's own policy: moving and handling every month, and standard 2 named for its services.
  const put = await api('PUT', `${stack.verifier}/v1/policy`, {
    token: employerKey,
    body: {
      refreshMonths: { 'CORE-MOVING-HANDLING': 1 },
      extraRequirements: [{ code: 'CC-STD-02', level: 'required', settings: ['home_care'] }],
    },
  });
  expect(put.status).toBe(200);
  const third = await verify('new_to_care');
  const r3 = third.body.readiness;
  expect(byCode(r3, 'CORE-MOVING-HANDLING')).toMatchObject({
    state: 'lapsed',
    refreshMonths: 1,
    lapsedSince: refreshDueDate('CORE-MOVING-HANDLING', mhDone, {
      refreshMonths: { 'CORE-MOVING-HANDLING': 1 },
    }),
  });
  expect(byCode(r3, 'CC-STD-02')).toMatchObject({ state: 'met', level: 'required', source: 'employer' });
  expect(r3.retrain.slice(0, 3)).toEqual(['INDUCTION-EMPLOYER', 'CORE-MOVING-HANDLING', 'CORE-IPC']);

  // 4. The training matrix: the worker's line from that newest check, under the policy.
  const csv = await fetch(
    `${stack.verifier}/v1/training-matrix.csv?roleCategory=new_to_care&setting=home_care`,
    {
      headers: { authorization: `Bearer ${employerKey}` },
    },
  );
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(csv.headers.get('content-disposition')).toMatch(
    /^attachment; filename="training-matrix-new_to_care-home_care-/,
  );
  const lines = (await csv.text()).split('\r\n');
  expect(lines).toHaveLength(3);
  const header = lines[0]!.split(',');
  const row = lines[1]!.split(',');
  expect(row.slice(0, 6)).toEqual(['HC-0042', 'Laura Example', 'new_to_care', 'home_care', daysAgo(0), 'no']);
  expect(row[header.indexOf('Care Certificate (CC-FULL)')]).toBe(`met; completed ${daysAgo(5)}`);
  expect(row[header.findIndex((h) => h.endsWith('(CORE-MOVING-HANDLING)'))]).toMatch(/^lapsed; completed /);
  expect(row[header.findIndex((h) => h.endsWith('(CORE-IPC)'))]).toBe('missing');

  // 5. The worker's own view in the wallet: current and next role category, what is due soon.
  await api('PATCH', `${stack.wallet}/v1/me`, {
    token: worker.token,
    body: { roleCategory: 'new_to_care', setting: 'home_care' },
  });
  const own = await api('GET', `${stack.wallet}/v1/readiness`, { token: worker.token });
  expect(own.status).toBe(200);
  expect(own.body.selfView).toBe(true);
  expect(own.body.current.summary).toEqual(r1.summary);
  expect(own.body.next.roleCategory).toBe('care_or_support_worker');
  expect(own.body.dueSoon.map((d: any) => d.code)).toEqual(['CORE-BLS']);
}, 120_000);
