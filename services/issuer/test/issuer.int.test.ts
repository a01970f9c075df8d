import { randomBytes, randomUUID } from 'node:crypto';
import { generateSigningKey, type SigningAlg } from '@sp/crypto';
import { createKeyProofJwt, decodeCredentialJwt, verifyCredentialJwt } from '@sp/credential';
import { type Database, openDatabase } from '@sp/db';
import { createKeyResolver, createSafeFetcher, didJwkFromJwk } from '@sp/did';
import { createLogger } from '@sp/http-kit';
import { issuerMetadataUrl, PRE_AUTHORIZED_GRANT } from '@sp/oid4vci';
import { createRedis, QUEUES, type Redis } from '@sp/queue';
import { Queue } from 'bullmq';
import type { IssuerConfig } from '../src/config.js';
import { offerIssuedJobId } from '../src/use-cases/create-credential-offer.js';
import { type RunningIssuer, seedIssuerDemo, startIssuer } from '../src/service.js';

// Integration tier: real PostgreSQL and Redis on this machine, the service over HTTP on 127.0.0.1:0.
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// Our own BullMQ prefix: other suites run notification workers that would take our job before we look at it.
const QUEUE_PREFIX = `issuer-int-${randomUUID().slice(0, 8)}`;
const ADMIN = `admin-${randomBytes(16).toString('hex')}`;

const logger = createLogger({ service: 'issuer-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
let db: Database;
let redis: Redis;
let sut: RunningIssuer;
let base: string;
let queue: Queue;
let config: IssuerConfig;

beforeAll(async () => {
  db = await openDatabase({ url: DATABASE_URL });
  redis = createRedis(REDIS_URL, { logger });
  config = {
    port: 0,
    host: '127.0.0.1',
    baseUrl: '',
    adminToken: ADMIN,
    keyEncryptionKey: randomBytes(32).toString('base64'),
    offerTtlSeconds: 7 * 24 * 3600,
    databaseUrl: DATABASE_URL,
    pgliteDir: '',
    redisUrl: REDIS_URL,
    queuePrefix: QUEUE_PREFIX,
    logLevel: 'silent',
  };
  sut = await startIssuer(config, { logger, db, redis });
  base = sut.baseUrl;
  queue = new Queue(QUEUES.notifications, { connection: redis, prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
  redis?.disconnect();
  await db?.close();
});

const slug = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

async function adminCreateOrg(kind: string, alg?: SigningAlg) {
  const res = await fetch(`${base}/v1/admin/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug: slug(kind.slice(0, 8)),
      name: `Org ${kind}`,
      kind,
      ...(alg ? { alg } : {}),
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as {
    organisation: { id: string; slug: string; did: string; kind: string; name: string };
    apiKey: string;
  };
}

function offerBody(over: Record<string, unknown> = {}) {
  return {
    worker: { email: `w-${randomUUID().slice(0, 8)}@example.org`, name: 'Laura Example' },
    catalogueCode: 'CORE-BLS',
    completionDate: '2025-03-14',
    deliveryMode: 'classroom',
    assessmentMethod: 'practical assessment',
    ...over,
  };
}

async function createOffer(apiKey: string, over: Record<string, unknown> = {}) {
  return fetch(`${base}/v1/credential-offers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(offerBody(over)),
  });
}

const form = (o: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});

async function holder() {
  const pair = await generateSigningKey('EdDSA');
  const did = didJwkFromJwk(pair.publicJwk);
  return { ...pair, did, kid: `${did}#0` };
}

/** Walks the wallet side up to (not including) the credential request. */
async function openOffer(apiKey: string, over: Record<string, unknown> = {}) {
  const created = await createOffer(apiKey, over);
  expect(created.status).toBe(201);
  const offer = (await created.json()) as {
    id: string;
    credential_offer_uri: string;
    offer_uri: string;
    tx_code?: string;
  };
  const fetched = await fetch(offer.credential_offer_uri);
  expect(fetched.status).toBe(200);
  const body = (await fetched.json()) as {
    credential_issuer: string;
    credential_configuration_ids: string[];
    grants: Record<string, { 'pre-authorized_code': string; tx_code?: unknown }>;
  };
  const code = body.grants[PRE_AUTHORIZED_GRANT]?.['pre-authorized_code'] as string;
  return { offer, body, code };
}

async function token(issuer: string, code: string, txCode?: string) {
  return fetch(
    `${issuer}/token`,
    form({
      grant_type: PRE_AUTHORIZED_GRANT,
      'pre-authorized_code': code,
      ...(txCode ? { tx_code: txCode } : {}),
    }),
  );
}

async function nonce(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/nonce`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { c_nonce: string }).c_nonce;
}

async function credentialRequest(issuer: string, accessToken: string, body: unknown) {
  return fetch(`${issuer}/credential`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const resolver = () =>
  createKeyResolver({
    fetcher: createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] }),
    allowHttpHosts: ['127.0.0.1'],
  });

describe('issuer service', () => {
  test('admin creates an organisation whose did.json lists its key under assertionMethod', async () => {
    const { organisation, apiKey } = await adminCreateOrg('training_provider');
    expect(apiKey).toMatch(/^spk_iss_/);
    expect(organisation.did).toBe(`did:web:127.0.0.1%3A${sut.port}:orgs:${organisation.slug}`);
    const res = await fetch(`${base}/orgs/${organisation.slug}/did.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      id: string;
      verificationMethod: { id: string; publicKeyJwk: { crv: string; d?: string } }[];
      assertionMethod: string[];
    };
    expect(doc.id).toBe(organisation.did);
    expect(doc.verificationMethod[0]?.id).toBe(`${organisation.did}#key-1`);
    expect(doc.verificationMethod[0]?.publicKeyJwk.crv).toBe('Ed25519');
    expect(doc.verificationMethod[0]?.publicKeyJwk.d).toBeUndefined();
    expect(doc.assertionMethod).toEqual([`${organisation.did}#key-1`]);
  });

  test('ES256 organisations get a P-256 key', async () => {
    const { organisation } = await adminCreateOrg('employer', 'ES256');
    const doc = (await (await fetch(`${base}/orgs/${organisation.slug}/did.json`)).json()) as {
      verificationMethod: { publicKeyJwk: { crv: string } }[];
    };
    expect(doc.verificationMethod[0]?.publicKeyJwk.crv).toBe('P-256');
  });

  test('admin API: wrong token is 401, duplicate slug is 409, unknown org for api-keys is 404', async () => {
    const wrong = await fetch(`${base}/v1/admin/organisations`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'x', name: 'x', kind: 'employer' }),
    });
    expect(wrong.status).toBe(401);
    const { organisation } = await adminCreateOrg('employer');
    const dup = await fetch(`${base}/v1/admin/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: organisation.slug, name: 'again', kind: 'employer' }),
    });
    expect(dup.status).toBe(409);
    const missing = await fetch(
      `${base}/v1/admin/organisations/no-such-org-${randomUUID().slice(0, 6)}/api-keys`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      },
    );
    expect(missing.status).toBe(404);
    const extra = await fetch(`${base}/v1/admin/organisations/${organisation.slug}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lms' }),
    });
    expect(extra.status).toBe(201);
    const { apiKey } = (await extra.json()) as { apiKey: string };
    expect(
      (await fetch(`${base}/v1/credentials`, { headers: { authorization: `Bearer ${apiKey}` } })).status,
    ).toBe(200);
  });

  test('metadata sits at the OpenID4VCI well-known URL for an identifier with a path', async () => {
    const { organisation } = await adminCreateOrg('training_provider');
    const issuer = `${base}/orgs/${organisation.slug}`;
    const url = issuerMetadataUrl(issuer);
    expect(url).toBe(`${base}/.well-known/openid-credential-issuer/orgs/${organisation.slug}`);
    const md = (await (await fetch(url)).json()) as Record<string, any>;
    expect(md['credential_issuer']).toBe(issuer);
    expect(md['credential_endpoint']).toBe(`${issuer}/credential`);
    expect(md['nonce_endpoint']).toBe(`${issuer}/nonce`);
    expect(md['authorization_servers']).toEqual([issuer]);
    expect(md['display'][0].name).toBe(organisation.name);
    const configs = md['credential_configurations_supported'];
    expect(configs['CORE-BLS'].format).toBe('jwt_vc_json');
    expect(configs['CORE-BLS'].cryptographic_binding_methods_supported).toEqual(['did:jwk']);
    expect(configs['CORE-BLS'].proof_types_supported.jwt.proof_signing_alg_values_supported).toEqual([
      'EdDSA',
      'ES256',
    ]);
    // Care Certificate sign-off is the employer's, so a training provider does not advertise it.
    expect(configs['CC-STD-01']).toBeUndefined();
    const as = (await (
      await fetch(`${base}/.well-known/oauth-authorization-server/orgs/${organisation.slug}`)
    ).json()) as Record<string, unknown>;
    expect(as['issuer']).toBe(issuer);
    expect(as['token_endpoint']).toBe(`${issuer}/token`);
    expect(as['pre-authorized_grant_anonymous_access_supported']).toBe(true);
  });

  test('full pre-authorised flow with tx_code issues a verifiable credential bound to the holder did:jwk', async () => {
    const { organisation, apiKey } = await adminCreateOrg('training_provider');
    const { offer, body, code } = await openOffer(apiKey, {
      txCode: true,
      validUntil: '2099-12-31',
      assessor: 'J. Smith',
    });
    expect(offer.offer_uri).toBe(
      `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offer.credential_offer_uri)}`,
    );
    expect(offer.tx_code).toMatch(/^\d{6}$/);
    expect(body.credential_configuration_ids).toEqual(['CORE-BLS']);
    expect(body.grants[PRE_AUTHORIZED_GRANT]?.tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    const issuer = body.credential_issuer;

    const tok = await token(issuer, code, offer.tx_code);
    expect(tok.status).toBe(200);
    expect(tok.headers.get('cache-control')).toBe('no-store');
    const t = (await tok.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(t.token_type).toBe('Bearer');

    const h = await holder();
    const proof = await createKeyProofJwt({
      holderDid: h.did,
      kid: h.kid,
      privateJwk: h.privateJwk,
      alg: 'EdDSA',
      audience: issuer,
      nonce: await nonce(issuer),
    });
    const res = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [proof] },
    });
    expect(res.status).toBe(200);
    const { credentials } = (await res.json()) as { credentials: { credential: string }[] };
    const jwt = credentials[0]?.credential as string;

    const decoded = decodeCredentialJwt(jwt);
    if (!decoded.ok) throw new Error(decoded.reason);
    const subject = decoded.vc.credentialSubject as Record<string, any>;
    expect(subject['id']).toBe(h.did);
    expect(subject['skillsPassport']).toMatchObject({
      completionDate: '2025-03-14',
      deliveryMode: 'classroom',
      assessor: 'J. Smith',
    });
    expect(decoded.vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    // [revocation entry, suspension entry]; the revocation entry is checked here.
    const [status] = decoded.vc['credentialStatus'] as unknown as [
      { statusListCredential: string; statusListIndex: string; type: string },
      unknown,
    ];
    expect(status.type).toBe('BitstringStatusListEntry');
    expect(status.statusListCredential.startsWith(`${issuer}/status/`)).toBe(true);

    const report = await verifyCredentialJwt(jwt, {
      resolver: resolver(),
      expectedHolder: h.did,
      fetchStatusListCredential: async (url) => {
        const r = await fetch(url);
        expect(r.headers.get('content-type')).toMatch(/^application\/vc\+jwt/);
        return r.text();
      },
    });
    expect(report.checks.filter((c) => c.result !== 'pass')).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.issuer).toBe(organisation.did);

    // Status list: cacheable, with an ETag that revalidates.
    const list = await fetch(status.statusListCredential);
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('max-age=60');
    const etag = list.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    expect((await fetch(status.statusListCredential, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );

    // The organisation sees the offer as credential_issued and the credential in its list.
    const state = (await (
      await fetch(`${base}/v1/credential-offers/${offer.id}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as Record<string, unknown>;
    expect(state['state']).toBe('credential_issued');
    expect(state['credentialId']).toBe(decoded.vc.id);
    const page = (await (
      await fetch(`${base}/v1/credentials?limit=10`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { items: { id: string; holderDid: string; statusListIndex: number }[] };
    expect(page.items.map((i) => i.id)).toEqual([decoded.vc.id]);
    expect(page.items[0]?.statusListIndex).toBe(Number(status.statusListIndex));

    // Same access token, second credential: refused.
    const again = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: {
        jwt: [
          await createKeyProofJwt({
            holderDid: h.did,
            kid: h.kid,
            privateJwk: h.privateJwk,
            alg: 'EdDSA',
            audience: issuer,
            nonce: await nonce(issuer),
          }),
        ],
      },
    });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_token');
  }, 30_000);

  test('replayed offer fetch is 404 and replayed pre-authorised code is invalid_grant', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const { offer, body, code } = await openOffer(apiKey);
    const second = await fetch(offer.credential_offer_uri);
    expect(second.status).toBe(404);
    expect(second.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await second.json()) as { code: string }).code).toBe('not_found');
    expect((await token(body.credential_issuer, code)).status).toBe(200);
    const replay = await token(body.credential_issuer, code);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  test('tx_code: wrong → invalid_grant, missing → invalid_request, and the right one still works after', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const { offer, body, code } = await openOffer(apiKey, { txCode: true });
    const wrongCode = offer.tx_code === '000000' ? '111111' : '000000';
    const wrong = await token(body.credential_issuer, code, wrongCode);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
    const missing = await token(body.credential_issuer, code);
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');
    expect((await token(body.credential_issuer, code, offer.tx_code)).status).toBe(200);
  });

  test('tx_code: after 5 wrong codes the offer takes no more tries, not even the right code, even when sent at once', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const { offer, body, code } = await openOffer(apiKey, { txCode: true });
    const right = offer.tx_code as string;
    const wrong = Array.from({ length: 12 }, (_, i) =>
      String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    // Twelve guesses in parallel: only five are ever compared; every answer is invalid_grant.
    const answers = await Promise.all(wrong.map((w) => token(body.credential_issuer, code, w)));
    const errors = await Promise.all(
      answers.map(async (r) => (await r.json()) as { error: string; error_description: string }),
    );
    expect(answers.every((r) => r.status === 400)).toBe(true);
    expect(errors.every((e) => e.error === 'invalid_grant')).toBe(true);
    expect(errors.filter((e) => /Too many/.test(e.error_description))).toHaveLength(7);
    // The right code now gets the same refusal: the guesser learns nothing from a late hit.
    const late = await token(body.credential_issuer, code, right);
    expect(late.status).toBe(400);
    expect(((await late.json()) as { error_description: string }).error_description).toMatch(/Too many/);
  });

  test('token endpoint refuses other grant types and non-form bodies', async () => {
    const { organisation } = await adminCreateOrg('training_provider');
    const issuer = `${base}/orgs/${organisation.slug}`;
    const other = await fetch(`${issuer}/token`, form({ grant_type: 'client_credentials' }));
    expect(((await other.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const asJson = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await asJson.json()) as { error: string }).error).toBe('invalid_request');
  });

  test('credential endpoint: wrong aud → invalid_proof; reused nonce → invalid_nonce; bad token → 401; wrong configuration', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const { body, code } = await openOffer(apiKey);
    const issuer = body.credential_issuer;
    const t = (await (await token(issuer, code)).json()) as { access_token: string };
    const h = await holder();
    const proofFor = async (audience: string, n: string) =>
      createKeyProofJwt({
        holderDid: h.did,
        kid: h.kid,
        privateJwk: h.privateJwk,
        alg: 'EdDSA',
        audience,
        nonce: n,
      });

    const bad = await credentialRequest(issuer, 'not-a-token', {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [await proofFor(issuer, await nonce(issuer))] },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_token');

    const wrongAud = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [await proofFor(`${base}/orgs/someone-else`, await nonce(issuer))] },
    });
    expect(wrongAud.status).toBe(400);
    expect(((await wrongAud.json()) as { error: string }).error).toBe('invalid_proof');

    const unknownNonce = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [await proofFor(issuer, 'made-up-nonce-value')] },
    });
    expect(((await unknownNonce.json()) as { error: string }).error).toBe('invalid_nonce');

    const wrongConfig = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-FIRE-SAFETY',
      proofs: { jwt: [await proofFor(issuer, await nonce(issuer))] },
    });
    expect(((await wrongConfig.json()) as { error: string }).error).toBe('unknown_credential_configuration');

    const noProof = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
    });
    expect(((await noProof.json()) as { error: string }).error).toBe('invalid_proof');

    const malformed = await credentialRequest(issuer, t.access_token, { proofs: { jwt: ['x'] } });
    expect(((await malformed.json()) as { error: string }).error).toBe('invalid_credential_request');

    // A nonce is single use: the first request consumes it (and succeeds), a second proof with it fails.
    const n = await nonce(issuer);
    const ok = await credentialRequest(issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [await proofFor(issuer, n)] },
    });
    expect(ok.status).toBe(200);
    const { body: body2, code: code2 } = await openOffer(apiKey);
    const t2 = (await (await token(body2.credential_issuer, code2)).json()) as { access_token: string };
    const reused = await credentialRequest(issuer, t2.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [await proofFor(issuer, n)] },
    });
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_nonce');
  }, 30_000);

  test.each([
    ['unknown_code', { catalogueCode: 'NO-SUCH-ITEM' }],
    ['issuer_kind_not_allowed', { catalogueCode: 'CC-STD-01', deliveryMode: 'blended' }],
    ['delivery_mode_not_accepted', { catalogueCode: 'CORE-MOVING-HANDLING', deliveryMode: 'e_learning' }],
  ])('catalogue refusal %s → 400 with that reason', async (reason, over) => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const res = await createOffer(apiKey, over);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; reason: string; detail: string };
    expect(problem.code).toBe('bad_request');
    expect(problem.reason).toBe(reason);
    expect(problem.detail.length).toBeGreaterThan(0);
  });

  test('invalid body is validation_failed naming the field', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const res = await createOffer(apiKey, { worker: { email: 'not-an-email', name: 'x' } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path)).toContain('/body/worker/email');
  });

  test("organisation B cannot read organisation A's offer (404), and A's offer is not fetchable under B", async () => {
    const a = await adminCreateOrg('training_provider');
    const b = await adminCreateOrg('training_provider');
    const created = (await (await createOffer(a.apiKey)).json()) as {
      id: string;
      credential_offer_uri: string;
    };
    const asB = await fetch(`${base}/v1/credential-offers/${created.id}`, {
      headers: { authorization: `Bearer ${b.apiKey}` },
    });
    expect(asB.status).toBe(404);
    expect(((await asB.json()) as { code: string }).code).toBe('not_found');
    const asA = await fetch(`${base}/v1/credential-offers/${created.id}`, {
      headers: { authorization: `Bearer ${a.apiKey}` },
    });
    expect(((await asA.json()) as { state: string }).state).toBe('offered');
    const underB = created.credential_offer_uri.replace(
      `/orgs/${a.organisation.slug}/`,
      `/orgs/${b.organisation.slug}/`,
    );
    expect((await fetch(underB)).status).toBe(404);
  });

  test('missing or wrong API key → 401 with a Bearer challenge', async () => {
    const none = await fetch(`${base}/v1/credential-offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(offerBody()),
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await createOffer('spk_iss_wrongwrongwrongwrongwrongwrongwrongwrongwro');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('unauthorized');
  });

  test('oversized body → 413', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const res = await createOffer(apiKey, { assessmentMethod: 'x'.repeat(200 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });

  test('creating an offer enqueues notification.offer-issued.v1 with the offer id as job id', async () => {
    const { organisation, apiKey } = await adminCreateOrg('training_provider');
    const body = offerBody();
    const res = await fetch(`${base}/v1/credential-offers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = (await res.json()) as { id: string; offer_uri: string };
    const job = await queue.getJob(offerIssuedJobId(created.id));
    expect(job?.name).toBe('notification.offer-issued.v1');
    expect(job?.data).toMatchObject({
      offerId: created.id,
      email: body.worker.email,
      workerName: 'Laura Example',
      organisationName: organisation.name,
      offerUri: created.offer_uri,
    });
  });

  test('an expired offer is 410 gone, and its code no longer buys a token', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const created = (await (await createOffer(apiKey)).json()) as { credential_offer_uri: string };
    // A second instance on the same database whose clock is eight days ahead.
    const later = await startIssuer(config, {
      logger,
      db,
      redis,
      now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
    });
    try {
      const url = created.credential_offer_uri.replace(base, later.baseUrl);
      const res = await fetch(url);
      expect(res.status).toBe(410);
      expect(((await res.json()) as { code: string }).code).toBe('gone');
    } finally {
      await later.close();
    }
  });

  test('status list of another organisation is 404', async () => {
    const { apiKey } = await adminCreateOrg('training_provider');
    const other = await adminCreateOrg('training_provider');
    const { body, code } = await openOffer(apiKey);
    const t = (await (await token(body.credential_issuer, code)).json()) as { access_token: string };
    const h = await holder();
    const proof = await createKeyProofJwt({
      holderDid: h.did,
      kid: h.kid,
      privateJwk: h.privateJwk,
      alg: 'EdDSA',
      audience: body.credential_issuer,
      nonce: await nonce(body.credential_issuer),
    });
    const res = await credentialRequest(body.credential_issuer, t.access_token, {
      credential_configuration_id: 'CORE-BLS',
      proofs: { jwt: [proof] },
    });
    const decoded = decodeCredentialJwt(
      ((await res.json()) as { credentials: { credential: string }[] }).credentials[0]?.credential as string,
    );
    if (!decoded.ok) throw new Error(decoded.reason);
    const listUrl = (decoded.vc['credentialStatus'] as unknown as { statusListCredential: string }[])[0]
      ?.statusListCredential as string;
    const foreign = listUrl.replace(body.credential_issuer, `${base}/orgs/${other.organisation.slug}`);
    expect((await fetch(foreign)).status).toBe(404);
  });

  test('seedIssuerDemo is idempotent and stores API keys passed in', async () => {
    const opts = { providerSlug: slug('demo-p'), employerSlug: slug('demo-e') };
    const first = await seedIssuerDemo({ db, logger }, { ...config, baseUrl: base }, opts);
    expect(first.provider.apiKey).toMatch(/^spk_iss_/);
    const again = await seedIssuerDemo(
      { db, logger },
      { ...config, baseUrl: base },
      {
        ...opts,
        providerApiKey: first.provider.apiKey,
        employerApiKey: 'spk_iss_demo-employer-key-from-an-earlier-run-0000000',
      },
    );
    expect(again.provider).toEqual(first.provider);
    expect(again.employer.did).toBe(first.employer.did);
    const asEmployer = await createOffer('spk_iss_demo-employer-key-from-an-earlier-run-0000000', {
      catalogueCode: 'CC-STD-01',
      deliveryMode: 'blended',
    });
    expect(asEmployer.status).toBe(201);
  });
});
