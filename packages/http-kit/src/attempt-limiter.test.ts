import { clientKey, createAttemptLimiter, createSignInLimiter } from './attempt-limiter.js';
import { AppError } from './errors.js';

/** The error a limiter's `check` throws, or undefined when it lets the attempt through. */
const refusal = (fn: () => void): AppError | undefined => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  return undefined;
};

describe('createAttemptLimiter', () => {
  let t: number;
  const sut = () => createAttemptLimiter({ maxFailures: 3, windowMs: 60_000, maxKeys: 2, now: () => t });
  beforeEach(() => {
    t = 1_000_000;
  });

  it('allows maxFailures failures, then refuses with 429 and Retry-After until the window ends', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) {
      expect(refusal(() => limiter.check('a@example.org'))).toBeUndefined();
      limiter.fail('a@example.org');
    }
    t += 20_000;
    const err = refusal(() => limiter.check('a@example.org'));
    expect(err).toBeInstanceOf(AppError);
    expect(err?.status).toBe(429);
    expect(err?.code).toBe('rate_limited');
    expect(err?.headers?.['Retry-After']).toBe('40');
    // Other keys are not affected.
    expect(refusal(() => limiter.check('b@example.org'))).toBeUndefined();
    t += 40_000;
    expect(refusal(() => limiter.check('a@example.org'))).toBeUndefined();
  });

  it('forgets a key on reset (a successful sign-in)', () => {
    const limiter = sut();
    limiter.fail('a');
    limiter.fail('a');
    limiter.reset('a');
    limiter.fail('a');
    limiter.fail('a');
    expect(refusal(() => limiter.check('a'))).toBeUndefined();
  });

  it('remembers at most maxKeys keys, dropping the oldest', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    // 'a' was the oldest and is gone; 'b' and 'c' are kept.
    expect(refusal(() => limiter.check('a'))).toBeUndefined();
    limiter.fail('c');
    limiter.fail('c');
    expect(refusal(() => limiter.check('c'))?.code).toBe('rate_limited');
  });
});

describe('createSignInLimiter', () => {
  let t: number;
  const sut = () =>
    createSignInLimiter({
      perEmail: { maxFailures: 3, windowMs: 60_000, now: () => t },
      perClient: { maxFailures: 5, windowMs: 60_000, now: () => t },
    });
  beforeEach(() => {
    t = 1_000_000;
  });
  const refused = (fn: () => void): string | undefined => refusal(fn)?.code;

  it('refuses a client that sprays wrong passwords over many emails, even for a fresh email; others are not', () => {
    const limiter = sut();
    // One failure on each of five accounts: no email reaches its own limit of 3.
    for (let i = 0; i < 5; i++) {
      const attempt = { email: `person${i}@example.org`, client: '198.51.100.7' };
      expect(refused(() => limiter.check(attempt))).toBeUndefined();
      limiter.fail(attempt);
    }
    expect(refused(() => limiter.check({ email: 'new@example.org', client: '198.51.100.7' }))).toBe(
      'rate_limited',
    );
    // Another client may still sign in to those very accounts.
    expect(
      refused(() => limiter.check({ email: 'person0@example.org', client: '198.51.100.8' })),
    ).toBeUndefined();
    // The window ends.
    t += 60_000;
    expect(
      refused(() => limiter.check({ email: 'new@example.org', client: '198.51.100.7' })),
    ).toBeUndefined();
  });

  it('counts per email across clients and case, as before', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) limiter.fail({ email: 'A@example.org', client: `198.51.100.${i}` });
    expect(refused(() => limiter.check({ email: 'a@example.org', client: '203.0.113.1' }))).toBe(
      'rate_limited',
    );
    // Without a client address, only the email is counted.
    expect(refused(() => limiter.check({ email: 'a@example.org' }))).toBe('rate_limited');
    expect(refused(() => limiter.check({ email: 'b@example.org' }))).toBeUndefined();
  });

  it("a success forgets the email's failures but not the client's", () => {
    const limiter = sut();
    const attempt = { email: 'a@example.org', client: '198.51.100.7' };
    for (let i = 0; i < 2; i++) limiter.fail(attempt);
    limiter.succeed(attempt);
    limiter.fail(attempt);
    limiter.fail(attempt);
    expect(refused(() => limiter.check(attempt))).toBeUndefined(); // email: 2 since the success
    limiter.fail({ email: 'b@example.org', client: '198.51.100.7' });
    // The client has failed 5 times in all (2 + 2 + 1), the success notwithstanding.
    expect(refused(() => limiter.check({ email: 'c@example.org', client: '198.51.100.7' }))).toBe(
      'rate_limited',
    );
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not help', () => {
    const limiter = sut();
    for (let i = 1; i <= 5; i++) limiter.fail({ email: `p${i}@example.org`, client: `2001:db8:1:2::${i}` });
    expect(refused(() => limiter.check({ email: 'q@example.org', client: '2001:db8:1:2:ffff::9' }))).toBe(
      'rate_limited',
    );
    expect(
      refused(() => limiter.check({ email: 'q@example.org', client: '2001:db8:1:3::1' })),
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
