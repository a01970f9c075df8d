import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createSignInLimiter } from './attempt-limiter.js';
import type { AppError } from './errors.js';

// The sign-in limiter on the machine's real Redis, as the services run it: two limiters on two connections stand
// for two replicas of one service.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const refusal = async (check: Promise<void>): Promise<string | undefined> =>
  check.then(
    () => undefined,
    (err: AppError) => err.code,
  );

let a: Redis;
let b: Redis;
beforeAll(async () => {
  a = new Redis(REDIS_URL);
  b = new Redis(REDIS_URL);
  // Connected, as a service's connection is once it is ready (before that the counts are in memory).
  await Promise.all([a.ping(), b.ping()]);
});
afterAll(() => {
  a.disconnect();
  b.disconnect();
});

const replicas = (keyPrefix = `limiter-int-${randomUUID().slice(0, 8)}`) => {
  const opts = { perEmail: { maxFailures: 4 }, perClient: { maxFailures: 6 }, keyPrefix };
  return [createSignInLimiter({ ...opts, redis: a }), createSignInLimiter({ ...opts, redis: b })] as const;
};

test('two replicas count one email together: 2 failures on each refuse it on both', async () => {
  const [one, two] = replicas();
  const attempt = { email: `a-${randomUUID()}@example.org`, client: '198.51.100.7' };
  await one.fail(attempt);
  await two.fail(attempt);
  await one.fail(attempt);
  expect(await refusal(two.check(attempt))).toBeUndefined();
  await two.fail(attempt);
  expect(await refusal(one.check(attempt))).toBe('rate_limited');
  expect(await refusal(two.check(attempt))).toBe('rate_limited');
  // A success on one replica clears the email on both.
  await one.succeed(attempt);
  expect(await refusal(two.check({ email: attempt.email }))).toBeUndefined();
});

test('two replicas count a spraying client together; another client is not affected', async () => {
  const [one, two] = replicas();
  for (let i = 0; i < 6; i++) {
    await (i % 2 ? one : two).fail({ email: `p${i}-${randomUUID()}@example.org`, client: '198.51.100.9' });
  }
  expect(await refusal(one.check({ email: 'fresh@example.org', client: '198.51.100.9' }))).toBe(
    'rate_limited',
  );
  expect(await refusal(two.check({ email: 'fresh@example.org', client: '198.51.100.10' }))).toBeUndefined();
});

test('Redis holds digests only: neither the email nor the address appears in a key', async () => {
  const keyPrefix = `limiter-int-${randomUUID().slice(0, 8)}`;
  const [one] = replicas(keyPrefix);
  await one.fail({ email: 'Visible.Person@example.org', client: '198.51.100.11' });
  const keys = await a.keys(`${keyPrefix}*`);
  expect(keys).toHaveLength(2);
  for (const key of keys) {
    expect(key).not.toMatch(/visible|example\.org|198\.51/i);
    // The count expires with its window (15 minutes by default).
    expect(await a.ttl(key)).toBeGreaterThan(14 * 60);
  }
});

test('while Redis is unreachable each replica counts in memory, so sign-in still works and is still limited', async () => {
  // A port nothing listens on: the connection never becomes ready.
  const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  down.on('error', () => {});
  try {
    const limiter = createSignInLimiter({ perEmail: { maxFailures: 2 }, redis: down, keyPrefix: 'unused' });
    const attempt = { email: 'x@example.org', client: '198.51.100.12' };
    expect(await refusal(limiter.check(attempt))).toBeUndefined();
    await limiter.fail(attempt);
    await limiter.fail(attempt);
    expect(await refusal(limiter.check(attempt))).toBe('rate_limited');
  } finally {
    down.disconnect();
  }
});
