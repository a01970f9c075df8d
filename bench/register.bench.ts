/**
 * Issue 4 part B: verification throughput in process with the status and register checks on (warm caches),
 * for a 5-credential presentation, next to the same run with the allow-list, so the register's cost shows.
 * Everything is served by a local HTTP server (issuer and scheme DID documents, status list, register), fetched
 * through the verifier's own cached SSRF-safe fetcher, status list cache and register cache.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import {
  buildTrainingCredential,
  createStatusListCache,
  signCredentialJwt,
  signRegisterJwt,
  signStatusListCredentialJwt,
  verifyPresentationJwt,
} from '@sp/credential';
import { generateSigningKey } from '@sp/crypto';
import {
  buildDidDocument,
  createCachedFetcher,
  createKeyResolver,
  createSafeFetcher,
  didJwkFromJwk,
} from '@sp/did';
import { createBitstring, statusEntry, statusListCredentialPayload } from '@sp/status-list';
import { currentRecognition } from '../services/verifier/src/use-cases/issuer-recognition.js';
import { createRegisterCache } from '../services/verifier/src/use-cases/register-cache.js';
import type { TrustedIssuerCache } from '../services/verifier/src/use-cases/trusted-issuer-cache.js';
import { signBenchPresentation } from './verification-setup.js';

const SECONDS = 3;

/**
 * Presentations per second of a 5-credential VP, verified in process with status and register checks on.
 * @example const figures = await benchRegister(); // { 'Verify … register on': '812 /s', … }
 */
export async function benchRegister(): Promise<Record<string, number | string>> {
  const routes = new Map<string, { type: string; body: string }>();
  const server = createServer((req, res) => {
    const r = routes.get(req.url ?? '');
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${r.body.length}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': r.type, etag, 'cache-control': 'max-age=300' }).end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const base = `http://${host}`;
  const didOf = (path: string) => `did:web:${host.replace(':', '%3A')}:${path}`;
  try {
    const issuerKey = await generateSigningKey('EdDSA');
    const schemeKey = await generateSigningKey('EdDSA');
    const issuerDid = didOf('issuer');
    const schemeDid = didOf('scheme');
    for (const [path, did, key] of [
      ['issuer', issuerDid, issuerKey],
      ['scheme', schemeDid, schemeKey],
    ] as const) {
      routes.set(`/${path}/did.json`, {
        type: 'application/did+json',
        body: JSON.stringify(
          buildDidDocument({ did, keys: [{ fragment: 'key-1', publicJwk: key.publicJwk }] }),
        ),
      });
    }
    const listUrl = `${base}/status/1`;
    routes.set('/status/1', {
      type: 'application/vc+jwt',
      body: await signStatusListCredentialJwt({
        vc: statusListCredentialPayload({
          id: listUrl,
          issuer: issuerDid,
          purpose: 'revocation',
          bits: createBitstring(),
        }),
        issuerDid,
        kid: `${issuerDid}#key-1`,
        privateJwk: issuerKey.privateJwk,
        alg: 'EdDSA',
      }),
    });
    // A register of 500 issuers, the bench issuer among them, recognised for its framework.
    const issuers = Array.from({ length: 499 }, (_, i) => ({
      did: didOf(`other-${i}`),
      name: `Other ${i}`,
      status: 'active' as const,
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2020-01-01T00:00:00.000Z' }],
    }));
    issuers.push({
      did: issuerDid,
      name: 'Bench Training',
      status: 'active',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2020-01-01T00:00:00.000Z' }],
    });
    routes.set('/register', {
      type: 'application/jwt',
      body: await signRegisterJwt({
        register: { version: 1, issuedAt: new Date().toISOString(), issuers },
        schemeDid,
        kid: `${schemeDid}#key-1`,
        privateJwk: schemeKey.privateJwk,
        alg: 'EdDSA',
      }),
    });

    const holder = await generateSigningKey('EdDSA');
    const holderDid = didJwkFromJwk(holder.publicJwk);
    const credentials: string[] = [];
    for (let i = 0; i < 5; i++) {
      const vc = buildTrainingCredential({
        id: `urn:uuid:${randomUUID()}`,
        issuer: { did: issuerDid, name: 'Bench Training' },
        holderDid,
        achievement: {
          id: `${base}/catalogue/CORE-MOVING-HANDLING`,
          name: 'Moving and handling',
          description: 'Moving and handling people safely',
          criteriaNarrative: 'Observed in practice',
          alignment: [
            { targetName: 'Moving and handling', targetUrl: `${base}/c`, targetCode: 'CORE-MOVING-HANDLING' },
          ],
        },
        issuedAt: new Date(Date.now() - 3_600_000),
        completionDate: '2026-10-01',
        deliveryMode: 'classroom',
        assessmentMethod: 'Observed practice',
        credentialStatus: statusEntry({ listUrl, index: 100 + i, purpose: 'revocation' }),
      });
      credentials.push(
        await signCredentialJwt({
          vc,
          issuerDid,
          kid: `${issuerDid}#key-1`,
          privateJwk: issuerKey.privateJwk,
          alg: 'EdDSA',
        }),
      );
    }
    const { vp, audience, nonce } = await signBenchPresentation(
      { did: holderDid, privateJwk: holder.privateJwk },
      credentials,
      'https://verifier.example/bench',
    );

    const plain = createSafeFetcher({ allowedPrivateHosts: [host] });
    const cached = createCachedFetcher(plain, { maxEntries: 100, defaultTtlMs: 60_000 });
    const resolver = createKeyResolver({ fetcher: plain, allowHttpHosts: [host] });
    const statusListCache = createStatusListCache({ maxEntries: 100 });
    const fetchStatusListCredential = async (url: string) => {
      const res = await cached.get(url, { accept: 'application/vc+jwt' });
      return { jwt: res.text().trim(), etag: res.headers['etag'] };
    };
    const register = createRegisterCache({
      url: `${base}/register`,
      did: schemeDid,
      resolver,
      fetch: (url) => cached.get(url, { accept: 'application/jwt' }),
    });
    const allowList = new Map([[issuerDid, 'Bench Training']]);
    const trusted: TrustedIssuerCache = { current: async () => allowList, invalidate: () => {} };

    const run = async (withRegister: boolean): Promise<{ n: number; cpuMs: number }> => {
      const once = async () => {
        // As create-verification does per request: the recognition snapshot, then the presentation.
        const recognition = await currentRecognition({
          trusted,
          register: withRegister ? register : undefined,
        });
        return verifyPresentationJwt(vp, {
          resolver,
          audience,
          nonce,
          isRecognisedIssuer: recognition.isRecognisedIssuer,
          fetchStatusListCredential,
          statusListCache,
        });
      };
      const first = await once();
      if (!first.verified)
        throw new Error(`bench presentation did not verify: ${JSON.stringify(first.credentials[0])}`);
      let n = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      while (performance.now() - t0 < (SECONDS * 1000) / 2) {
        await once();
        n++;
      }
      const cpu = process.cpuUsage(c0);
      return { n, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    // Alternating halves, counted per CPU second: the machine's speed drifts within a minute, and one run after the
    // other made the first one (whichever it was) look slower.
    const total = { register: { n: 0, cpuMs: 0 }, allowList: { n: 0, cpuMs: 0 } };
    for (let round = 0; round < 2; round++) {
      for (const [key, on] of [
        ['register', true],
        ['allowList', false],
      ] as const) {
        const r = await run(on);
        total[key].n += r.n;
        total[key].cpuMs += r.cpuMs;
      }
    }
    const withRegister = (total.register.n / total.register.cpuMs) * 1000;
    const withAllowList = (total.allowList.n / total.allowList.cpuMs) * 1000;
    return {
      'Verify a 5-credential presentation in process, status + register on (500-issuer register, warm caches), per CPU second': `${withRegister.toFixed(0)} /s`,
      'Same with the allow-list instead of the register': `${withAllowList.toFixed(0)} /s`,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
}
