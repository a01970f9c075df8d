import { randomBytes, randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '@sp/db';
import { createLogger, type SignInLimiter } from '@sp/http-kit';
import { createRedis, type Redis } from '@sp/queue';
import { loadWalletConfig } from '../src/config.js';
import { type RunningWallet, startWallet } from '../src/service.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A clock tests can move: `clock.advance(minutes)`. */
export interface TestClock {
  now: () => Date;
  advanceMinutes(m: number): void;
}

export function makeClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advanceMinutes: (m) => {
      offset += m * 60_000;
    },
  };
}

export interface TestWallet {
  wallet: RunningWallet;
  /** http://127.0.0.1:<port> — what tests call. */
  api: string;
  db: Database;
  kek: string;
  clock: TestClock;
  close(): Promise<void>;
}

/** Starts the wallet on 127.0.0.1:0 over the real PostgreSQL and Redis, allowing loopback issuers. */
export async function startTestWallet(
  opts: {
    devAllowedHosts?: string;
    trustProxy?: string;
    signInLimiter?: SignInLimiter;
    /** Redis namespace; give two wallets the same one to run them as replicas of one deployment. */
    queuePrefix?: string;
  } = {},
): Promise<TestWallet> {
  const db = await openDatabase({ url: DATABASE_URL, poolSize: 4 });
  const logger = createLogger({ service: 'wallet-test', level: 'silent' });
  const redis: Redis = createRedis(REDIS_URL, { logger });
  const kek = randomBytes(32).toString('base64');
  const config = loadWalletConfig({
    WALLET_PORT: '0',
    HOST: '127.0.0.1',
    KEY_ENCRYPTION_KEY: kek,
    DATABASE_URL,
    REDIS_URL,
    DEV_ALLOWED_HOSTS: opts.devAllowedHosts ?? '127.0.0.1',
    TRUST_PROXY: opts.trustProxy,
    // Sign-in failures are counted in Redis for 15 minutes: a namespace per test wallet keeps runs apart.
    QUEUE_PREFIX: opts.queuePrefix ?? `wallet-test-${randomBytes(4).toString('hex')}`,
  });
  const clock = makeClock();
  const wallet = await startWallet(config, {
    logger,
    db,
    redis,
    now: clock.now,
    ...(opts.signInLimiter ? { signInLimiter: opts.signInLimiter } : {}),
  });
  return {
    wallet,
    api: `http://127.0.0.1:${wallet.port}`,
    db,
    kek,
    clock,
    async close() {
      await wallet.close();
      redis.disconnect();
      await db.close();
    },
  };
}

/** A unique email per call (test files share one database). */
export function uniqueEmail(prefix = 'worker'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.org`;
}

export interface Json {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
  body: any;
  headers: Headers;
}

/** JSON request helper over global fetch. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Json> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Signs a new worker up; returns the worker and session token. */
export async function signUp(
  api: string,
  input: { email?: string; name?: string; password?: string } = {},
): Promise<{
  worker: { id: string; email: string; name: string; did: string };
  token: string;
  password: string;
}> {
  const password = input.password ?? 'correct horse battery';
  const res = await call(api, 'POST', '/v1/accounts', {
    body: { email: input.email ?? uniqueEmail(), name: input.name ?? 'Laura Example', password },
  });
  if (res.status !== 201) throw new Error(`sign up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { worker: res.body.worker, token: res.body.session.token, password };
}
