/**
 * Experiment (not part of `pnpm bench`): what a minimal `node:http` server achieves per CPU second when it runs the
 * same verification as the verifier's `POST /v1/verifications` — the lower bound for the HTTP layer. Compare its
 * figure with the verifier's in docs/benchmarks.md: when they match, the HTTP path is not where the time goes.
 *
 *   MODE=http|verify|insert|batch node --import tsx bench/experiments/lean-server.ts
 *
 * http: read and parse the body only; verify: + verification; insert: + one INSERT per report; batch: + reports
 * written by group commit (as the verifier does). Needs the local PostgreSQL and Redis (scripts/ensure-services.sh).
 * Load: autocannon in its own process (CONNS connections, default 16, for 8 s); CPU: this process's user + system
 * time, all threads. Seen on 2026-11-26: one connection gets fewer requests per CPU second than 16 (401 vs ~640):
 * an idle-then-busy server pays for cold caches on every request, so the gap to in-process is not concurrency.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { verifyPresentationJwt } from '@sp/credential';
import { createGroupCommit } from '@sp/db';
import pg from 'pg';
import { startStack } from '../../test/e2e/harness.js';
import { localVerification, prepareVerificationLoad } from '../verification-setup.js';

const mode = process.env.MODE ?? 'batch';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/skills_passport_bench';
const stack = await startStack({ LOG_LEVEL: 'error' });
try {
  // The same five credentials and presentation the benchmark verifies (the register is set up but not consulted:
  // recognition is answered at once below, so only the verification itself and the HTTP layer are measured).
  const load = await prepareVerificationLoad(stack);
  const { audience, nonce } = JSON.parse(load.body) as { audience: string; nonce: string };
  const options = {
    ...localVerification(['localhost']).options,
    audience,
    nonce,
    isRecognisedIssuer: () => ({ recognised: true }),
  };

  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS lean_experiment_report (id uuid PRIMARY KEY, report jsonb)');
  const addReport = createGroupCommit<{ id: string; json: string }>(async (batch) => {
    const rows = `[${batch.map((r) => `{"id":"${r.id}","report":${r.json}}`).join(',')}]`;
    await pool.query(
      'INSERT INTO lean_experiment_report (id, report) SELECT id, report FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, report jsonb)',
      [rows],
    );
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      let out = '{"ok":true}';
      if (mode !== 'http') {
        const id = randomUUID();
        out = JSON.stringify({ id, ...(await verifyPresentationJwt(body.presentation, options)) });
        if (mode === 'insert')
          await pool.query('INSERT INTO lean_experiment_report (id, report) VALUES ($1, $2::jsonb)', [
            id,
            out,
          ]);
        if (mode === 'batch') await addReport({ id, json: out });
      }
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as { port: number }).port;
  const bodyFile = `/tmp/lean-experiment-${process.pid}.json`;
  writeFileSync(bodyFile, load.body);

  const cpu0 = process.cpuUsage();
  const loader = spawn(
    'node_modules/.bin/autocannon',
    [
      '-c',
      process.env.CONNS ?? '16',
      '-d',
      '8',
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-i',
      bodyFile,
      '-j',
    ].concat(`http://127.0.0.1:${port}/`),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  loader.stdout.on('data', (d) => {
    output += d;
  });
  await new Promise((done) => loader.on('exit', done));
  const cpu = process.cpuUsage(cpu0);
  const result = JSON.parse(output);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `MODE=${mode}: ${result.requests.average} req/s wall-clock, ${(result.requests.total / cpuSeconds).toFixed(0)} per CPU second of this server, ${result.non2xx} non-2xx`,
  );
  server.close();
  await pool.end();
} finally {
  await stack.stop();
}
