/**
 * Set-up shared by the verification benchmarks (bench/run.ts, bench/register.bench.ts and
 * bench/experiments/lean-server.ts): a presentation of given credentials, and the verification options the
 * verifier service uses, on fetchers that may reach the local test hosts.
 */
import { createStatusListCache, signPresentationJwt, type VerifyOptions } from '@sp/credential';
import type { JWK } from '@sp/crypto';
import {
  type CachedFetcher,
  createCachedFetcher,
  createKeyResolver,
  createSafeFetcher,
  type KeyResolver,
} from '@sp/did';

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
