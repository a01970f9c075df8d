import { randomUUID } from 'node:crypto';
import { MAX_OFFERS_PER_JOB, offersIssuedJobId, zOffersIssuedJob } from './jobs.js';

describe('offers-issued jobs', () => {
  const ids = Array.from({ length: 5 }, () => randomUUID());

  it('the job id names the set of offers: the same offers in any order give the same id, another set another', () => {
    expect(offersIssuedJobId(ids)).toBe(offersIssuedJobId([...ids].reverse()));
    expect(offersIssuedJobId(ids)).not.toBe(offersIssuedJobId(ids.slice(1)));
    expect(offersIssuedJobId(ids)).toMatch(/^offers-issued-[A-Za-z0-9_-]+$/); // BullMQ refuses ':' in ids
  });

  it('a job carries between one and MAX_OFFERS_PER_JOB offers', () => {
    const offer = {
      offerId: ids[0],
      email: 'laura@example.org',
      workerName: 'Laura',
      organisationName: 'Acme',
      credentialName: 'BLS',
      offerUri: 'openid-credential-offer://?credential_offer_uri=x',
      expiresAt: '2030-01-01T00:00:00.000Z',
    };
    expect(zOffersIssuedJob.safeParse({ offers: [offer] }).success).toBe(true);
    expect(zOffersIssuedJob.safeParse({ offers: [] }).success).toBe(false);
    const tooMany = Array.from({ length: MAX_OFFERS_PER_JOB + 1 }, () => offer);
    expect(zOffersIssuedJob.safeParse({ offers: tooMany }).success).toBe(false);
  });
});
