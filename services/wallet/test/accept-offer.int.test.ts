import { type FakeIssuer, startFakeIssuer } from './fake-issuer.js';
import { call, signUp, startTestWallet, type TestWallet } from './helpers.js';

let sut: TestWallet;
let issuer: FakeIssuer;
beforeAll(async () => {
  [sut, issuer] = await Promise.all([startTestWallet(), startFakeIssuer()]);
});
afterAll(async () => {
  await Promise.all([sut.close(), issuer.close()]);
});
afterEach(() => {
  issuer.misbehave.bindTo = undefined;
  issuer.misbehave.signWithOtherKey = undefined;
});

const accept = (token: string, offer: string, txCode?: string) =>
  call(sut.api, 'POST', '/v1/offers/accept', { token, body: { offer, ...(txCode ? { txCode } : {}) } });

describe('accepting an OpenID4VCI offer (pre-authorised code flow) from a spec-following issuer', () => {
  test('offer by reference: walks metadata → token → nonce → credential and stores the verified credential', async () => {
    const { token, worker } = await signUp(sut.api);
    issuer.calls.length = 0;
    const res = await accept(token, issuer.createOffer());
    expect(res.status).toBe(201);
    expect(issuer.calls).toEqual(['offer', 'issuer-metadata', 'as-metadata', 'token', 'nonce', 'credential']);
    expect(res.body.credential).toMatchObject({
      name: 'Moving and handling',
      issuerName: 'Fake Training Ltd',
      issuerDid: issuer.did,
      catalogueCode: 'CC-STD-13',
      completionDate: '2026-01-15',
      deliveryMode: 'classroom',
      assessmentMethod: 'observation',
    });
    expect(res.body.credential.credentialId).toMatch(/^urn:uuid:/);
    expect(res.body.credential.validUntil).not.toBeNull();

    const list = await call(sut.api, 'GET', '/v1/credentials', { token });
    expect(list.status).toBe(200);
    expect(list.body.credentials).toEqual([res.body.credential]);

    const one = await call(sut.api, 'GET', `/v1/credentials/${res.body.credential.id}`, { token });
    expect(one.status).toBe(200);
    expect(one.body.summary).toEqual(res.body.credential);
    expect(one.body.jwt.split('.')).toHaveLength(3);
    expect(one.body.vc.credentialSubject.id).toBe(worker.did);
    expect(one.body.vc.type).toContain('OpenBadgeCredential');
  });

  test('the same offer URI a second time is 410 gone with reason offer_unavailable (single-use reference)', async () => {
    const { token } = await signUp(sut.api);
    const offer = issuer.createOffer();
    expect((await accept(token, offer)).status).toBe(201);
    const again = await accept(token, offer);
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('gone');
    expect(again.body.reason).toBe('offer_unavailable');
  });

  test('a used pre-authorised code (offer by value reused) is 410 offer_unavailable', async () => {
    const { token } = await signUp(sut.api);
    const offer = issuer.createOffer({ byValue: true });
    expect((await accept(token, offer)).status).toBe(201);
    const again = await accept(token, offer);
    expect(again.status).toBe(410);
    expect(again.body.reason).toBe('offer_unavailable');
  });

  test('tx_code: missing is 400 tx_code_required, wrong is 400 tx_code_invalid, right is 201', async () => {
    const { token } = await signUp(sut.api);
    const offer = issuer.createOffer({ byValue: true, txCode: '493536' });
    const missing = await accept(token, offer);
    expect(missing.status).toBe(400);
    expect(missing.body.reason).toBe('tx_code_required');
    const wrong = await accept(token, offer, '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body.reason).toBe('tx_code_invalid');
    expect((await accept(token, offer, '493536')).status).toBe(201);
  });

  test('tx_code retries work with a single-use offer by reference (the wallet keeps the fetched offer briefly)', async () => {
    const { token } = await signUp(sut.api);
    const offer = issuer.createOffer({ txCode: '271828' });
    issuer.calls.length = 0;
    expect((await accept(token, offer)).body.reason).toBe('tx_code_required');
    expect((await accept(token, offer, '000000')).body.reason).toBe('tx_code_invalid');
    expect((await accept(token, offer, '271828')).status).toBe(201);
    expect(issuer.calls.filter((c) => c === 'offer')).toHaveLength(1);
    // Once the credential is stored the kept offer is dropped: the reference is used up at the issuer.
    expect((await accept(token, offer, '271828')).status).toBe(410);
  });

  test('the same credential offered twice is stored once (second accept answers 200 with the same row)', async () => {
    const { token } = await signUp(sut.api);
    const credentialId = `urn:uuid:${crypto.randomUUID()}`;
    const first = await accept(token, issuer.createOffer({ credentialId }));
    const second = await accept(token, issuer.createOffer({ credentialId }));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.credential.id).toBe(first.body.credential.id);
    const list = await call(sut.api, 'GET', '/v1/credentials', { token });
    expect(list.body.credentials).toHaveLength(1);
  });

  test('a credential bound to someone else is refused with 502 and not stored', async () => {
    const { token } = await signUp(sut.api);
    const other = await signUp(sut.api);
    issuer.misbehave.bindTo = other.worker.did;
    const res = await accept(token, issuer.createOffer());
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('bad_gateway');
    expect(res.body.detail).toMatch(/someone else/);
    expect((await call(sut.api, 'GET', '/v1/credentials', { token })).body.credentials).toHaveLength(0);
  });

  test('a credential whose signature does not verify against the issuer did:web is refused with 502', async () => {
    const { token } = await signUp(sut.api);
    issuer.misbehave.signWithOtherKey = true;
    const res = await accept(token, issuer.createOffer());
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/signature_invalid/);
    expect((await call(sut.api, 'GET', '/v1/credentials', { token })).body.credentials).toHaveLength(0);
  });

  test('an unreachable issuer is 502 bad_gateway', async () => {
    const { token } = await signUp(sut.api);
    const offer = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent('http://127.0.0.1:1/offers/x')}`;
    const res = await accept(token, offer);
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('bad_gateway');
  });

  test('an offer pointing at a host the SSRF policy refuses is 400 address_refused, with no request made', async () => {
    const { token } = await signUp(sut.api);
    const offer = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent('http://10.0.0.1/offers/x')}`;
    const res = await accept(token, offer);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('address_refused');
  });

  test('something that is not an offer URI is 400 offer_invalid; without a session it is 401', async () => {
    const { token } = await signUp(sut.api);
    const res = await accept(token, 'https://example.org/nothing-here');
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('offer_invalid');
    const anon = await call(sut.api, 'POST', '/v1/offers/accept', { body: { offer: issuer.createOffer() } });
    expect(anon.status).toBe(401);
  });

  test('another worker cannot read my credential (same 404 as a missing one)', async () => {
    const me = await signUp(sut.api);
    const other = await signUp(sut.api);
    const res = await accept(me.token, issuer.createOffer());
    const theirs = await call(sut.api, 'GET', `/v1/credentials/${res.body.credential.id}`, {
      token: other.token,
    });
    const missing = await call(sut.api, 'GET', `/v1/credentials/${crypto.randomUUID()}`, {
      token: other.token,
    });
    const malformed = await call(sut.api, 'GET', '/v1/credentials/not-a-uuid', { token: other.token });
    expect([theirs.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    expect(theirs.body.detail).toBe(missing.body.detail);
  });
});
