import { clientKey, createSignInLimiter } from './attempt-limiter.js';
import type { AppError } from './errors.js';

/** The error code a limiter's `check` refuses with, or undefined when it lets the attempt through. */
const refused = async (check: Promise<void>): Promise<AppError | undefined> =>
  check.then(
    () => undefined,
    (err: AppError) => err,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// In memory (no Redis): the counting itself. The same limiter on Redis, shared by replicas, is
// attempt-limiter.int.test.ts.
describe('createSignInLimiter in memory', () => {
  const sut = (windowSeconds = 60) =>
    createSignInLimiter({
      perEmail: { maxFailures: 3, windowSeconds },
      perClient: { maxFailures: 5, windowSeconds },
    });

  it('allows maxFailures failures per email, then refuses with 429 and Retry-After, even for the right password', async () => {
    const limiter = sut();
    const attempt = { email: 'a@example.org', client: '198.51.100.7' };
    for (let i = 0; i < 3; i++) {
      expect(await refused(limiter.check(attempt))).toBeUndefined();
      await limiter.fail(attempt);
    }
    const err = await refused(limiter.check(attempt));
    expect(err?.status).toBe(429);
    expect(err?.code).toBe('rate_limited');
    expect(Number(err?.headers?.['Retry-After'])).toBeGreaterThan(55);
    expect(Number(err?.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    expect(await refused(limiter.check({ email: 'b@example.org', client: '198.51.100.8' }))).toBeUndefined();
  });

  it('lets the email in again when its window, counted from the first failure, ends', async () => {
    const limiter = sut(1);
    for (let i = 0; i < 3; i++) await limiter.fail({ email: 'a@example.org' });
    expect((await refused(limiter.check({ email: 'a@example.org' })))?.code).toBe('rate_limited');
    await sleep(1_100);
    expect(await refused(limiter.check({ email: 'a@example.org' }))).toBeUndefined();
  });

  it('refuses a client that sprays wrong passwords over many emails, even for a fresh email; others are not', async () => {
    const limiter = sut();
    // One failure on each of five accounts: no email reaches its own limit of 3.
    for (let i = 0; i < 5; i++) {
      const attempt = { email: `person${i}@example.org`, client: '198.51.100.7' };
      expect(await refused(limiter.check(attempt))).toBeUndefined();
      await limiter.fail(attempt);
    }
    expect((await refused(limiter.check({ email: 'new@example.org', client: '198.51.100.7' })))?.code).toBe(
      'rate_limited',
    );
    // Another client may still sign in to those very accounts.
    expect(
      await refused(limiter.check({ email: 'person0@example.org', client: '198.51.100.8' })),
    ).toBeUndefined();
  });

  it('counts per email across clients and letter case; without a client address, per email only', async () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) await limiter.fail({ email: 'A@example.org', client: `198.51.100.${i}` });
    expect((await refused(limiter.check({ email: 'a@example.org', client: '203.0.113.1' })))?.code).toBe(
      'rate_limited',
    );
    expect((await refused(limiter.check({ email: 'a@example.org' })))?.code).toBe('rate_limited');
    expect(await refused(limiter.check({ email: 'b@example.org' }))).toBeUndefined();
  });

  it("a success forgets the email's failures but not the client's", async () => {
    const limiter = sut();
    const attempt = { email: 'a@example.org', client: '198.51.100.7' };
    for (let i = 0; i < 2; i++) await limiter.fail(attempt);
    await limiter.succeed(attempt);
    await limiter.fail(attempt);
    await limiter.fail(attempt);
    expect(await refused(limiter.check(attempt))).toBeUndefined(); // email: 2 since the success
    await limiter.fail({ email: 'b@example.org', client: '198.51.100.7' });
    // The client has failed 5 times in all (2 + 2 + 1), the success notwithstanding.
    expect((await refused(limiter.check({ email: 'c@example.org', client: '198.51.100.7' })))?.code).toBe(
      'rate_limited',
    );
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not help', async () => {
    const limiter = sut();
    for (let i = 1; i <= 5; i++)
      await limiter.fail({ email: `p${i}@example.org`, client: `2001:db8:1:2::${i}` });
    expect(
      (await refused(limiter.check({ email: 'q@example.org', client: '2001:db8:1:2:ffff::9' })))?.code,
    ).toBe('rate_limited');
    expect(
      await refused(limiter.check({ email: 'q@example.org', client: '2001:db8:1:3::1' })),
    ).toBeUndefined();
  });
});

describe('clientKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['::1', '::/64'],
    ['not an address', 'not an address'],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});
