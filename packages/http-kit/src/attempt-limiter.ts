import ipaddr from 'ipaddr.js';
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

/** One password sign-in attempt: the email it names and, when known, the client's address (`req.ip`). */
export interface SignInAttempt {
  email: string;
  client?: string | undefined;
}

/**
 * Failed password sign-ins counted twice: per email (guessing one account's password) and per client address
 * (trying a few passwords on many accounts, "password spraying", which a per-email count never sees).
 */
export interface SignInLimiter {
  /**
   * @throws AppError `rate_limited` (429, `Retry-After`) while the email or the client has used up its failures.
   */
  check(attempt: SignInAttempt): void;
  /** Counts one failure for the email and for the client. */
  fail(attempt: SignInAttempt): void;
  /**
   * A successful sign-in: forgets the email's failures. The client's stay: one right password among many
   * wrong ones on other accounts must not wipe the count that catches spraying.
   */
  succeed(attempt: SignInAttempt): void;
}

/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Per email. Default 10 failures in 15 minutes. */
  perEmail?: AttemptLimiterOptions;
  /**
   * Per client address. Default 100 failures in 15 minutes: generous, since one address may be a care home's
   * whole staff behind one router, and still far below what spraying needs.
   */
  perClient?: AttemptLimiterOptions;
}

/**
 * The sign-in limiter of the wallet API and of the people pages (OWASP Authentication Cheat Sheet: limit failed
 * log-ins per account and per source). In memory and per process, like {@link createAttemptLimiter}. A client's
 * address is counted by {@link clientKey} (an IPv6 host by its /64). An attempt without a client address is
 * counted per email only.
 * @example const limiter = createSignInLimiter(); limiter.check({ email, client: req.ip });
 */
export function createSignInLimiter(opts: SignInLimiterOptions = {}): SignInLimiter {
  const emails = createAttemptLimiter(opts.perEmail);
  const clients = createAttemptLimiter({ maxFailures: 100, ...opts.perClient });
  const client = (attempt: SignInAttempt) => (attempt.client ? clientKey(attempt.client) : undefined);
  return {
    check(attempt) {
      emails.check(attempt.email.toLowerCase());
      const key = client(attempt);
      if (key) clients.check(key);
    },
    fail(attempt) {
      emails.fail(attempt.email.toLowerCase());
      const key = client(attempt);
      if (key) clients.fail(key);
    },
    succeed(attempt) {
      emails.reset(attempt.email.toLowerCase());
    },
  };
}

/**
 * The key a client address is counted under: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:192.0.2.1`), an IPv6 address by its /64 prefix — one host or home is given a whole /64, so counting
 * single addresses would let it rotate through 2^64 of them. Anything unparseable is counted as written.
 * @example clientKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function clientKey(address: string): string {
  // A zone index (`fe80::1%eth0`) names the interface, not the host.
  const bare = address.split('%')[0] ?? address;
  if (!ipaddr.isValid(bare)) return address;
  // process() turns an IPv4-mapped IPv6 address into its IPv4 form.
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = new ipaddr.IPv6([...(parsed as ipaddr.IPv6).parts.slice(0, 4), 0, 0, 0, 0]);
  return `${prefix.toString()}/64`;
}
