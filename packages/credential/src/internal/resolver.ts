import type { JWK } from '@sp/crypto';

// The interface `@sp/did` exports. It is restated here (structurally identical) until that package
// lands; switch these to `export type { KeyResolver, ResolvedKey } from '@sp/did'` then.

/** A verification method resolved to its public key. */
export interface ResolvedKey {
  /** The full DID URL (`did` + `#` + fragment). */
  didUrl: string;
  /** The DID that controls the key; must equal the JWT's `iss` (or holder DID). */
  controller: string;
  publicJwk: JWK;
}

/**
 * Resolves DID URLs to public keys. Implemented by `@sp/did` (did:web, did:jwk, did:key) with SSRF-safe
 * fetching and caching; this package only calls it.
 */
export interface KeyResolver {
  /**
   * Resolve a DID URL to the public key of that verification method, or `null` when unknown.
   * Rejects only for transport failures (unreachable, timeout), which verification reports as
   * `did_unresolvable`.
   */
  resolveKey(didUrl: string): Promise<ResolvedKey | null>;
}
