/**
 * Flows 1 and 2 of docs/architecture.md across four real processes (issuer, wallet, verifier, jobs) on the real
 * PostgreSQL and Redis, plus the negatives the end-to-end issue names. Each negative asserts the problem code or the
 * failed check's reason, and that nothing was stored or changed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signPresentationJwt } from '@sp/credential';
import { generateSigningKey, type SigningKeyPair } from '@sp/crypto';
import { didJwkFromJwk } from '@sp/did';
import pg from 'pg';
import { api, receiveAsThirdPartyWallet, type Stack, startStack } from './harness.js';

let stack: Stack;
let starting: Promise<Stack> | undefined;
let verifierKey: string;
let provider: { slug: string; did: string; apiKey: string };
let untrusted: { slug: string; did: string; apiKey: string };

const rand = () => randomBytes(4).toString('hex');
const completionDate = '2026-10-01';

async function createOrg(kind: string, trusted: boolean) {
  const slug = `e2e-${rand()}`;
  const r = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: `Provider ${slug}`, kind },
  });
  expect(r.status).toBe(201);
  const org = { slug, did: r.body.organisation.did as string, apiKey: r.body.apiKey as string };
  if (trusted) {
    const t = await api('POST', `${stack.verifier}/v1/admin/trusted-issuers`, {
      token: stack.verifierAdminToken,
      body: { did: org.did, name: `Provider ${slug}` },
    });
    expect(t.status).toBe(201);
  }
  return org;
}

async function signUp() {
  const email = `worker-${rand()}@example.org`;
  const r = await api('POST', `${stack.wallet}/v1/accounts`, {
    body: { email, name: 'Laura Example', password: 'correct horse battery staple' },
  });
  expect(r.status).toBe(201);
  return { email, token: r.body.session.token as string, did: r.body.worker.did as string };
}

async function offer(org: { apiKey: string }, email: string, code = 'CORE-MOVING-HANDLING') {
  const r = await api('POST', `${stack.issuer}/v1/credential-offers`, {
    token: org.apiKey,
    body: {
      worker: { email, name: 'Laura Example' },
      catalogueCode: code,
      completionDate,
      deliveryMode: 'classroom',
      assessmentMethod: 'Observed practice and knowledge test',
    },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; offer_uri: string; credential_offer_uri: string };
}

async function issueToWallet(org: { apiKey: string }, worker: { email: string; token: string }) {
  const o = await offer(org, worker.email);
  const accepted = await api('POST', `${stack.wallet}/v1/offers/accept`, {
    token: worker.token,
    body: { offer: o.offer_uri },
  });
  expect(accepted.status).toBe(201);
  return { offer: o, credential: accepted.body.credential };
}

async function share(worker: { token: string }, credentialIds: string[]) {
  const r = await api('POST', `${stack.wallet}/v1/shares`, {
    token: worker.token,
    body: { credentialIds, expiresInMinutes: 60 },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; url: string; expiresAt: string };
}

async function verificationCount(): Promise<number> {
  const r = await api('GET', `${stack.verifier}/v1/verifications?limit=100`, { token: verifierKey });
  expect(r.status).toBe(200);
  return r.body.items.length;
}

async function presentDirect(holder: SigningKeyPair, holderDid: string, credentials: string[]) {
  const audience = `${stack.verifier}/e2e-${rand()}`;
  const nonce = randomUUID();
  const presentation = await signPresentationJwt({
    holderDid,
    kid: `${holderDid}#0`,
    privateJwk: holder.privateJwk,
    alg: holder.alg,
    credentials,
    audience,
    nonce,
  });
  return { presentation, audience, nonce };
}

function failedChecks(report: any): string[] {
  const out: string[] = [];
  for (const c of report.presentation.checks)
    if (c.result !== 'pass') out.push(`presentation.${c.name}:${c.reason}`);
  for (const cred of report.credentials) {
    for (const c of cred.checks) if (c.result !== 'pass') out.push(`credential.${c.name}:${c.reason}`);
  }
  return out;
}

beforeAll(async () => {
  starting = startStack();
  stack = await starting;
  const acct = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: 'Sunrise Care Home' },
  });
  expect(acct.status).toBe(201);
  verifierKey = acct.body.apiKey;
  provider = await createOrg('training_provider', true);
  untrusted = await createOrg('training_provider', false);
}, 120_000);
afterAll(async () => {
  // Even when start-up timed out, the processes it launched must not outlive the suite.
  const started = await starting?.catch(() => undefined);
  await started?.stop();
}, 60_000);

test('flows 1 and 2: provider issues, the jobs process notifies, the worker accepts and shares, the employer verifies', async () => {
  const worker = await signUp();
  const o = await offer(provider, worker.email);

  // The jobs process (its own OS process) delivered the offer-issued notification into the wallet's outbox.
  let notifications: any[] = [];
  for (let i = 0; i < 100 && notifications.length === 0; i++) {
    notifications =
      (await api('GET', `${stack.wallet}/v1/notifications`, { token: worker.token })).body.notifications ??
      [];
    if (notifications.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(notifications).toHaveLength(1);
  expect(notifications[0].link).toBe(o.offer_uri);

  const accepted = await api('POST', `${stack.wallet}/v1/offers/accept`, {
    token: worker.token,
    body: { offer: o.offer_uri },
  });
  expect(accepted.status).toBe(201);
  const list = await api('GET', `${stack.wallet}/v1/credentials`, { token: worker.token });
  expect(list.body.credentials).toHaveLength(1);
  expect(list.body.credentials[0]).toMatchObject({
    catalogueCode: 'CORE-MOVING-HANDLING',
    deliveryMode: 'classroom',
  });
  const one = await api('GET', `${stack.wallet}/v1/credentials/${list.body.credentials[0].id}`, {
    token: worker.token,
  });
  expect(one.body.vc.credentialSubject.id).toBe(worker.did);

  const s = await share(worker, [list.body.credentials[0].id]);
  const report = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { shareUrl: s.url },
  });
  expect(report.status).toBe(201);
  expect(failedChecks(report.body)).toEqual([]);
  expect(report.body.verified).toBe(true);
  expect(report.body.credentials).toHaveLength(1);
  expect(report.body.credentials[0]).toMatchObject({
    issuer: provider.did,
    catalogueCode: 'CORE-MOVING-HANDLING',
  });
  const credentialCheckNames = report.body.credentials[0].checks.map((c: any) => c.name).sort();
  expect(credentialCheckNames).toEqual(
    expect.arrayContaining(['holder_binding', 'issuer_recognised', 'signature', 'status', 'validity_window']),
  );

  const again = await api('GET', `${stack.verifier}/v1/verifications/${report.body.id}`, {
    token: verifierKey,
  });
  expect(again.status).toBe(200);
  expect(again.body.verified).toBe(true);

  // The worker sees who looked.
  const views = await api('GET', `${stack.wallet}/v1/shares/${s.id}`, { token: worker.token });
  expect(views.body.views).toHaveLength(1);
  expect(views.body.views[0].viewer).toBe('Sunrise Care Home');
});

test('a replayed offer is refused (410) and the wallet stores nothing new', async () => {
  const worker = await signUp();
  const { offer: o } = await issueToWallet(provider, worker);
  const replay = await api('POST', `${stack.wallet}/v1/offers/accept`, {
    token: worker.token,
    body: { offer: o.offer_uri },
  });
  // Either refused as used, or recognised as the same credential already held: never a second credential.
  expect([200, 410]).toContain(replay.status);
  const list = await api('GET', `${stack.wallet}/v1/credentials`, { token: worker.token });
  expect(list.body.credentials).toHaveLength(1);
  // The offer document itself is single use at the issuer.
  const direct = await api('GET', decodeURIComponent(o.credential_offer_uri));
  expect(direct.status).toBe(404);
  expect(direct.body.code).toBe('not_found');
});

test('a third-party wallet receives over OpenID4VCI and its presentation verifies (interoperability)', async () => {
  const holder = await generateSigningKey('EdDSA');
  const o = await offer(provider, `tp-${rand()}@example.org`);
  const { holderDid, jwt } = await receiveAsThirdPartyWallet(o.offer_uri, holder);
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: await presentDirect(holder, holderDid, [jwt]),
  });
  expect(r.status).toBe(201);
  expect(failedChecks(r.body)).toEqual([]);
  expect(r.body.verified).toBe(true);
});

test('a tampered credential fails its signature check', async () => {
  const holder = await generateSigningKey('EdDSA');
  const o = await offer(provider, `tp-${rand()}@example.org`);
  const { holderDid, jwt } = await receiveAsThirdPartyWallet(o.offer_uri, holder);
  const [h, p, sig] = jwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.vc.credentialSubject.achievement.name = 'Registered nurse (forged)';
  const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: await presentDirect(holder, holderDid, [tampered]),
  });
  expect(r.status).toBe(201);
  expect(r.body.verified).toBe(false);
  expect(failedChecks(r.body)).toContain('credential.signature:signature_invalid');
});

test("another holder's credential fails holder binding", async () => {
  const alice = await generateSigningKey('EdDSA');
  const mallory = await generateSigningKey('EdDSA');
  const o = await offer(provider, `tp-${rand()}@example.org`);
  const { jwt } = await receiveAsThirdPartyWallet(o.offer_uri, alice);
  const malloryDid = didJwkFromJwk(mallory.publicJwk);
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: await presentDirect(mallory, malloryDid, [jwt]),
  });
  expect(r.body.verified).toBe(false);
  expect(failedChecks(r.body)).toContain('credential.holder_binding:holder_mismatch');
});

test('an unknown issuer is flagged issuer_not_recognised', async () => {
  const worker = await signUp();
  const { credential } = await issueToWallet(untrusted, worker);
  const s = await share(worker, [credential.id]);
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { shareUrl: s.url },
  });
  expect(r.status).toBe(201);
  expect(r.body.verified).toBe(false);
  expect(failedChecks(r.body)).toEqual(['credential.issuer_recognised:issuer_not_recognised']);
});

test('malformed JWT and alg none are failed checks with their reasons, not crashes', async () => {
  const malformed = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { presentation: 'not.a.jwt', audience: 'https://x.example', nonce: 'n-12345678' },
  });
  expect(malformed.status).toBe(201);
  expect(malformed.body.verified).toBe(false);
  expect(failedChecks(malformed.body).join()).toContain('malformed_jwt');

  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(
    JSON.stringify({
      iss: 'did:jwk:x',
      aud: 'https://x.example',
      nonce: 'n-12345678',
      vp: { verifiableCredential: [] },
    }),
  ).toString('base64url');
  const none = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { presentation: `${header}.${body}.`, audience: 'https://x.example', nonce: 'n-12345678' },
  });
  expect(none.body.verified).toBe(false);
  expect(failedChecks(none.body).join()).toContain('alg_not_allowed');
});

test('expired and withdrawn shares are refused with 422 and nothing is stored', async () => {
  const worker = await signUp();
  const { credential } = await issueToWallet(provider, worker);
  const withdrawn = await share(worker, [credential.id]);
  expect(
    (await api('DELETE', `${stack.wallet}/v1/shares/${withdrawn.id}`, { token: worker.token })).status,
  ).toBe(204);
  const expired = await share(worker, [credential.id]);
  // The wallet is another process: expire the share the way time would, in its table.
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`UPDATE wallet_share SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [
    expired.id,
  ]);
  await client.end();

  const before = await verificationCount();
  const w = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { shareUrl: withdrawn.url },
  });
  expect(w.status).toBe(422);
  expect(w.type).toContain('application/problem+json');
  expect(w.body.reason).toBe('share_withdrawn');
  const e = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { shareUrl: expired.url },
  });
  expect(e.status).toBe(422);
  expect(e.body.reason).toBe('share_expired');
  expect(await verificationCount()).toBe(before);
  // Refused views are not recorded as views.
  const views = await api('GET', `${stack.wallet}/v1/shares/${expired.id}`, { token: worker.token });
  expect(views.body.views).toHaveLength(0);
});

test('an oversized body is 413 problem+json and nothing is stored', async () => {
  const before = await verificationCount();
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    raw: JSON.stringify({
      presentation: 'x'.repeat(400 * 1024),
      audience: 'https://x.example',
      nonce: 'n-12345678',
    }),
  });
  expect(r.status).toBe(413);
  expect(r.body.code).toBe('payload_too_large');
  expect(await verificationCount()).toBe(before);
});
