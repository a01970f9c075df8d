// The test command (`pnpm test`): lint and format check, type check, then every jest tier (unit, integration on
// the real PostgreSQL and Redis, end-to-end with each service as its own process). Ends with the line
// "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--no-checks');
const jestArgs = args.filter((a) => a !== '--no-checks');

const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/skills_passport_test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function run(label, cmd, cmdArgs, env = process.env) {
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
  console.log(
    `[test] ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return r.status === 0;
}

async function ensureTestDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (err) {
    console.error(
      `[test] PostgreSQL is not reachable at ${url.host} (${err.code ?? err.message}). Run: bash scripts/ensure-services.sh`,
    );
    process.exit(1);
  }
  // A fresh database per run: migrations are tested from empty every time and no state leaks between runs.
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

let ok = true;
if (!quick) {
  ok = run('lint and format (biome)', 'pnpm', ['exec', 'biome', 'check', '.']) && ok;
  ok = run('type check (tsc)', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit']) && ok;
  ok =
    run('OpenAPI documents in docs/api are current', 'node', [
      '--import',
      'tsx',
      'scripts/openapi.ts',
      '--check',
    ]) && ok;
}
await ensureTestDatabase();

const out = join(mkdtempSync(join(tmpdir(), 'sp-jest-')), 'results.json');
const env = {
  ...process.env,
  DATABASE_URL,
  REDIS_URL,
  NODE_OPTIONS:
    `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
};
const jestOk = run(
  'jest',
  'pnpm',
  ['exec', 'jest', '--ci', '--json', `--outputFile=${out}`, ...jestArgs],
  env,
);
ok = jestOk && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  skipped = results.numPendingTests + results.numTodoTests;
} catch {
  failed += 1;
}
if (!ok && failed === 0) failed = 1; // a failed lint or type check counts as a failure
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
