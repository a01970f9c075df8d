import type { ResolvedKey as DidResolvedKey, VerificationRelationship } from '@sp/did';

/**
 * A verification method resolved to its public key — `@sp/did`'s `ResolvedKey`, with `relationships`
 * optional so a minimal resolver (a test, or another DID library) can leave it out. When present it is
 * enforced: credential and status list keys must be under `assertionMethod`, presentation and key proof
 * keys under `authentication` (DID Core §5.3).
 */
export type ResolvedKey = Omit<DidResolvedKey, 'relationships'> & {
  relationships?: VerificationRelationship[];
};

/**
 * Resolves DID URLs to public keys. `createKeyResolver` from `@sp/did` (did:web, did:jwk, did:key with
 * SSRF-safe fetching and caching) satisfies it; this package only calls `resolveKey`.
 */
export interface KeyResolver {
  /**
   * Resolve a DID URL to the public key of that verification method, or `null` when unknown.
   * Rejects only for transport failures (unreachable, timeout), which verification reports as
   * `did_unresolvable`.
   */
  resolveKey(didUrl: string): Promise<ResolvedKey | null>;
  /**
   * Optional: the answer of `resolveKey` when it is known without I/O, else `undefined` — verification then
   * skips a promise per signature.
   */
  peekKey?(didUrl: string): ResolvedKey | null | undefined;
}
