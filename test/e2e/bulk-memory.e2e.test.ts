/**
 * Streaming, proven by memory: a 50,000-row CSV (about 7 MB) streamed to an issuer process is accepted whole
 * while the process's peak resident memory (VmHWM from /proc) stays under a generous bound (measured: about
 * 260 MB before, 380 MB after). Holding the file,
 * its parsed rows and their validation results at once would cost several times the file; streaming keeps one
 * 1,000-row insert buffer. This is a correctness bound, not a speed target (speed lives in bench/bulk.bench.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  batchStatus,
  COHORT_HEADER,
  createProvider,
  type ServiceProcess,
  stackEnv,
  startService,
} from './bulk-helpers.js';

const ROWS = 50_000;
/** Peak RSS bound, and bound on its growth during the upload (the process starts near 260 MB under tsx). */
const BOUND_MB = 450;
const GROWTH_MB = 200;

/** The CSV as a stream of 1,000-line pieces, so the test process does not hold it either. */
function csvStream(tag: string): ReadableStream<Uint8Array> {
  let i = -1;
  const enc = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      if (i >= ROWS) {
        controller.close();
        return;
      }
      let piece = '';
      if (i < 0) {
        piece = `${COHORT_HEADER}\n`;
        i = 0;
      }
      for (let n = 0; n < 1_000 && i < ROWS; n++, i++) {
        piece += `w${i}-${tag}@example.org,Worker ${i},1990-01-02,CORE-BLS,2025-03-14,classroom,practical assessment,A. Assessor,${tag}-${i}\n`;
      }
      controller.enqueue(enc.encode(piece));
    },
  });
}

it('a 50,000-row upload is accepted whole with the issuer under 450 MB peak RSS (growth under 200 MB)', async () => {
  const { env, issuerPort, adminToken } = await stackEnv();
  let issuer: ServiceProcess | undefined;
  try {
    issuer = await startService('issuer', env, issuerPort);
    const apiKey = await createProvider(issuer.url, adminToken);
    const before = issuer.peakRssMb();
    const res = await fetch(`${issuer.url}/v1/batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'text/csv',
        'idempotency-key': randomUUID(),
      },
      body: csvStream(randomUUID().slice(0, 8)),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const status = await batchStatus(issuer.url, apiKey, id);
    expect(status.totalRows).toBe(ROWS);
    expect(status.counts.pending).toBe(ROWS);
    const peak = issuer.peakRssMb();
    console.log(`issuer peak RSS: ${Math.round(before)} MB before the upload, ${Math.round(peak)} MB after`);
    expect(peak).toBeLessThan(BOUND_MB);
    expect(peak - before).toBeLessThan(GROWTH_MB);
  } finally {
    await issuer?.kill();
  }
}, 180_000);
