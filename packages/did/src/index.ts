export { createCachedFetcher } from './cached-fetcher.js';
export type { CachedFetcher, CachedFetcherOptions, CachedFetchResult } from './cached-fetcher.js';
export { buildDidDocument, COMPROMISED_FROM, DID_CONTEXTS } from './did-document.js';
export type { DidDocument, VerificationMethod } from './did-document.js';
export { didJwkFromJwk, jwkFromDidJwk } from './did-jwk.js';
export { jwkFromDidKey } from './did-key.js';
export { didWebDocumentUrl, didWebFromUrl } from './did-web.js';
export { createKeyResolver } from './key-resolver.js';
export type {
  KeyResolver,
  KeyResolverOptions,
  ResolvedKey,
  VerificationRelationship,
} from './key-resolver.js';
export { createSafeFetcher, FetchError } from './safe-fetcher.js';
export type { FetchFailure, FetchResult, SafeFetcher, SafeFetchOptions } from './safe-fetcher.js';
