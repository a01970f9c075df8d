/**
 * Issue 4 status figures (called by bench/run.ts), in process on one core, no network:
 * - credential verification with its status check against a warm cross-request status list cache
 *   (`createStatusListCache`: the list's signature is not checked again, nothing is gunzipped), and the same
 *   without the cache (every verification re-verifies and re-decodes the 131,072-entry list), in checks/s;
 * - re-publishing a 131,072-entry list after one revocation: set the bit, gzip + base64url the bitstring,
 *   sign the status list credential (what the issuer does on the first fetch after a change), median ms.
 */
import { randomUUID } from 'node:crypto';
import {
  buildTrainingCredential,
  createStatusListCache,
  type KeyResolver,
  signCredentialJwt,
  signStatusListCredentialJwt,
  verifyCredentialJwt,
} from '@sp/credential';
import { generateSigningKey } from '@sp/crypto';
import { didJwkFromJwk } from '@sp/did';
import {
  createBitstring,
  DEFAULT_LIST_SIZE,
  setBit,
  statusEntry,
  statusListCredentialPayload,
} from '@sp/status-list';

const ISSUER = 'did:web:issuer.example:orgs:bench';
const KID = `${ISSUER}#key-1`;
const LIST_URL = 'https://issuer.example/orgs/bench/status/1';

function rateFor(ms: number, fn: () => Promise<unknown>): Promise<number> {
  return (async () => {
    for (let i = 0; i < 200; i++) await fn(); // warm-up (JIT, KeyObject cache, status list cache)
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < ms) {
      for (let i = 0; i < 50; i++) await fn();
      n += 50;
    }
    return Math.round((n / (performance.now() - t0)) * 1000);
  })();
}

/**
 * @example const figures = await benchStatus(); // { 'status check, warm cache (checks/s)': 9000, … }
 */
export async function benchStatus(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const issuerKey = await generateSigningKey('EdDSA');
  const holderKey = await generateSigningKey('EdDSA');
  const resolver: KeyResolver = {
    resolveKey: async (didUrl) =>
      didUrl === KID
        ? { didUrl, controller: ISSUER, publicJwk: issuerKey.publicJwk, relationships: ['assertionMethod'] }
        : null,
  };
  const bits = createBitstring(DEFAULT_LIST_SIZE);
  const signList = () =>
    signStatusListCredentialJwt({
      vc: statusListCredentialPayload({
        id: LIST_URL,
        issuer: ISSUER,
        purpose: 'revocation',
        bits,
        validFrom: new Date(),
      }),
      issuerDid: ISSUER,
      kid: KID,
      privateJwk: issuerKey.privateJwk,
      alg: 'EdDSA',
    });
  const list = { jwt: await signList(), etag: '"1.1.key-1"' };
  const vc = buildTrainingCredential({
    id: `urn:uuid:${randomUUID()}`,
    issuer: { did: ISSUER, name: 'Bench Training' },
    holderDid: didJwkFromJwk(holderKey.publicJwk),
    achievement: {
      id: 'https://issuer.example/catalogue/CORE-BLS',
      name: 'Basic life support',
      description: 'Basic life support',
      achievementType: 'CertificateOfCompletion',
      criteriaNarrative: 'Completed',
      alignment: [],
    },
    issuedAt: new Date(),
    completionDate: '2026-01-01',
    deliveryMode: 'classroom',
    assessmentMethod: 'practical',
    credentialStatus: statusEntry({ listUrl: LIST_URL, index: 4242, purpose: 'revocation' }),
  });
  const credential = await signCredentialJwt({
    vc,
    issuerDid: ISSUER,
    kid: KID,
    privateJwk: issuerKey.privateJwk,
    alg: 'EdDSA',
  });
  const fetchStatusListCredential = async () => list;
  const statusListCache = createStatusListCache();
  const check = async (cache: boolean) => {
    const report = await verifyCredentialJwt(credential, {
      resolver,
      fetchStatusListCredential,
      ...(cache ? { statusListCache } : {}),
    });
    if (!report.verified)
      throw new Error(`bench credential did not verify: ${JSON.stringify(report.checks)}`);
  };
  const warm = await rateFor(seconds * 500, () => check(true));
  const cold = await rateFor(seconds * 500, () => check(false));

  // Re-publishing after one revocation: what the issuer's status list getter does for a new list version.
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    setBit(bits, (i * 7919) % DEFAULT_LIST_SIZE, true);
    await signList();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;

  return {
    'status check, warm status list cache (credential verifications/s)': warm,
    'status check, no status list cache (credential verifications/s)': cold,
    're-publish a 131,072-entry list after one revocation (ms, median of 30)': Number(median.toFixed(2)),
  };
}
