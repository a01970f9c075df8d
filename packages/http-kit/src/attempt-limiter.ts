import { hash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.js';

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
  check(attempt: SignInAttempt): Promise<void>;
  /** Counts one failure for the email and for the client. */
  fail(attempt: SignInAttempt): Promise<void>;
  /**
   * A successful sign-in: forgets the email's failures. The client's stay: one right password among many
   * wrong ones on other accounts must not wipe the count that catches spraying.
   */
  succeed(attempt: SignInAttempt): Promise<void>;
}

/** Failures allowed within a window counted from the first failure. */
export interface FailureWindow {
  /** Failures allowed within the window. */
  maxFailures?: number;
  /** Length of the window in seconds, counted from the first failure. Default 900 (15 minutes). */
  windowSeconds?: number;
}

/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Per email. Default 10 failures in 15 minutes. */
  perEmail?: FailureWindow;
  /**
   * Per client address. Default 100 failures in 15 minutes: generous, since one address may be a care home's
   * whole staff behind one router, and still far below what spraying needs.
   */
  perClient?: FailureWindow;
  /**
   * An ioredis connection: the counts then live in Redis and every replica of the service counts together (an
   * attacker gets no extra guesses per replica, nor from a restart). While Redis is not connected each process
   * counts on its own in memory, so sign-in keeps working. Without it the counts are in memory only.
   */
  redis?: object;
  /** Redis key prefix naming the service and deployment, e.g. `sp:wallet:sign-in`. Default `sign-in`. */
  keyPrefix?: string;
}

const DEFAULT_WINDOW_SECONDS = 15 * 60;

function failureCounter(
  window: FailureWindow | undefined,
  maxFailures: number,
  keyPrefix: string,
  redis: object | undefined,
): { limiter: RateLimiterAbstract; maxFailures: number } {
  const opts = {
    points: window?.maxFailures ?? maxFailures,
    duration: window?.windowSeconds ?? DEFAULT_WINDOW_SECONDS,
    keyPrefix,
  };
  const memory = new RateLimiterMemory(opts);
  const limiter = redis
    ? // Not connected: answer from memory at once rather than wait for a reconnect (rejectIfRedisNotReady).
      new RateLimiterRedis({
        ...opts,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
  return { limiter, maxFailures: opts.points };
}

/** Emails and addresses are personal data: Redis holds a digest of each, never the value. */
const digest = (value: string) => hash('sha256', value, 'base64url');

async function refuseWhenSpent(counter: ReturnType<typeof failureCounter>, key: string): Promise<void> {
  const spent = await counter.limiter.get(key);
  if (!spent || spent.consumedPoints < counter.maxFailures) return;
  const seconds = Math.max(1, Math.ceil(spent.msBeforeNext / 1000));
  throw new AppError('rate_limited', {
    detail: `Too many failed attempts; try again in ${Math.ceil(seconds / 60)} minute(s)`,
    headers: { 'Retry-After': String(seconds) },
    extra: { retryAfterSeconds: seconds },
  });
}

/**
 * The sign-in limiter of the wallet API and of the people pages (OWASP Authentication Cheat Sheet: limit failed
 * log-ins per account and per source). After `maxFailures` wrong tries within the window the email (or client)
 * is refused, even with the right password, until the window ends. Counting is rate-limiter-flexible's: in Redis
 * (atomically, shared by every replica) when `redis` is given, else in memory. A client's address is counted by
 * {@link clientKey} (an IPv6 host by its /64). An attempt without a client address is counted per email only.
 * @example const limiter = createSignInLimiter({ redis, keyPrefix: 'sp:wallet:sign-in' });
 * await limiter.check({ email, client: req.ip });
 */
export function createSignInLimiter(opts: SignInLimiterOptions = {}): SignInLimiter {
  const prefix = opts.keyPrefix ?? 'sign-in';
  const emails = failureCounter(opts.perEmail, 10, `${prefix}:email`, opts.redis);
  const clients = failureCounter(opts.perClient, 100, `${prefix}:client`, opts.redis);
  const emailOf = (attempt: SignInAttempt) => digest(attempt.email.toLowerCase());
  const clientOf = (attempt: SignInAttempt) =>
    attempt.client ? digest(clientKey(attempt.client)) : undefined;
  return {
    async check(attempt) {
      const client = clientOf(attempt);
      await Promise.all([
        refuseWhenSpent(emails, emailOf(attempt)),
        client ? refuseWhenSpent(clients, client) : undefined,
      ]);
    },
    async fail(attempt) {
      const client = clientOf(attempt);
      await Promise.all([
        emails.limiter.penalty(emailOf(attempt)),
        client ? clients.limiter.penalty(client) : undefined,
      ]);
    },
    async succeed(attempt) {
      await emails.limiter.delete(emailOf(attempt));
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
