/**
 * Issue 4 part B across four real processes: the issuer publishes the register of recognised issuers, the
 * verifier checks recognition against it (each failure its own reason), and a subscribed receiver hears
 * about a revocation exactly once as a logical event even though its first two answers are 500.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { signPresentationJwt } from '@sp/credential';
import { generateSigningKey } from '@sp/crypto';
import { verifyWebhookSignature } from '@sp/verifier/jobs';
import { api, receiveAsThirdPartyWallet, type Stack, startStack } from './harness.js';

let stack: Stack;
let employerKey: string;
const rand = () => randomBytes(4).toString('hex');

/** The employer's webhook receiver: answers from `script` (then 200) and processes each event id once. */
const script: number[] = [];
const requests: { eventId: string; body: string; signature: string }[] = [];
const processed = new Map<string, unknown>();
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const eventId = String(req.headers['idempotency-key']);
      requests.push({ eventId, body, signature: String(req.headers['x-skills-passport-signature']) });
      const status = script.shift() ?? 200;
      // A receiver that follows the docs: drop an event id it has already processed.
      if (status === 200 && !processed.has(eventId)) processed.set(eventId, JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/skills-passport`;
  stack = await startStack({
    REGISTER_URL: '{ISSUER_BASE_URL}/.well-known/recognised-issuers',
    REGISTER_DID: 'did:web:localhost%3A{ISSUER_PORT}:scheme',
    WEBHOOK_ATTEMPTS: '5',
    WEBHOOK_BACKOFF_MS: '200',
  });
  const account = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: `Employer ${rand()}` },
  });
  expect(account.status).toBe(201);
  employerKey = account.body.apiKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise((ok) => receiver?.close(ok));
});

async function createOrg() {
  const slug = `reg-${rand()}`;
  const r = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: `Provider ${slug}`, kind: 'training_provider' },
  });
  expect(r.status).toBe(201);
  return { slug, did: r.body.organisation.did as string, apiKey: r.body.apiKey as string };
}

const registerPath = (did = '') =>
  `${stack.issuer}/v1/admin/register/issuers${did ? `/${encodeURIComponent(did)}` : ''}`;

async function addToRegister(did: string, authorisations: object[]) {
  const r = await api('POST', registerPath(), {
    token: stack.issuerAdminToken,
    body: { did, name: `Registered ${rand()}`, authorisations },
  });
  expect(r.status).toBe(201);
}

/** Issues CORE-MOVING-HANDLING to a fresh third-party wallet and returns the holder and the VC-JWT. */
async function issue(org: { apiKey: string }) {
  const offer = await api('POST', `${stack.issuer}/v1/credential-offers`, {
    token: org.apiKey,
    body: {
      worker: { email: `w-${rand()}@example.org`, name: 'Laura Example' },
      catalogueCode: 'CORE-MOVING-HANDLING',
      completionDate: '2026-10-01',
      deliveryMode: 'classroom',
      assessmentMethod: 'Observed practice',
    },
  });
  expect(offer.status).toBe(201);
  const holder = await generateSigningKey('EdDSA');
  const { holderDid, jwt } = await receiveAsThirdPartyWallet(offer.body.offer_uri, holder);
  return { holder, holderDid, jwt };
}

async function verify(cred: Awaited<ReturnType<typeof issue>>) {
  const audience = `${stack.verifier}/e2e-${rand()}`;
  const nonce = randomUUID();
  const presentation = await signPresentationJwt({
    holderDid: cred.holderDid,
    kid: `${cred.holderDid}#0`,
    privateJwk: cred.holder.privateJwk,
    alg: cred.holder.alg,
    credentials: [cred.jwt],
    audience,
    nonce,
  });
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: employerKey,
    body: { presentation, audience, nonce },
  });
  expect(r.status).toBe(201);
  return r.body;
}

const recognition = (report: any) =>
  report.credentials[0].checks.find((c: any) => c.name === 'issuer_recognised');

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('register of recognised issuers and webhooks, across processes', () => {
  let recognised: Awaited<ReturnType<typeof createOrg>>;
  let recognisedCred: Awaited<ReturnType<typeof issue>>;
  let reports: Record<'unrecognised' | 'suspended' | 'forType', any>;

  // The register is set up in full before the first verification (the verifier caches it for max-age 60 s).
  beforeAll(async () => {
    recognised = await createOrg();
    const unrecognised = await createOrg();
    const suspended = await createOrg();
    const forType = await createOrg();
    await addToRegister(recognised.did, [{ framework: 'core_and_mandatory', validFrom: '2020-01-01' }]);
    await addToRegister(suspended.did, [{ framework: 'core_and_mandatory', validFrom: '2020-01-01' }]);
    const s = await api('POST', `${registerPath(suspended.did)}/suspend`, {
      token: stack.issuerAdminToken,
      body: { reason: 'e2e: inspection' },
    });
    expect(s.body.status).toBe('suspended');
    // Recognised, but only for the Care Certificate: moving and handling is another framework.
    await addToRegister(forType.did, [{ framework: 'care_certificate', validFrom: '2020-01-01' }]);

    recognisedCred = await issue(recognised);
    reports = {
      unrecognised: await verify(await issue(unrecognised)),
      suspended: await verify(await issue(suspended)),
      forType: await verify(await issue(forType)),
    };
  }, 120_000);

  test('a recognised issuer passes, and the report names the register version it used', async () => {
    const report = await verify(recognisedCred);
    expect(recognition(report)).toMatchObject({ result: 'pass' });
    expect(report.verified).toBe(true);
    expect(report.register).toMatchObject({
      did: expect.stringMatching(/^did:web:localhost%3A\d+:scheme$/),
      version: expect.any(Number),
    });
  });

  test('unrecognised, suspended and not-for-this-type issuers are each flagged with their own reason', () => {
    expect(recognition(reports.unrecognised)).toMatchObject({
      result: 'fail',
      reason: 'issuer_not_recognised',
    });
    expect(recognition(reports.suspended)).toMatchObject({ result: 'fail', reason: 'issuer_suspended' });
    expect(recognition(reports.forType)).toMatchObject({
      result: 'fail',
      reason: 'issuer_not_recognised_for_type',
    });
  });

  test('a revocation reaches the subscribed receiver as exactly one logical event despite two 500s', async () => {
    const sub = await api('POST', `${stack.verifier}/v1/subscriptions`, {
      token: employerKey,
      body: { url: receiverUrl },
    });
    expect(sub.status).toBe(201);
    const secret: string = sub.body.secret;
    // The employer verified this credential above; that is what subscribes it to the credential's changes.
    const issued = await api('GET', `${stack.issuer}/v1/credentials?limit=1`, { token: recognised.apiKey });
    const credentialId: string = issued.body.items[0].id;

    script.push(500, 500);
    const before = requests.length;
    const revoked = await api(
      'POST',
      `${stack.issuer}/v1/credentials/${encodeURIComponent(credentialId)}/revoke`,
      {
        token: recognised.apiKey,
        body: { reason: 'e2e: issued in error' },
      },
    );
    expect(revoked.status).toBe(200);

    await waitFor(() => processed.size >= 1);
    // Give a wrongly repeated delivery time to show up (backoff here is 200 ms, 400 ms, …).
    await new Promise((r) => setTimeout(r, 1_500));
    const attempts = requests.slice(before);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.eventId)).size).toBe(1);
    expect(processed.size).toBe(1);
    const event = processed.get(attempts[0]!.eventId) as any;
    expect(event).toMatchObject({
      id: attempts[0]!.eventId,
      type: 'credential.status.changed',
      data: { credentialId, action: 'revoke', purpose: 'revocation', issuerDid: recognised.did },
    });
    for (const a of attempts)
      expect(verifyWebhookSignature(secret, a.body, a.signature, Date.now() / 1000)).toBe(true);

    const deliveries = await api(
      'GET',
      `${stack.verifier}/v1/subscriptions/${sub.body.subscription.id}/deliveries`,
      {
        token: employerKey,
      },
    );
    expect(deliveries.body.items).toMatchObject([{ state: 'delivered', attempts: 3, lastStatus: 200 }]);
  });
});
