import { randomUUID } from 'node:crypto';
import { createLogger } from '@sp/http-kit';
import { type OfferIssuedJob, zOfferIssuedJob } from '@sp/queue';
import { offerIssuedProcessor } from '../src/jobs/index.js';
import { call, signUp, startTestWallet, type TestWallet, uniqueEmail } from './helpers.js';

let sut: TestWallet;
beforeAll(async () => {
  sut = await startTestWallet();
});
afterAll(async () => {
  await sut.close();
});

const job = (o: Partial<OfferIssuedJob> = {}): OfferIssuedJob =>
  zOfferIssuedJob.parse({
    offerId: randomUUID(),
    email: uniqueEmail(),
    workerName: 'Laura',
    organisationName: 'Acme Training',
    credentialName: 'Moving and handling',
    offerUri: `openid-credential-offer://?credential_offer_uri=${encodeURIComponent('https://issuer.example/offers/x')}`,
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    ...o,
  });

describe('offer-issued notifications', () => {
  const logger = createLogger({ service: 'jobs-test', level: 'silent' });

  test('delivering the same job twice (or concurrently) makes one row', async () => {
    const sut2 = offerIssuedProcessor({ db: sut.db, logger });
    const data = job();
    await sut2(data);
    await Promise.all([sut2(data), sut2(data)]);
    const rows = await sut.db.prisma.walletNotification.findMany({ where: { email: data.email } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dedupeKey: `offer-issued:${data.offerId}`,
      kind: 'offer-issued',
      title: 'New training record from Acme Training',
      link: data.offerUri,
    });
    expect(rows[0]?.body).toContain('Moving and handling');
  });

  test("the worker's wallet shows their notifications newest first, matched by email in any case, and nobody else's", async () => {
    const email = uniqueEmail();
    const { token } = await signUp(sut.api, { email });
    const other = await signUp(sut.api);
    const run = offerIssuedProcessor({ db: sut.db, logger });
    await run(job({ email: email.toUpperCase(), organisationName: 'First Org' }));
    await new Promise((r) => setTimeout(r, 5));
    await run(job({ email, organisationName: 'Second Org' }));
    const res = await call(sut.api, 'GET', '/v1/notifications', { token });
    expect(res.status).toBe(200);
    expect(res.body.notifications.map((n: { title: string }) => n.title)).toEqual([
      'New training record from Second Org',
      'New training record from First Org',
    ]);
    expect(res.body.notifications[0]).toMatchObject({ kind: 'offer-issued', readAt: null });
    expect(
      (await call(sut.api, 'GET', '/v1/notifications', { token: other.token })).body.notifications,
    ).toEqual([]);
    expect((await call(sut.api, 'GET', '/v1/notifications')).status).toBe(401);
  });
});
