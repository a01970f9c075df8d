/**
 * Experiment (not part of `pnpm bench`): A/B of `POST /v1/verifications` throughput between two builds, per CPU
 * second of each verifier, with the load alternated between them in short rounds.
 *
 *   A_DIR=/path/to/checkout-a B_DIR=/path/to/checkout-b node --import tsx bench/experiments/ab.ts
 *
 * Why: on the shared VMs this project runs on, the same code runs up to 20% faster or slower from one minute to
 * the next, so two `pnpm bench` runs cannot tell a 5% change from noise. Here both stacks run at once (idle when
 * not loaded), each gets the same load in alternating rounds (A B, B A, A B, …) after the same warm-up, and the
 * drift falls on both alike: two identical builds measure within ~3% of each other over eight rounds.
 *
 * A_DIR and B_DIR default to this checkout; each needs its dependencies installed and its Prisma client generated
 * (`pnpm install && pnpm db:generate`; a `git worktree` of another commit is the quickest way). A_NODE_ARGS and
 * B_NODE_ARGS (space-separated) try V8 or Node flags on one side. ROUNDS (default 8) rounds of ROUND_SECONDS
 * (default 4) per side, after WARMUP_SECONDS (default 8) per side. Each side gets a fresh database
 * `skills_passport_ab_a` / `_b` on the local PostgreSQL. Load: autocannon, 16 connections, in this process.
 *
 * Seen on 2026-11-26 (B/A, verifications per CPU second of the verifier, 8–12 rounds): the same build on both
 * sides 0.97; group commit with one statement in flight instead of two 1.06 and 1.12 (adopted); upper bounds of
 * what is left, by taking it out: no zod parse of the credential and presentation claims 1.06, no report INSERT at
 * all 1.11 (before that change) and 1.15 (after; PostgreSQL then also leaves the other core alone);
 * `--single-threaded-gc` 0.85; `--v8-pool-size=2` 0.99. With an earlier shell version of this loop:
 * `--max-semi-space-size=64` no gain, `=4` about −30%, the verifier pinned to a core of its own no change.
 */
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import type { Stack } from '../../test/e2e/harness.js';
import {
  cpuSecondsOf,
  freshDatabase,
  prepareVerificationLoad,
  type VerificationLoad,
} from '../verification-setup.js';

const here = resolve(import.meta.dirname, '../..');
const rounds = Number(process.env.ROUNDS ?? 8);
const roundSeconds = Number(process.env.ROUND_SECONDS ?? 4);
const warmupSeconds = Number(process.env.WARMUP_SECONDS ?? 8);

interface Side {
  name: 'A' | 'B';
  dir: string;
  stack: Stack;
  load: VerificationLoad;
  requests: number;
  cpu: number;
  perRound: number[];
}

async function startSide(name: 'A' | 'B'): Promise<Side> {
  const dir = resolve(process.env[`${name}_DIR`] ?? here);
  // The stack is started by that checkout's own harness, so its services run that checkout's code.
  const harness = (await import(
    resolve(dir, 'test/e2e/harness.ts')
  )) as typeof import('../../test/e2e/harness.js');
  process.env.DATABASE_URL = await freshDatabase(`skills_passport_ab_${name.toLowerCase()}`);
  const stack = await harness.startStack(
    {
      LOG_LEVEL: 'error',
      REGISTER_URL: '{ISSUER_BASE_URL}/.well-known/recognised-issuers',
      REGISTER_DID: 'did:web:localhost%3A{ISSUER_PORT}:scheme',
    },
    { nodeArgs: (process.env[`${name}_NODE_ARGS`] ?? '').split(' ').filter(Boolean) },
  );
  const load = await prepareVerificationLoad(stack);
  return { name, dir, stack, load, requests: 0, cpu: 0, perRound: [] };
}

async function drive(side: Side, seconds: number, count: boolean): Promise<void> {
  const cpu0 = cpuSecondsOf(side.stack.pids.verifier);
  const result = await autocannon({
    url: side.load.url,
    method: 'POST',
    headers: { authorization: `Bearer ${side.load.token}`, 'content-type': 'application/json' },
    body: side.load.body,
    connections: 16,
    duration: seconds,
  });
  const cpu = cpuSecondsOf(side.stack.pids.verifier) - cpu0;
  if (result.non2xx + result.errors > 0)
    throw new Error(`${side.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (!count) return;
  side.requests += result.requests.total;
  side.cpu += cpu;
  side.perRound.push(result.requests.total / cpu);
}

const sides: Side[] = [];
try {
  sides.push(await startSide('A'), await startSide('B'));
  const [a, b] = sides as [Side, Side];
  console.log(`A: ${a.dir} ${process.env.A_NODE_ARGS ?? ''}\nB: ${b.dir} ${process.env.B_NODE_ARGS ?? ''}`);
  await drive(a, warmupSeconds, false);
  await drive(b, warmupSeconds, false);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    for (const side of order) await drive(side, roundSeconds, true);
    console.log(
      `round ${round + 1}: A ${a.perRound.at(-1)?.toFixed(0)} /CPU s, B ${b.perRound.at(-1)?.toFixed(0)} /CPU s`,
    );
  }
  const rate = (s: Side) => s.requests / s.cpu;
  const ratios = a.perRound.map((r, i) => (b.perRound[i] ?? 0) / r).sort((x, y) => x - y);
  console.log(
    `A ${rate(a).toFixed(0)} and B ${rate(b).toFixed(0)} verifications per CPU second of the verifier: B/A ${(
      rate(b) / rate(a)
    ).toFixed(3)} (per-round ratios ${ratios[0]?.toFixed(2)}–${ratios.at(-1)?.toFixed(2)})`,
  );
} finally {
  for (const side of sides) await side.stack.stop();
}
