/**
 * Experiment (not part of `pnpm bench`): where the in-process time of one verification goes, part by part.
 *
 *   node --import tsx bench/experiments/parts.ts        (N=3000 rounds by default; PARTS_ONLY=full for profiling)
 *
 * Why: on the shared VMs this project runs on, the same code runs up to 30% faster or slower from one second to
 * the next, so parts timed one after the other cannot be compared. Here every round runs each part once, in turn,
 * so the drift falls on all of them alike, and `full/sigs` (a whole verification over its six signature checks)
 * is stable to a few per cent where absolute times are not.
 *
 * Parts, for the benchmark's presentation (five credentials, through the public APIs of a stack started here):
 * `full` verifyPresentationJwt with warm caches; `sigs` the six raw checks as the verifier makes them
 * (verifyCompactJws); `decode` base64url and JSON of the presentation and its credentials; `zod` that plus the
 * claims schemas; `report` the stored report built and serialised.
 *
 * Seen on 2026-11-26 (evening machine): full ≈ 1.29–1.31 × sigs; decode ≈ 75–110 µs, the claims schemas
 * ≈ 45 µs, the report ≈ 35–45 µs, against ≈ 850–1,000 µs of signature checks. The six checks took the same time
 * back to back as interleaved with decoding and zod (+0.4%): the other work does not slow the crypto down.
 */
import { verifyPresentationJwt } from '@sp/credential';
import { verifyCompactJws } from '@sp/crypto';
import { zVcJwtPayload, zVpJwtPayload } from '../../packages/credential/src/internal/claims.js';
import { type DecodedJwt, decodeCompact } from '../../packages/credential/src/internal/jwt.js';
import { buildReport } from '../../services/verifier/src/use-cases/build-report.js';
import { startStack } from '../../test/e2e/harness.js';
import { freshDatabase, localVerification, prepareVerificationLoad } from '../verification-setup.js';

const decoded = (jwt: string): DecodedJwt => {
  const d = decodeCompact(jwt);
  if (!d.ok) throw new Error(`not a JWT: ${d.detail}`);
  return d;
};

process.env.DATABASE_URL = await freshDatabase('skills_passport_parts');
const stack = await startStack({ LOG_LEVEL: 'error' });
try {
  const load = await prepareVerificationLoad(stack);
  const { presentation: vp, audience, nonce } = JSON.parse(load.body);
  const { resolver, options } = localVerification(['localhost', '127.0.0.1']);
  const opts = { ...options, audience, nonce, isRecognisedIssuer: () => ({ recognised: true }) };
  const first = await verifyPresentationJwt(vp, opts);
  if (!first.verified) throw new Error(`the presentation did not verify: ${JSON.stringify(first)}`);
  const vcs = (decoded(vp).payload.vp as { verifiableCredential: string[] }).verifiableCredential;
  const jwts = [vp, ...vcs];
  const keys = await Promise.all(
    jwts.map(async (jwt) => {
      const resolved = await resolver.resolveKey(String(decoded(jwt).header.kid));
      if (!resolved) throw new Error('key not found');
      return resolved.publicJwk;
    }),
  );
  const parts: Record<string, () => unknown> = {
    full: () => verifyPresentationJwt(vp, opts),
    sigs: () => jwts.every((jwt, i) => verifyCompactJws(jwt, keys[i]!, 'EdDSA')),
    decode: () => jwts.map(decodeCompact),
    zod: () => {
      zVpJwtPayload.safeParse(decoded(vp).payload);
      for (const vc of vcs) zVcJwtPayload.safeParse(decoded(vc).payload);
    },
    report: () =>
      JSON.stringify(
        buildReport(first, { id: crypto.randomUUID(), inputKind: 'presentation', trusted: new Map() }),
      ),
  };
  const only = process.env.PARTS_ONLY;
  if (only) for (const name of Object.keys(parts)) if (name !== only) delete parts[name];
  const total: Record<string, number> = Object.fromEntries(Object.keys(parts).map((k) => [k, 0]));
  const rounds = Number(process.env.N ?? 3000);
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(parts)) {
      const t0 = process.hrtime.bigint();
      const out = run();
      if (out instanceof Promise) await out;
      total[name]! += Number(process.hrtime.bigint() - t0);
    }
  }
  const us = (name: string) => (total[name] ?? 0) / rounds / 1000;
  console.log(
    Object.keys(parts)
      .map((name) => `${name} ${us(name).toFixed(0)} µs`)
      .join(' | '),
  );
  if (!only)
    console.log(
      `full/sigs ${(us('full') / us('sigs')).toFixed(3)}; claims schemas alone ≈ ${(us('zod') - us('decode')).toFixed(0)} µs`,
    );
} finally {
  await stack.stop();
}
