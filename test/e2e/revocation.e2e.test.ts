/**
 * Issue 4 part A across four real processes: revoke, suspend, reinstate as the verifier sees them; key rotation
 * keeps old credentials verifying; a compromised-key cut-off fails only what was signed after the date.
 *
 * The issuer serves status lists with max-age 0 here (STATUS_LIST_MAX_AGE_SECONDS), so the verifier revalidates
 * by ETag on every verification and sees each change at once; production uses 60 s.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signPresentationJwt } from '@sp/credential';
import { generateSigningKey, type SigningKeyPair } from '@sp/crypto';
import { api, receiveAsThirdPartyWallet, type Stack, startStack } from './harness.js';

let stack: Stack;
let starting: Promise<Stack> | undefined;
let verifierKey: string;

beforeAll(async () => {
  starting = startStack({ STATUS_LIST_MAX_AGE_SECONDS: '0' });
  stack = await starting;
  const acct = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: 'Revocation Care Home' },
  });
  expect(acct.status).toBe(201);
  verifierKey = acct.body.apiKey;
}, 120_000);
afterAll(async () => {
  const started = await starting?.catch(() => undefined);
  await started?.stop();
}, 60_000);

async function createOrg() {
  const slug = `rev-${randomBytes(4).toString('hex')}`;
  const r = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: `Provider ${slug}`, kind: 'training_provider' },
  });
  expect(r.status).toBe(201);
  return { slug, did: r.body.organisation.did as string, apiKey: r.body.apiKey as string };
}

/** Offer → a standards-following wallet takes the credential with its own did:jwk key. */
async function issue(org: { apiKey: string }, holder: SigningKeyPair) {
  const o = await api('POST', `${stack.issuer}/v1/credential-offers`, {
    token: org.apiKey,
    body: {
      worker: { email: `w-${randomBytes(4).toString('hex')}@example.org`, name: 'Laura Example' },
      catalogueCode: 'CORE-MOVING-HANDLING',
      completionDate: '2026-10-01',
      deliveryMode: 'classroom',
      assessmentMethod: 'Observed practice',
    },
  });
  expect(o.status).toBe(201);
  const { jwt, holderDid } = await receiveAsThirdPartyWallet(o.body.offer_uri, holder);
  const id = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()).jti as string;
  return { jwt, holderDid, id };
}

/** Presents the credentials to the verifier process; returns each credential's checks by name. */
async function verify(holder: SigningKeyPair, holderDid: string, credentials: string[]) {
  const audience = `${stack.verifier}/e2e-${randomBytes(4).toString('hex')}`;
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
  const r = await api('POST', `${stack.verifier}/v1/verifications`, {
    token: verifierKey,
    body: { presentation, audience, nonce },
  });
  expect(r.status).toBe(201);
  return (r.body.credentials as { checks: { name: string; result: string; reason?: string }[] }[]).map((c) =>
    Object.fromEntries(c.checks.map((k) => [k.name, { result: k.result, reason: k.reason }])),
  );
}

const change = (org: { apiKey: string }, id: string, action: string, reason: string) =>
  api('POST', `${stack.issuer}/v1/credentials/${encodeURIComponent(id)}/${action}`, {
    token: org.apiKey,
    body: { reason },
  });

test('issue → valid → revoke → revoked; suspend → suspended → reinstate → valid', async () => {
  const org = await createOrg();
  const holder = await generateSigningKey('EdDSA');
  const a = await issue(org, holder);
  const b = await issue(org, holder);

  let [ca, cb] = await verify(holder, a.holderDid, [a.jwt, b.jwt]);
  expect(ca?.['status']).toEqual({ result: 'pass' });
  expect(cb?.['status']).toEqual({ result: 'pass' });

  expect((await change(org, a.id, 'revoke', 'Issued in error')).status).toBe(200);
  expect((await change(org, b.id, 'suspend', 'Under investigation')).status).toBe(200);
  [ca, cb] = await verify(holder, a.holderDid, [a.jwt, b.jwt]);
  expect(ca?.['status']).toEqual({ result: 'fail', reason: 'revoked' });
  expect(cb?.['status']).toEqual({ result: 'fail', reason: 'suspended' });
  expect(ca?.['signature']?.result).toBe('pass');

  expect((await change(org, b.id, 'reinstate', 'Cleared')).status).toBe(200);
  [ca, cb] = await verify(holder, a.holderDid, [a.jwt, b.jwt]);
  expect(ca?.['status']).toEqual({ result: 'fail', reason: 'revoked' }); // revocation is final
  expect(cb?.['status']).toEqual({ result: 'pass' });

  const trail = await api('GET', `${stack.issuer}/v1/credentials/${encodeURIComponent(b.id)}/events`, {
    token: org.apiKey,
  });
  expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['suspend', 'reinstate']);
}, 60_000);

test('rotation: credentials signed before keep verifying, new ones are signed by the new key', async () => {
  const org = await createOrg();
  const holder = await generateSigningKey('EdDSA');
  const before = await issue(org, holder);
  const rotated = await api('POST', `${stack.issuer}/v1/keys/rotate`, { token: org.apiKey });
  expect(rotated.status).toBe(201);
  const after = await issue(org, holder);
  const kidOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).kid as string;
  expect(kidOf(before.jwt)).toBe(`${org.did}#key-1`);
  expect(kidOf(after.jwt)).toBe(`${org.did}#key-2`);
  const [cb, ca] = await verify(holder, before.holderDid, [before.jwt, after.jwt]);
  expect(cb?.['signature']?.result).toBe('pass');
  expect(ca?.['signature']?.result).toBe('pass');
  expect(cb?.['status']).toEqual({ result: 'pass' }); // the list, re-signed by key-2, still verifies
}, 60_000);

test('compromised-key cut-off: only credentials signed at or after the date fail, with key_compromised', async () => {
  const org = await createOrg();
  const holder = await generateSigningKey('EdDSA');
  const early = await issue(org, holder);
  // iat has one-second resolution and the issuer process's clock cannot be injected from here.
  await new Promise((r) => setTimeout(r, 1_100));
  const late = await issue(org, holder);
  const lateIat = JSON.parse(Buffer.from(late.jwt.split('.')[1] as string, 'base64url').toString())
    .iat as number;
  const marked = await api('POST', `${stack.issuer}/v1/keys/key-1/compromised`, {
    token: org.apiKey,
    body: { from: new Date(lateIat * 1000).toISOString() },
  });
  expect(marked.status).toBe(200);
  const [ce, cl] = await verify(holder, early.holderDid, [early.jwt, late.jwt]);
  expect(ce?.['signature']?.result).toBe('pass');
  expect(cl?.['signature']).toEqual({ result: 'fail', reason: 'key_compromised' });
  expect(ce?.['status']).toEqual({ result: 'pass' });
}, 60_000);
