import { AppError } from './errors.js';

/** Counts failed attempts per key (an account's email) and refuses further tries for a while after too many. */
export interface AttemptLimiter {
  /**
   * @throws AppError `rate_limited` (429, `Retry-After`) while `key` has used up its failures in the window.
   */
  check(key: string): void;
  /** Counts one failure for `key`. */
  fail(key: string): void;
  /** Forgets `key` (after a success). */
  reset(key: string): void;
}

/** Options of {@link createAttemptLimiter}. */
export interface AttemptLimiterOptions {
  /** Failures allowed per key within `windowMs`. Default 10. */
  maxFailures?: number;
  /** Length of the window, counted from a key's first failure, in ms. Default 15 minutes. */
  windowMs?: number;
  /** Most keys remembered (oldest dropped first), so a flood of made-up keys cannot exhaust memory. Default 10,000. */
  maxKeys?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * In-memory failure counter for password sign-in (OWASP: limit failed log-ins per account). After `maxFailures`
 * wrong tries within `windowMs` the key is refused, even with the right password, until the window ends — which
 * bounds online guessing at `maxFailures` per window. It is per process: replicas each count on their own.
 * @example const limiter = createAttemptLimiter(); limiter.check(email); if (!ok) limiter.fail(email);
 */
export function createAttemptLimiter(opts: AttemptLimiterOptions = {}): AttemptLimiter {
  const maxFailures = opts.maxFailures ?? 10;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const maxKeys = opts.maxKeys ?? 10_000;
  const now = opts.now ?? Date.now;
  const failures = new Map<string, { count: number; until: number }>();
  const current = (key: string) => {
    const entry = failures.get(key);
    if (entry && entry.until <= now()) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    check(key) {
      const entry = current(key);
      if (!entry || entry.count < maxFailures) return;
      const seconds = Math.max(1, Math.ceil((entry.until - now()) / 1000));
      throw new AppError('rate_limited', {
        detail: `Too many failed attempts; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        headers: { 'Retry-After': String(seconds) },
        extra: { retryAfterSeconds: seconds },
      });
    },
    fail(key) {
      const entry = current(key);
      if (entry) {
        entry.count++;
        return;
      }
      failures.set(key, { count: 1, until: now() + windowMs });
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
