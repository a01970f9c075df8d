/**
 * Set-up shared by the verification benchmarks (bench/run.ts, bench/register.bench.ts, bench/experiments/*.ts):
 * a presentation of given credentials, the verification options the verifier service uses (on fetchers that may
 * reach the local test hosts), a replayable verification request against a running stack, a fresh database, and
 * a process's CPU time.
 */
import { readFileSync } from 'node:fs';
import { createStatusListCache, signPresentationJwt, type VerifyOptions } from '@sp/credential';
import { generateSigningKey, type JWK } from '@sp/crypto';
import {
  type CachedFetcher,
  createCachedFetcher,
  createKeyResolver,
  createSafeFetcher,
  didJwkFromJwk,
  type KeyResolver,
} from '@sp/did';
import pg from 'pg';
import { api, receiveAsThirdPartyWallet } from '../test/e2e/harness.js';

/** A VP-JWT of `credentials` by the holder, for `audience`, with a fresh nonce. */
export async function signBenchPresentation(
  holder: { did: string; privateJwk: JWK },
  credentials: string[],
  audience: string,
): Promise<{ vp: string; audience: string; nonce: string }> {
  const nonce = crypto.randomUUID();
  const vp = await signPresentationJwt({
    holderDid: holder.did,
    kid: `${holder.did}#0`,
    privateJwk: holder.privateJwk,
    alg: 'EdDSA',
    credentials,
    audience,
    nonce,
  });
  return { vp, audience, nonce };
}

/**
 * As the verifier service wires it: DID documents and status lists through one cached SSRF-safe fetcher (the
 * given hosts allowed over plain http), status lists kept verified by ETag across verifications.
 */
export function localVerification(hosts: string[]): {
  fetcher: CachedFetcher;
  resolver: KeyResolver;
  options: Required<Pick<VerifyOptions, 'resolver' | 'fetchStatusListCredential' | 'statusListCache'>>;
} {
  const fetcher = createCachedFetcher(createSafeFetcher({ allowedPrivateHosts: hosts }), {
    maxEntries: 100,
    defaultTtlMs: 300_000,
  });
  const resolver = createKeyResolver({ fetcher, allowHttpHosts: hosts });
  return {
    fetcher,
    resolver,
    options: {
      resolver,
      fetchStatusListCredential: async (url: string) => {
        const res = await fetcher.get(url, { accept: 'application/vc+jwt, application/jwt;q=0.9' });
        return { jwt: res.text().trim(), etag: res.headers['etag'] };
      },
      statusListCache: createStatusListCache({ maxEntries: 100 }),
    },
  };
}

/** What {@link prepareVerificationLoad} answers: one `POST /v1/verifications` request, ready to replay. */
export interface VerificationLoad {
  url: string;
  token: string;
  body: string;
}

/**
 * As the benchmark does it, through the public APIs of a running stack (any checkout's: only HTTP is spoken): a
 * training provider recognised in the register, an employer account, five credentials for one holder and their
 * presentation to the verifier.
 */
export async function prepareVerificationLoad(stack: {
  issuer: string;
  verifier: string;
  issuerAdminToken: string;
  verifierAdminToken: string;
}): Promise<VerificationLoad> {
  const org = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: {
      slug: `load-${crypto.randomUUID().slice(0, 8)}`,
      name: 'Load Training',
      kind: 'training_provider',
    },
  });
  const registered = await api('POST', `${stack.issuer}/v1/admin/register/issuers`, {
    token: stack.issuerAdminToken,
    body: {
      did: org.body.organisation.did,
      name: 'Load Training',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2020-01-01' }],
    },
  });
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
  const account = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: 'Load Employer' },
  });
  const holder = await generateSigningKey('EdDSA');
  const credentials: string[] = [];
  for (let i = 0; i < 5; i++) {
    const offer = await api('POST', `${stack.issuer}/v1/credential-offers`, {
      token: org.body.apiKey,
      body: {
        worker: { email: `load-${crypto.randomUUID()}@example.org`, name: 'Load Worker' },
        catalogueCode: 'CORE-MOVING-HANDLING',
        completionDate: '2026-10-01',
        deliveryMode: 'classroom',
        assessmentMethod: 'Observed practice',
      },
    });
    credentials.push((await receiveAsThirdPartyWallet(offer.body.offer_uri, holder)).jwt);
  }
  const { vp, audience, nonce } = await signBenchPresentation(
    { did: didJwkFromJwk(holder.publicJwk), privateJwk: holder.privateJwk },
    credentials,
    `${stack.verifier}/bench`,
  );
  return {
    url: `${stack.verifier.replace('localhost', '127.0.0.1')}/v1/verifications`,
    token: account.body.apiKey,
    body: JSON.stringify({ presentation: vp, audience, nonce }),
  };
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux clock ticks of 10 ms). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A new, empty database `name` on the local PostgreSQL (dropped first if it exists); its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}
