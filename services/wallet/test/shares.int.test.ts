import { verifyPresentationJwt } from '@sp/credential';
import { createKeyResolver, createSafeFetcher } from '@sp/did';
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

/** A worker holding `n` credentials from the fake issuer. */
async function workerWithCredentials(n: number) {
  const w = await signUp(sut.api);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(sut.api, 'POST', '/v1/offers/accept', {
      token: w.token,
      body: { offer: issuer.createOffer() },
    });
    if (res.status !== 201) throw new Error(`accept failed: ${res.status}`);
    ids.push(res.body.credential.id);
  }
  return { ...w, credentialIds: ids };
}

/** The path of a share URL (the wallet's public base URL says localhost; tests call 127.0.0.1). */
const linkPath = (url: string) => new URL(url).pathname;
const resolver = createKeyResolver({
  fetcher: createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] }),
  allowHttpHosts: ['127.0.0.1'],
});

describe('share links', () => {
  test('create → resolve: a VP-JWT signed by the holder, aud = the share URL, nonce = the verifier nonce', async () => {
    const w = await workerWithCredentials(2);
    const created = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds, expiresInMinutes: 60, label: 'Oak House interview' },
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`^${sut.wallet.baseUrl}/shares/[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);

    const nonce = 'verifier-nonce-12345';
    const res = await call(
      sut.api,
      'GET',
      `${linkPath(created.body.url)}?nonce=${nonce}&verifier=${encodeURIComponent('Oak House')}`,
      { headers: { 'user-agent': 'verifier-test/1.0' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.audience).toBe(created.body.url);
    expect(res.body.nonce).toBe(nonce);
    expect(res.body.expiresAt).toBe(created.body.expiresAt);

    const report = await verifyPresentationJwt(res.body.presentation, {
      resolver,
      audience: created.body.url,
      nonce,
    });
    expect(report.holder).toBe(w.worker.did);
    expect(report.checks.every((c) => c.result === 'pass')).toBe(true);
    expect(report.credentials).toHaveLength(2);
    expect(report.credentials.every((c) => c.verified)).toBe(true);
    expect(report.verified).toBe(true);

    // Named negatives: the same presentation is refused for another audience or another nonce.
    const otherAud = await verifyPresentationJwt(res.body.presentation, {
      resolver,
      audience: `${sut.wallet.baseUrl}/shares/other`,
      nonce,
    });
    expect(otherAud.checks.find((c) => c.name === 'audience')?.reason).toBe('wrong_audience');
    const otherNonce = await verifyPresentationJwt(res.body.presentation, {
      resolver,
      audience: created.body.url,
      nonce: 'another-nonce-000',
    });
    expect(otherNonce.checks.find((c) => c.name === 'nonce')?.reason).toBe('wrong_nonce');

    // The view is recorded and visible to the worker.
    const detail = await call(sut.api, 'GET', `/v1/shares/${created.body.id}`, { token: w.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: created.body.id,
      label: 'Oak House interview',
      status: 'active',
      viewCount: 1,
      credentialIds: expect.arrayContaining(w.credentialIds),
    });
    expect(detail.body.views).toHaveLength(1);
    expect(detail.body.views[0]).toMatchObject({ viewer: 'Oak House', userAgent: 'verifier-test/1.0' });
    expect(detail.body.views[0].ip).toMatch(/127\.0\.0\.1/);
    const list = await call(sut.api, 'GET', '/v1/shares', { token: w.token });
    expect(list.body.shares).toEqual([expect.objectContaining({ id: created.body.id, viewCount: 1 })]);
    expect(JSON.stringify(list.body)).not.toContain(linkPath(created.body.url).split('/')[2]);
  });

  test('without a nonce the wallet makes a random one; a too-short nonce is 400', async () => {
    const w = await workerWithCredentials(1);
    const created = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds },
    });
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(10_079 * 60_000); // default 7 days
    const res = await call(sut.api, 'GET', linkPath(created.body.url));
    expect(res.status).toBe(200);
    expect(res.body.nonce.length).toBeGreaterThanOrEqual(8);
    const report = await verifyPresentationJwt(res.body.presentation, {
      resolver,
      audience: created.body.url,
      nonce: res.body.nonce,
    });
    expect(report.verified).toBe(true);
    const short = await call(sut.api, 'GET', `${linkPath(created.body.url)}?nonce=short`);
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('validation_failed');
  });

  test('a withdrawn share answers 410 "was withdrawn" and records nothing', async () => {
    const w = await workerWithCredentials(1);
    const created = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds },
    });
    expect((await call(sut.api, 'DELETE', `/v1/shares/${created.body.id}`, { token: w.token })).status).toBe(
      204,
    );
    const res = await call(sut.api, 'GET', `${linkPath(created.body.url)}?verifier=late`);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('gone');
    expect(res.body.detail).toBe('This share link was withdrawn');
    const detail = await call(sut.api, 'GET', `/v1/shares/${created.body.id}`, { token: w.token });
    expect(detail.body).toMatchObject({ status: 'withdrawn', viewCount: 0, views: [] });
    expect(detail.body.withdrawnAt).not.toBeNull();
  });

  test('an expired share answers 410 "has expired" and records nothing (clock moved, no sleeping)', async () => {
    const w = await workerWithCredentials(1);
    const created = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds, expiresInMinutes: 5 },
    });
    expect((await call(sut.api, 'GET', linkPath(created.body.url))).status).toBe(200);
    sut.clock.advanceMinutes(6);
    try {
      const res = await call(sut.api, 'GET', linkPath(created.body.url));
      expect(res.status).toBe(410);
      expect(res.body.detail).toBe('This share link has expired');
      const detail = await call(sut.api, 'GET', `/v1/shares/${created.body.id}`, { token: w.token });
      expect(detail.body).toMatchObject({ status: 'expired', viewCount: 1 });
    } finally {
      sut.clock.advanceMinutes(-6);
    }
  });

  test('an unknown or malformed token is 404', async () => {
    expect((await call(sut.api, 'GET', `/shares/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await call(sut.api, 'GET', '/shares/short')).status).toBe(404);
  });

  test("another worker's share and credentials read as missing (404), including withdraw and share creation", async () => {
    const owner = await workerWithCredentials(1);
    const other = await signUp(sut.api);
    const created = await call(sut.api, 'POST', '/v1/shares', {
      token: owner.token,
      body: { credentialIds: owner.credentialIds },
    });
    const get = await call(sut.api, 'GET', `/v1/shares/${created.body.id}`, { token: other.token });
    const del = await call(sut.api, 'DELETE', `/v1/shares/${created.body.id}`, { token: other.token });
    const share = await call(sut.api, 'POST', '/v1/shares', {
      token: other.token,
      body: { credentialIds: owner.credentialIds },
    });
    expect([get.status, del.status, share.status]).toEqual([404, 404, 404]);
    expect((await call(sut.api, 'GET', '/v1/shares', { token: other.token })).body.shares).toEqual([]);
    // The owner's share is untouched by the other worker's DELETE.
    const mine = await call(sut.api, 'GET', `/v1/shares/${created.body.id}`, { token: owner.token });
    expect(mine.body.status).toBe('active');
  });

  test('share input limits: 1..50 credentials, 5..43200 minutes', async () => {
    const w = await workerWithCredentials(1);
    const none = await call(sut.api, 'POST', '/v1/shares', { token: w.token, body: { credentialIds: [] } });
    const tooShort = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds, expiresInMinutes: 4 },
    });
    const tooLong = await call(sut.api, 'POST', '/v1/shares', {
      token: w.token,
      body: { credentialIds: w.credentialIds, expiresInMinutes: 43_201 },
    });
    expect([none.status, tooShort.status, tooLong.status]).toEqual([400, 400, 400]);
    expect(tooShort.body.errors[0].path).toBe('/body/expiresInMinutes');
  });
});
