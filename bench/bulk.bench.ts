/**
 * Issue 5 cohort-issuance figures (called by bench/run.ts): a 10,000-row CSV uploaded to the issuer and issued by
 * one, then two, jobs processes (each its own Node process, as in production), against the bench PostgreSQL and
 * the local Redis. Rows per second are measured from the start of the upload until the batch's status says
 * `completed` (every row an offer, ready to fetch); the upload alone is timed too. Peak memory is each process's
 * VmHWM (peak RSS) from /proc.
 */
import {
  batchStatus,
  cohortCsv,
  createProvider,
  freePort,
  type ServiceProcess,
  stackEnv,
  startService,
  uploadCsv,
  waitFor,
} from '../test/e2e/bulk-helpers.js';

const ROWS = Number(process.env.BENCH_BULK_ROWS ?? 10_000);

/**
 * One measurement: a fresh issuer and `jobsProcesses` jobs processes, a 10,000-row upload, until `completed`.
 * Exported to time one configuration alone while tuning; with BENCH_CPU_PROF=<dir> each process writes a CPU profile.
 * @example const figures = await run(1);
 */
export async function run(jobsProcesses: number): Promise<Record<string, number>> {
  // Production timings for the sweeper and locks (the test stacks' short ones would re-run busy chunks).
  const { env, issuerPort, jobsPort, adminToken } = await stackEnv({
    LOG_LEVEL: 'error',
    BULK_SWEEP_EVERY_MS: '60000',
    BULK_STALE_AFTER_MS: '120000',
    JOBS_LOCK_MS: '30000',
  });
  const procs: ServiceProcess[] = [];
  try {
    const issuer = await startService('issuer', env, issuerPort);
    procs.push(issuer);
    const jobs: ServiceProcess[] = [];
    for (let i = 0; i < jobsProcesses; i++) {
      const port = i === 0 ? jobsPort : await freePort();
      jobs.push(await startService('jobs', { ...env, JOBS_PORT: String(port) }, port));
    }
    procs.push(...jobs);
    const apiKey = await createProvider(issuer.url, adminToken);
    const csv = cohortCsv(ROWS);
    const t0 = performance.now();
    const batch = await uploadCsv(issuer.url, apiKey, csv);
    const uploaded = performance.now();
    await waitFor(
      'batch completed',
      async () =>
        (await batchStatus(issuer.url, apiKey, batch.id)).state === 'completed' ? true : undefined,
      600_000,
      50,
    );
    const done = performance.now();
    return {
      rowsPerSecond: Math.round((ROWS / (done - t0)) * 1000),
      uploadRowsPerSecond: Math.round((ROWS / (uploaded - t0)) * 1000),
      seconds: Math.round(done - t0) / 1000,
      issuerPeakRssMb: Math.round(issuer.peakRssMb()),
      jobsPeakRssMb: Math.round(Math.max(...jobs.map((j) => j.peakRssMb()))),
    };
  } finally {
    for (const p of procs.reverse()) await p.kill();
  }
}

/**
 * Upload-to-offers-ready rate of a 10,000-row batch with one and with two jobs processes, and peak memory.
 * @example const figures = await benchBulk();
 */
export async function benchBulk(): Promise<Record<string, number | string>> {
  const one = await run(1);
  const two = await run(2);
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(one)) out[`bulk ${ROWS} rows, 1 jobs process: ${k}`] = v;
  for (const [k, v] of Object.entries(two)) out[`bulk ${ROWS} rows, 2 jobs processes: ${k}`] = v;
  out['bulk target'] = '≥ 2,000 rows/s upload to offers ready';
  return out;
}
