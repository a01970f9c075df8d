/**
 * Helpers of the cohort-issuance recovery tests: the issuer and the jobs process started as their own Node
 * processes (as in production and in harness.ts), so a test can SIGKILL one, a private `redis-server` a test may
 * kill and restart (never the shared one), and an organisation to upload with.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './harness.js';

export { freePort };

const root = resolve(import.meta.dirname, '../..');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A service process: its URL, pid, output, and how to stop it. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  /** Peak resident memory (VmHWM) in MB, read from /proc. */
  peakRssMb(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `services/<name>/src/main.ts` as its own process and waits for /readyz. */
export async function startService(
  name: 'issuer' | 'jobs' | 'wallet',
  env: Record<string, string>,
  port: number,
): Promise<ServiceProcess> {
  // BENCH_CPU_PROF=<dir>: a CPU profile of each service process there (bench/bulk.bench.ts, finding hot spots).
  const prof = process.env.BENCH_CPU_PROF;
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout?.on('data', (d) => logs.push(String(d)));
  child.stderr?.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((r) => child.once('exit', r));
  const svc: ServiceProcess = {
    url,
    child,
    logs,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(
      `${name} ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited: ${logs.join('')}`);
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        return res.ok ? true : undefined;
      },
      60_000,
      150,
    );
  } catch (err) {
    await svc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${logs.join('').slice(-3000)}`);
  }
  return svc;
}

/** The environment of one test stack: a private queue prefix and KEK, ports for the issuer and jobs. */
export async function stackEnv(extra: Record<string, string> = {}) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new TypeError('DATABASE_URL must point at the test PostgreSQL database');
  const [issuerPort, jobsPort] = await Promise.all([freePort(), freePort()]);
  const adminToken = randomBytes(24).toString('base64url');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bulk${randomBytes(4).toString('hex')}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ISSUER_PORT: String(issuerPort),
    ISSUER_BASE_URL: `http://localhost:${issuerPort}`,
    ISSUER_ADMIN_TOKEN: adminToken,
    JOBS_PORT: String(jobsPort),
    // Recovery within seconds in tests: a killed process's chunk is taken up after its 2 s lock expires; the
    // sweeper looks every 500 ms for rows pending 3 s whose chunk has no live job.
    BULK_SWEEP_EVERY_MS: '500',
    BULK_STALE_AFTER_MS: '3000',
    JOBS_LOCK_MS: '2000',
    ...extra,
  };
  return { env, issuerPort, jobsPort, adminToken };
}

/** Creates a training provider through the admin API; returns its API key. */
export async function createProvider(issuerUrl: string, adminToken: string): Promise<string> {
  const res = await fetch(`${issuerUrl}/v1/admin/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug: `cohort-${randomUUID().slice(0, 8)}`,
      name: 'Cohort Training Ltd',
      kind: 'training_provider',
    }),
  });
  if (res.status !== 201) throw new Error(`organisation not created: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

export const COHORT_HEADER =
  'email,name,date_of_birth,catalogue_code,completion_date,delivery_mode,assessment_method,assessor,row_id';

/** A cohort CSV of `rows` valid rows (unique emails) plus `bad` invalid ones, as one string. */
export function cohortCsv(rows: number, bad = 0, tag = randomUUID().slice(0, 8)): string {
  const lines = [COHORT_HEADER];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `w${i}-${tag}@example.org,Worker ${i},1990-01-02,CORE-BLS,2025-03-14,classroom,practical assessment,A. Assessor,${tag}-${i}`,
    );
  }
  for (let i = 0; i < bad; i++) lines.push(`bad-${i},Bad ${i},,CORE-BLS,2025-03-14,classroom,practical,,`);
  return `${lines.join('\n')}\n`;
}

export interface BatchStatusBody {
  id: string;
  state: string;
  totalRows: number;
  counts: { pending: number; done: number; failed: number; invalid: number; duplicate: number };
}

export async function uploadCsv(issuerUrl: string, apiKey: string, csv: string, key = randomUUID()) {
  const res = await fetch(`${issuerUrl}/v1/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv', 'idempotency-key': key },
    body: csv,
  });
  if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as BatchStatusBody;
}

export async function batchStatus(issuerUrl: string, apiKey: string, id: string): Promise<BatchStatusBody> {
  const res = await fetch(`${issuerUrl}/v1/batches/${id}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (res.status !== 200) throw new Error(`status: ${res.status}`);
  return (await res.json()) as BatchStatusBody;
}

/** A private redis-server (AOF on, RDB off) in its own folder, which a test may kill and restart. */
export async function startPrivateRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sp-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
      { stdio: 'ignore' },
    );
    await waitFor('redis up', async () => {
      const ok = await new Promise<boolean>((done) => {
        const s = connect(port, '127.0.0.1', () => {
          s.end();
          done(true);
        });
        s.once('error', () => done(false));
      });
      return ok ? true : undefined;
    });
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop('SIGKILL');
      await start();
    },
    stop,
    async dispose() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
