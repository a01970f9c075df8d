/**
 * `pnpm bench`: speed figures, written to docs/benchmarks.md with the machine and the command.
 *
 * Needs the same local PostgreSQL and Redis as the tests (`bash scripts/ensure-services.sh`). It starts the real
 * services as separate processes (test/e2e/harness.ts) on a fresh database `skills_passport_bench`.
 *
 * Issue 2 figures:
 * - raw Node crypto Ed25519 verify rate on one core, over the benchmark presentation's own six signatures (the
 *   ceiling for a 5-credential presentation is raw / 6: one signature for the presentation and one per credential),
 *   and beside it the rate over a small 1.2 KB signing input, for comparison;
 * - verification of a 5-credential presentation in process (warm caches) and through the verifier's HTTP API
 *   (the verifier is one Node process, so one core; the load generator runs on the other);
 * - credential issuance through the OpenID4VCI credential endpoint, credentials per second.
 * Other benchmark modules in this folder (`*.bench.ts` exporting `bench*()`) are run after these when present.
 */
import { execSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { type KeyResolver, type VerifyOptions, verifyPresentationJwt } from '@sp/credential';
import { generateSigningKey } from '@sp/crypto';
import { didJwkFromJwk } from '@sp/did';
import autocannon from 'autocannon';
import { currentRecognition } from '../services/verifier/src/use-cases/issuer-recognition.js';
import { createRegisterCache } from '../services/verifier/src/use-cases/register-cache.js';
import type { TrustedIssuerCache } from '../services/verifier/src/use-cases/trusted-issuer-cache.js';
import { api, prepareCredentialRequest, receiveAsThirdPartyWallet, startStack } from '../test/e2e/harness.js';
import {
  cpuSecondsOf,
  freshDatabase,
  localVerification,
  signBenchPresentation,
} from './verification-setup.js';

const root = resolve(import.meta.dirname, '..');
const BENCH_DB = 'skills_passport_bench';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// Concurrent connections of the HTTP verification load. At 16 the verifier idles 3–6% of the time: every request
// also waits for its report's commit (~10 ms here), and 16 / (commit wait + work) is about its rate. 48 keep it
// 100% busy, which closes the gap between the wall-clock and per-CPU-second figures (p99 then 300–650 ms).
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
if (!Number.isInteger(connections) || connections < 1)
  throw new Error('BENCH_CONNECTIONS must be a whole number ≥ 1');
const rows: { name: string; value: string; note?: string }[] = [];
const record = (name: string, value: string, note?: string) => {
  rows.push({ name, value, ...(note ? { note } : {}) });
  console.log(`${name}: ${value}${note ? ` (${note})` : ''}`);
};
const rate = (n: number, ms: number) => (n / ms) * 1000;
let httpShare = 0;
let inProcessShare = 0;
let perCoreShare = 0;
/** The per-CPU-second HTTP figure against the ceiling of a small (1.2 KB) signing input, the pre-2026-11-26-evening measure. */
let smallInputShare = 0;
// BENCH_ONLY=verify,issuance,status,register,bulk runs only those parts (default: all); for working on one figure.
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (part: string) => !only || only.includes(part);

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0), total };
}

function rawEd25519Rate(ms = 3000): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The signing input of a small credential JWT (header and payload of ~1.2 KB).
  const data = Buffer.alloc(1200, 7);
  const signature = sign(null, data, privateKey);
  return verifyRate([{ data, key: publicKey, signature }], ms);
}

/** One signature as Node's crypto checks it: the JWS signing input, the signer's public key, the signature. */
interface RawSignature {
  data: Buffer;
  key: KeyObject;
  signature: Buffer;
}

/**
 * The raw check of every signature in a VP-JWT (the presentation's and each embedded credential's), with the
 * public keys taken from the holder's and issuers' DIDs: what verifying this presentation costs in signature
 * checks alone (the ceiling's "6 verifications"), nothing else. Ed25519 hashes the whole signing input (SHA-512),
 * and a presentation's input holds its credentials, so these six cost more than six of a small JWT.
 */
async function presentationSignatures(vp: string, resolver: KeyResolver): Promise<RawSignature[]> {
  const payload = JSON.parse(Buffer.from(vp.split('.')[1] ?? '', 'base64url').toString('utf8'));
  const jwts: string[] = [vp, ...(payload.vp.verifiableCredential as string[])];
  return Promise.all(
    jwts.map(async (jwt) => {
      const [header, , signature] = jwt.split('.');
      const { kid, alg } = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8'));
      const resolved = await resolver.resolveKey(kid);
      if (!resolved || alg !== 'EdDSA') throw new Error(`bench: cannot check ${kid} (${alg}) raw`);
      return {
        data: Buffer.from(jwt.slice(0, jwt.lastIndexOf('.')), 'latin1'),
        key: createPublicKey({ key: resolved.publicJwk, format: 'jwk' }),
        signature: Buffer.from(signature ?? '', 'base64url'),
      };
    }),
  );
}

/** Ed25519 signatures checked per CPU second of this process (one core), cycling through `signatures`. */
function verifyRate(signatures: RawSignature[], ms: number): number {
  for (const s of signatures)
    if (!verify(null, s.data, s.key, s.signature)) throw new Error('bench: bad signature');
  for (let i = 0; i < 500; i++) for (const s of signatures) verify(null, s.data, s.key, s.signature);
  const t0 = performance.now();
  const c0 = cpuMs();
  let n = 0;
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 50; i++) for (const s of signatures) verify(null, s.data, s.key, s.signature);
    n += 50 * signatures.length;
  }
  return rate(n, cpuMs() - c0);
}

/**
 * This process's CPU time in ms. Rates on one core are counted per CPU second rather than per wall-clock second,
 * so that other work on the machine (PostgreSQL, the load generator, anything else) does not change them.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

process.env.DATABASE_URL = await freshDatabase(BENCH_DB);
// BENCH_CPU_PROF=<dir> writes a CPU profile of every service process there (for finding hot spots).
// The verifier decides recognition from the register of recognised issuers the issuer publishes (issue 4: the
// throughput target holds with status and register checks on), as in production.
const stack = await startStack(
  {
    LOG_LEVEL: 'error',
    REGISTER_URL: '{ISSUER_BASE_URL}/.well-known/recognised-issuers',
    REGISTER_DID: 'did:web:localhost%3A{ISSUER_PORT}:scheme',
  },
  {
    nodeArgs: [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  },
);
try {
  // ── Set up an issuer, an employer and credentials through the public APIs ──────────────────────────────
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const org = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: 'Bench Training', kind: 'training_provider' },
  });
  const apiKey: string = org.body.apiKey;
  const issuerDid: string = org.body.organisation.did;
  const acct = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: 'Bench Employer' },
  });
  const verifierKey: string = acct.body.apiKey;
  const registered = await api('POST', `${stack.issuer}/v1/admin/register/issuers`, {
    token: stack.issuerAdminToken,
    body: {
      did: issuerDid,
      name: 'Bench Training',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2020-01-01' }],
    },
  });
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
  const newOffer = async () =>
    (
      await api('POST', `${stack.issuer}/v1/credential-offers`, {
        token: apiKey,
        body: {
          worker: { email: `bench-${randomUUID()}@example.org`, name: 'Bench Worker' },
          catalogueCode: 'CORE-MOVING-HANDLING',
          completionDate: '2026-10-01',
          deliveryMode: 'classroom',
          assessmentMethod: 'Observed practice',
        },
      })
    ).body.offer_uri as string;

  const holder = await generateSigningKey('EdDSA');
  const holderDid = didJwkFromJwk(holder.publicJwk);
  const credentials: string[] = [];
  for (let i = 0; i < 5; i++)
    credentials.push((await receiveAsThirdPartyWallet(await newOffer(), holder)).jwt);

  // ── Issuance through the OpenID4VCI credential endpoint ───────────────────────────────────────────────
  if (wanted('issuance')) {
    const issuance = await benchIssuance(newOffer);
    record(
      'Issuance through the OpenID4VCI credential endpoint (proof check, status index, sign, store)',
      `${issuance.toFixed(0)} credentials/s`,
      '200 prepared requests, 8 concurrent clients',
    );
  }

  if (wanted('verify')) {
    const { vp, audience, nonce } = await signBenchPresentation(
      { did: holderDid, privateJwk: holder.privateJwk },
      credentials,
      `${stack.verifier}/bench`,
    );
    const { fetcher, resolver, options: verification } = localVerification(['localhost']);
    // The ceiling: Node's raw Ed25519 check of this presentation's own six signatures. It is measured before,
    // between and after the verification runs and averaged: on a shared VM the same code runs ±15% faster or
    // slower from one minute to the next, and a ceiling from another moment than the figures it divides moved
    // the percentages by as much. The rate over a small (1.2 KB) signing input is measured beside it, for
    // comparison with figures from before 2026-11-26 evening, which used that as the ceiling.
    const signatures = await presentationSignatures(vp, resolver);
    const smallRaws: number[] = [];
    const measureRaw = (ms: number) => {
      smallRaws.push(rawEd25519Rate(ms / 2));
      return verifyRate(signatures, ms);
    };
    const rawBefore = measureRaw(3000);
    // ── In-process verification (warm caches) ─────────────────────────────────────────────────────────────
    // As the verifier runs it: recognition from the register the issuer publishes, fetched and verified once, and
    // consulted per verification (the HTTP figure below has the register on too).
    const issuerBase = stack.issuer.replace('127.0.0.1', 'localhost');
    const register = createRegisterCache({
      url: `${issuerBase}/.well-known/recognised-issuers`,
      did: `did:web:${encodeURIComponent(new URL(issuerBase).host)}:scheme`,
      resolver,
      fetch: (url) => fetcher.get(url, { accept: 'application/jwt' }),
    });
    const noAllowList: TrustedIssuerCache = { current: async () => new Map(), invalidate: () => {} };
    const options = {
      resolver: verification.resolver,
      audience,
      nonce,
      isRecognisedIssuer: undefined as VerifyOptions['isRecognisedIssuer'],
      fetchStatusListCredential: verification.fetchStatusListCredential,
      statusListCache: verification.statusListCache,
    };
    const verifyOnce = async () => {
      // Per verification, as create-verification does: the register snapshot, then the presentation.
      options.isRecognisedIssuer = (
        await currentRecognition({ trusted: noAllowList, register })
      ).isRecognisedIssuer;
      return verifyPresentationJwt(vp, options);
    };
    const first = await verifyOnce();
    if (!first.verified) throw new Error(`bench presentation did not verify: ${JSON.stringify(first)}`);
    let n = 0;
    const t0 = performance.now();
    const c0 = cpuMs();
    while (performance.now() - t0 < 3000) {
      await verifyOnce();
      n++;
    }
    const inProcess = rate(n, cpuMs() - c0);

    // ── Through the verifier's HTTP API ───────────────────────────────────────────────────────────────────
    const body = JSON.stringify({ presentation: vp, audience, nonce });
    const check = await api('POST', `${stack.verifier}/v1/verifications`, { token: verifierKey, raw: body });
    if (check.status !== 201 || !check.body.verified || !check.body.register)
      throw new Error(`HTTP verification failed or did not use the register: ${JSON.stringify(check.body)}`);
    const load = (duration: number) =>
      autocannon({
        url: `${stack.verifier.replace('localhost', '127.0.0.1')}/v1/verifications`,
        method: 'POST',
        headers: { authorization: `Bearer ${verifierKey}`, 'content-type': 'application/json' },
        body,
        connections,
        duration,
      });
    // Warm-up, not counted: a fresh verifier runs its first seconds of load partly unoptimised (the JIT tiers up
    // the hot path as it goes; its first ~6 s ran 20–25% below its later rate); a long-running server is measured
    // past that, as the in-process loop is.
    await load(8);
    // The HTTP run is cut into rounds with a raw measurement before each and after the last, so the ceiling comes
    // from the same minutes as the requests it divides (the VM's speed drifts by up to 20% within a minute).
    const rounds = Math.max(1, Math.round(seconds / Number(process.env.BENCH_ROUND_SECONDS ?? 2)));
    const raws = [rawBefore];
    let requests = 0;
    let failed = 0;
    let httpSeconds = 0;
    let verifierCpu = 0;
    let p99 = 0;
    const machine0 = machineJiffies();
    for (let round = 0; round < rounds; round++) {
      if (round > 0) raws.push(measureRaw(1000));
      const cpu0 = cpuSecondsOf(stack.pids.verifier);
      const result = await load(seconds / rounds);
      verifierCpu += cpuSecondsOf(stack.pids.verifier) - cpu0;
      requests += result.requests.total;
      failed += result.non2xx + result.errors;
      httpSeconds += result.duration || seconds / rounds;
      p99 = Math.max(p99, result.latency.p99);
    }
    const machine1 = machineJiffies();
    const rawAfter = measureRaw(3000);
    raws.push(rawAfter);
    const raw = raws.reduce((a, b) => a + b, 0) / raws.length;
    const ceiling = raw / 6;
    record(
      "Raw Node crypto Ed25519 verify of the presentation's six signatures, per CPU second (one core)",
      `${raw.toFixed(0)} /s`,
      `signing inputs of ${signatures.map((x) => `${(x.data.length / 1024).toFixed(1)}`).join(', ')} KB; mean of ${raws.length} measurements between the verification runs (${Math.min(...raws).toFixed(0)}–${Math.max(...raws).toFixed(0)})`,
    );
    const smallRaw = smallRaws.reduce((a, b) => a + b, 0) / smallRaws.length;
    smallInputShare = requests / verifierCpu / (smallRaw / 6);
    record(
      'For comparison: raw Ed25519 verify of a 1.2 KB signing input, per CPU second',
      `${smallRaw.toFixed(0)} /s`,
      `measured beside the above; as a ceiling (raw / 6 = ${(smallRaw / 6).toFixed(0)}/s) the HTTP figure below would be ${((requests / verifierCpu / (smallRaw / 6)) * 100).toFixed(0)}% per CPU second`,
    );
    record('Ceiling for a 5-credential presentation (raw / 6)', `${ceiling.toFixed(0)} presentations/s`);
    inProcessShare = inProcess / ceiling;
    record(
      'Verify a 5-credential presentation in process, per CPU second (warm caches, status and register checks on)',
      `${inProcess.toFixed(0)} /s`,
      `${((inProcess / ceiling) * 100).toFixed(0)}% of the ceiling`,
    );
    const httpRate = requests / httpSeconds;
    httpShare = httpRate / ceiling;
    record(
      'Verify a 5-credential presentation through POST /v1/verifications (status and register checks on, report stored)',
      `${httpRate.toFixed(0)} /s`,
      `${((httpRate / ceiling) * 100).toFixed(0)}% of the ceiling (target ≥ 50%); ${rounds} rounds after an 8 s warm-up; p99 ${p99} ms; ${failed} non-2xx`,
    );
    // What one core of verifier CPU buys: requests answered per CPU second the verifier process used (all its
    // threads), so PostgreSQL and the load generator do not count against it. On a shared VM what runs beside it
    // still slows each of its CPU seconds (the raw figure is measured with the machine otherwise idle).
    const perCore = requests / verifierCpu;
    perCoreShare = perCore / ceiling;
    record(
      'Same, per CPU second of the verifier process (its capacity on one dedicated core)',
      `${perCore.toFixed(0)} /s`,
      `${((perCore / ceiling) * 100).toFixed(0)}% of the ceiling; verifier used ${((verifierCpu / httpSeconds) * 100).toFixed(0)}% of a core; machine ${(((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 100).toFixed(0)}% busy (2 cores: verifier, PostgreSQL, load generator)`,
    );
  }
} finally {
  await stack.stop();
}

// ── Other benchmark modules (issues 4 and 5) ───────────────────────────────────────────────────────────
for (const file of readdirSync(resolve(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && wanted(f.replace('.bench.ts', '')))
  .sort()) {
  const mod = await import(resolve(root, 'bench', file));
  for (const [name, fn] of Object.entries(mod)) {
    if (!name.startsWith('bench') || typeof fn !== 'function') continue;
    try {
      const out = (await (fn as () => Promise<Record<string, number | string>>)()) ?? {};
      for (const [k, v] of Object.entries(out)) record(k, String(v), file);
    } catch (err) {
      record(`${file} ${name}`, 'FAILED', (err as Error).message);
    }
  }
}

const pct = (share: number) => `${(share * 100).toFixed(0)}%`;

/** The issue-5 line, from the bulk rows recorded above. */
function bulkVerdict(): string {
  const rates = rows
    .filter((r) => / jobs process(es)?: rowsPerSecond$/.test(r.name))
    .map((r) => ({
      what: r.name.replace(/^bulk \d+ rows, /, '').replace(': rowsPerSecond', ''),
      n: Number(r.value),
    }));
  if (rates.length === 0)
    return '- Cohort issuance ≥ 2,000 rows/s from upload to offers ready (issue 5): not measured in this run.';
  const met = rates.every((r) => r.n >= 2000);
  return `- Cohort issuance ≥ 2,000 rows/s from upload to offers ready (issue 5): **${met ? 'met' : 'not met'}** (${rates
    .map((r) => `${r.n} rows/s with ${r.what}`)
    .join(', ')}). Runs on this shared machine vary by about ±20% with its load (docs/bulk-issuance.md).`;
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free at start), Node ${process.version}, ${execSync('uname -sr').toString().trim()}`;
const md = `# Benchmarks

Written by \`pnpm bench\` (\`bench/run.ts\`) on ${new Date().toISOString().slice(0, 10)}.

- **Machine:** ${machine}
- **Command:** \`bash scripts/ensure-services.sh && pnpm install && pnpm bench\` (\`BENCH_SECONDS\`, default 10, sets the HTTP run length, in rounds of \`BENCH_ROUND_SECONDS\`, default 2; \`BENCH_CONNECTIONS\`, default 16;
  \`BENCH_ONLY=verify,issuance,status,register,bulk\` runs some parts only and leaves this file as it is)
- **Set-up:** real services as separate processes on PostgreSQL 15 and Redis 7 on the same machine; load from
  autocannon (${connections} connections) in the benchmark process.

| measure | result | note |
|---|---|---|
${rows.map((r) => `| ${r.name} | ${r.value} | ${r.note ?? ''} |`).join('\n')}

## Against the targets

- HTTP verification of a 5-credential presentation at ≥ 50% of (raw Ed25519 verify / 6) on one core (issues 2 and 4):
  **${Math.min(httpShare, perCoreShare) >= 0.5 ? 'met' : 'not met'}** in this run (${pct(httpShare)} wall-clock, ${pct(perCoreShare)} per CPU second of the verifier; the
  verdict takes the lower). In process the same verification runs at ${pct(inProcessShare)} of the ceiling.
  The raw rate is Node's check of this presentation's own six signatures (its signing inputs are listed above):
  Ed25519 hashes the whole input, the presentation's input holds its five credentials (26 KB), and so these six
  checks cost ~10% more than six of a 1.2 KB input. Runs before 2026-11-26 evening divided by the 1.2 KB rate;
  against that ceiling this run's figure is ${pct(smallInputShare)} per CPU second. History (2026-11-26, verifier CPU
  seconds, 16 connections, 1.2 KB ceiling): 25% at the start of the day, typically 40–44% after the first round of
  work on that machine; 33–42% on the next machine, a PVM guest where a system call costs ~3 µs and the same code
  runs 20–40% faster or slower from one minute to the next; 44–50% on the evening's machine, where the
  presentation's own ceiling gave 46–51%; 44–54% per CPU second (median 50%) and 42–51% wall-clock (median 47%)
  over twelve verify-only runs of the unchanged code on 2026-11-26's night machine, whose raw rate moved 7,013–8,798/s
  within single runs. With 48 connections the verifier is 100% busy and the wall-clock figure equals the per-CPU one
  (50% and 44% in two runs): at 16 it waits 3–6% of the time for commits. The benchmark warms the verifier up for 8 s and measures the raw
  ceiling before, between and after its HTTP rounds (\`BENCH_ROUND_SECONDS\`, default 2).

  Where the verifier's CPU goes under this load (perf cpu-clock samples of the process): the signature checks
  (OpenSSL Ed25519 and SHA-512 of a 25 KB presentation input) ~45%; V8 builtins, runtime and JIT code for JSON
  decoding, zod, the report and the HTTP layer ~35%; garbage collection ~6% on the main thread, with V8's helper
  threads using another ~10% of the process's CPU; the kernel ~6%. A verification allocates ~206 KB (JSON decoding
  of the presentation and its credentials ~80 KB, zod ~48 KB, the rest checks and report), a request ~350 KB.
  Measured by A/B (\`bench/experiments/ab.ts\`: both builds at once, load alternated, ±3%): group commit with one
  statement in flight instead of two +6–12% (adopted); upper bounds of what is left: no zod for the claims +6%, no
  report INSERT at all +15% (part of it PostgreSQL leaving the other core alone); \`--single-threaded-gc\` −15%. A bare \`node:http\` server running the same
  verification and nothing else (\`MODE=verify bench/experiments/lean-server.ts\`, no database) reaches 45–46%: even
  with none of the verifier's own work the target is not met on this machine; the verification's decoding and allocation under load are the gap, not HTTP.
${bulkVerdict()}

Figures vary with the machine's load: re-run on a quiet machine before comparing.
`;
if (only) {
  console.log('\nBENCH_ONLY is set: docs/benchmarks.md left as it was (it holds whole runs only)');
} else {
  writeFileSync(resolve(root, 'docs/benchmarks.md'), md);
  console.log('\nwritten docs/benchmarks.md');
}
process.exit(0);

async function benchIssuance(newOffer: () => Promise<string>): Promise<number> {
  const holderKey = await generateSigningKey('EdDSA');
  const prepared: Awaited<ReturnType<typeof prepareCredentialRequest>>[] = [];
  for (let i = 0; i < 200; i++) prepared.push(await prepareCredentialRequest(await newOffer(), holderKey));
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < prepared.length) {
      const req = prepared[next++];
      if (!req) return;
      const res = await api('POST', req.endpoint, { token: req.accessToken, body: req.body });
      if (res.status !== 200) throw new Error(`credential endpoint answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return rate(prepared.length, performance.now() - t0);
}
