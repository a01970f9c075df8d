import { createAttemptLimiter } from './attempt-limiter.js';
import { AppError } from './errors.js';

describe('createAttemptLimiter', () => {
  let t: number;
  const sut = () => createAttemptLimiter({ maxFailures: 3, windowMs: 60_000, maxKeys: 2, now: () => t });
  beforeEach(() => {
    t = 1_000_000;
  });

  const refusal = (fn: () => void): AppError | undefined => {
    try {
      fn();
    } catch (err) {
      return err as AppError;
    }
    return undefined;
  };

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
