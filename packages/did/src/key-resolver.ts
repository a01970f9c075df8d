import type { JWK } from 'jose';
import { z } from 'zod';
import { COMPROMISED_FROM, DID_CONTEXTS, type DidDocument, type VerificationMethod } from './did-document.js';
import { jwkFromDidJwk } from './did-jwk.js';
import { jwkFromDidKey } from './did-key.js';
import { didWebDocumentUrl } from './did-web.js';
import { hasPrivateMembers, isPublicJwk } from './internal/jwk.js';
import { FetchError, type SafeFetcher } from './safe-fetcher.js';

/** DID Core §5.3 verification relationships. */
export type VerificationRelationship =
  | 'assertionMethod'
  | 'authentication'
  | 'capabilityInvocation'
  | 'capabilityDelegation'
  | 'keyAgreement';

const RELATIONSHIPS: readonly VerificationRelationship[] = [
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
];

/** A public key found in a DID document. */
export interface ResolvedKey {
  /** Absolute DID URL of the verification method (`did:web:issuer.example#key-1`). */
  didUrl: string;
  controller: string;
  publicJwk: JWK;
  /** The relationships that reference this key; a credential signer's key must be in `assertionMethod`. */
  relationships: VerificationRelationship[];
  /** ISO 8601 instant from which the controller declared this key compromised ({@link COMPROMISED_FROM}). */
  compromisedFrom?: string;
}

/** Resolves DIDs and the keys in them (see {@link createKeyResolver}). */
export interface KeyResolver {
  /**
   * The key a DID URL names, or null when the DID resolves but has no such (JWK) key, or when the DID is
   * malformed or of an unsupported method. Rejects with {@link FetchError} only when a did:web document
   * cannot be fetched or is not a valid DID document for that DID.
   */
  resolveKey(didUrl: string): Promise<ResolvedKey | null>;
  /**
   * What {@link resolveKey} would answer, when that is known without any I/O (a did:jwk or did:key, or a did:web
   * document in the cache and fresh); `undefined` otherwise. Lets a verification of cached issuers run without
   * a promise per signature.
   */
  peekKey(didUrl: string): ResolvedKey | null | undefined;
  /** The DID document (normalised: absolute ids, JWK methods only), or null as for `resolveKey`. */
  resolveDid(did: string): Promise<DidDocument | null>;
}

/** Options of {@link createKeyResolver}. */
export interface KeyResolverOptions {
  /** Fetcher for did:web documents, plain or cached. */
  fetcher: SafeFetcher;
  /** How long a fetched did:web document is reused, in milliseconds. Default 300000 (5 minutes). */
  cacheTtlMs?: number;
  /** How long a failed did:web resolution is remembered and replayed, in milliseconds. Default 30000. */
  negativeTtlMs?: number;
  /** Most DIDs kept in the cache. Default 1000. */
  maxEntries?: number;
  /** did:web hosts (`hostname` or `hostname:port`) whose documents are fetched over http; development only. */
  allowHttpHosts?: string[];
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

// DID Core §5.2: a verification method. Parsed loosely; only JWK methods are kept afterwards.
const zMethod = z
  .object({
    id: z.string().min(1),
    type: z.string(),
    controller: z.string().min(1),
    publicKeyJwk: z.unknown().optional(),
  })
  .loose();
const zRelationship = z.array(z.union([z.string().min(1), zMethod])).optional();
const zDidDocumentInput = z
  .object({
    '@context': z.union([z.string(), z.array(z.unknown())]).optional(),
    id: z.string(),
    verificationMethod: z.array(zMethod).optional(),
    assertionMethod: zRelationship,
    authentication: zRelationship,
    capabilityInvocation: zRelationship,
    capabilityDelegation: zRelationship,
    keyAgreement: zRelationship,
  })
  .loose();

interface CacheEntry {
  expiresAt: number;
  doc?: DidDocument;
  error?: FetchError;
}

/**
 * Creates a resolver for the DID methods this project uses.
 *
 * - did:jwk and did:key resolve locally, without network (did:jwk's only key is `#0`; did:key's is
 *   `#<method-specific-id>`).
 * - did:web documents are fetched with `fetcher`, validated (zod; `id` must equal the DID), and cached for
 *   `cacheTtlMs`. Failures are cached for `negativeTtlMs` and replayed, so a flood of credentials naming a
 *   broken DID does not become a flood of fetches; concurrent resolutions of one DID share a request.
 * - Only `JsonWebKey2020` / `JsonWebKey` methods whose id lies inside the DID are kept; a document that
 *   publishes a private JWK member is refused as a whole (`bad_content`).
 *
 * @example
 * ```ts
 * const resolver = createKeyResolver({ fetcher: createSafeFetcher() });
 * const key = await resolver.resolveKey('did:web:issuer.example#key-1');
 * if (key?.relationships.includes('assertionMethod')) await jwtVerify(jwt, await importJWK(key.publicJwk));
 * ```
 */
export function createKeyResolver(opts: KeyResolverOptions): KeyResolver {
  const cacheTtlMs = opts.cacheTtlMs ?? 5 * 60_000;
  const negativeTtlMs = opts.negativeTtlMs ?? 30_000;
  const maxEntries = opts.maxEntries ?? 1000;
  if (!(cacheTtlMs >= 0) || !(negativeTtlMs >= 0))
    throw new TypeError('cache TTLs must be non-negative milliseconds');
  if (!Number.isInteger(maxEntries) || maxEntries <= 0)
    throw new TypeError('maxEntries must be a positive integer');
  const now = opts.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<DidDocument>>();
  // did:jwk and did:key documents follow from the DID alone: built once, kept in a bounded map.
  const selfDescribing = new Map<string, DidDocument | null>();
  // One frozen answer per (document, key): verification asks for the same few keys over and over, and the same
  // JWK object lets @sp/crypto reuse its KeyObject without hashing the key again.
  const answers = new WeakMap<DidDocument, Map<string, ResolvedKey | null>>();

  function remember(did: string, entry: CacheEntry) {
    cache.delete(did);
    cache.set(did, entry);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
  }

  async function fetchDidWeb(did: string, url: string): Promise<DidDocument> {
    const res = await opts.fetcher.get(url, { accept: 'application/did+json, application/json' });
    const parsed = zDidDocumentInput.safeParse(res.json());
    if (!parsed.success) {
      // Only the path of the first problem: values in the document are the publisher's, not for our logs.
      const at = parsed.error.issues[0]?.path.join('.').slice(0, 100) ?? '';
      throw new FetchError('bad_content', url, { detail: `not a DID document${at ? ` (at ${at})` : ''}` });
    }
    if (parsed.data.id !== did)
      throw new FetchError('bad_content', url, { detail: 'document id is not the DID' });
    return normaliseDocument(did, parsed.data, url);
  }

  function cached(did: string): Promise<DidDocument> | undefined {
    const entry = cache.get(did);
    if (!entry || entry.expiresAt <= now()) return undefined;
    return entry.error ? Promise.reject(entry.error) : Promise.resolve(entry.doc!);
  }

  function resolveDidWeb(did: string, url: string): Promise<DidDocument> {
    const hit = cached(did);
    if (hit) return hit;
    const pending = inFlight.get(did);
    if (pending) return pending;
    const p = fetchDidWeb(did, url)
      .then(
        (doc) => {
          remember(did, { doc, expiresAt: now() + cacheTtlMs });
          return doc;
        },
        (e: unknown) => {
          if (e instanceof FetchError) remember(did, { error: e, expiresAt: now() + negativeTtlMs });
          throw e;
        },
      )
      .finally(() => inFlight.delete(did));
    inFlight.set(did, p);
    return p;
  }

  function selfDescribingDocument(did: string): DidDocument | null {
    let doc = selfDescribing.get(did);
    if (doc === undefined) {
      try {
        doc = did.startsWith('did:jwk:')
          ? didJwkDocument(did, jwkFromDidJwk(did))
          : didKeyDocument(did, jwkFromDidKey(did));
      } catch {
        doc = null;
      }
      selfDescribing.set(did, doc);
      while (selfDescribing.size > maxEntries)
        selfDescribing.delete(selfDescribing.keys().next().value as string);
    }
    return doc;
  }

  async function resolveDid(did: string): Promise<DidDocument | null> {
    if (did.startsWith('did:jwk:') || did.startsWith('did:key:')) return selfDescribingDocument(did);
    if (did.startsWith('did:web:')) {
      // A cached document first: the URL need not be rebuilt (and re-checked) for every signature.
      const hit = cached(did);
      if (hit) return hit;
      let url: string;
      try {
        url = didWebDocumentUrl(did, { allowHttpHosts: opts.allowHttpHosts ?? [] });
      } catch {
        return null;
      }
      return resolveDidWeb(did, url);
    }
    return null;
  }

  function keyOf(doc: DidDocument, didUrl: string, hash: number): ResolvedKey | null {
    let method: VerificationMethod | undefined;
    if (hash === -1) {
      // A bare DID names a key only when there is exactly one.
      method = doc.verificationMethod.length === 1 ? doc.verificationMethod[0] : undefined;
    } else {
      method = doc.verificationMethod.find((m) => m.id === didUrl);
    }
    if (!method) return null;
    const id = method.id;
    return Object.freeze({
      didUrl: id,
      controller: method.controller,
      publicJwk: Object.freeze({ ...method.publicKeyJwk }),
      relationships: Object.freeze(
        RELATIONSHIPS.filter((r) => doc[r]?.includes(id)),
      ) as VerificationRelationship[],
      ...(method[COMPROMISED_FROM] ? { compromisedFrom: method[COMPROMISED_FROM] } : {}),
    });
  }

  /** The key `didUrl` names in `doc` (the answers are remembered per document). */
  function keyIn(doc: DidDocument, didUrl: string, hash: number): ResolvedKey | null {
    let byUrl = answers.get(doc);
    if (!byUrl) {
      byUrl = new Map();
      answers.set(doc, byUrl);
    }
    let answer = byUrl.get(didUrl);
    if (answer === undefined) {
      answer = keyOf(doc, didUrl, hash);
      // A document lists a handful of keys; a flood of made-up fragments must not grow the map without end.
      if (byUrl.size < 64) byUrl.set(didUrl, answer);
    }
    return answer;
  }

  async function resolveKey(didUrl: string): Promise<ResolvedKey | null> {
    const hash = didUrl.indexOf('#');
    const doc = await resolveDid(hash === -1 ? didUrl : didUrl.slice(0, hash));
    return doc ? keyIn(doc, didUrl, hash) : null;
  }

  function peekKey(didUrl: string): ResolvedKey | null | undefined {
    const hash = didUrl.indexOf('#');
    const did = hash === -1 ? didUrl : didUrl.slice(0, hash);
    let doc: DidDocument | null | undefined;
    if (did.startsWith('did:jwk:') || did.startsWith('did:key:')) doc = selfDescribingDocument(did);
    else if (did.startsWith('did:web:')) {
      const entry = cache.get(did);
      // Only a fresh document; a remembered failure or a stale entry goes the asynchronous way.
      if (!entry || entry.expiresAt <= now() || entry.error) return undefined;
      doc = entry.doc;
    } else return undefined;
    return doc ? keyIn(doc, didUrl, hash) : null;
  }

  return { resolveKey, peekKey, resolveDid };
}

function normaliseDocument(did: string, input: z.output<typeof zDidDocumentInput>, url: string): DidDocument {
  // Relative references ('#key-1') are resolved against the DID (DID Core §3.2.2 relative DID URLs).
  const absolute = (id: string) => (id.startsWith('#') ? `${did}${id}` : id);
  const methods = new Map<string, VerificationMethod>();
  const consider = (m: z.output<typeof zMethod>) => {
    if (m.type !== 'JsonWebKey2020' && m.type !== 'JsonWebKey') return;
    const jwk = m.publicKeyJwk;
    if (typeof jwk === 'object' && jwk !== null && hasPrivateMembers(jwk as Record<string, unknown>)) {
      // The controller has published private key material: nothing signed by this DID can be trusted.
      throw new FetchError('bad_content', url, { detail: 'DID document publishes a private key' });
    }
    const id = absolute(m.id);
    // A method whose id lies outside this DID must not be usable under it (key confusion).
    if (!id.startsWith(`${did}#`) || !isPublicJwk(jwk)) return;
    const compromised = m[COMPROMISED_FROM];
    methods.set(id, {
      id,
      type: 'JsonWebKey2020',
      controller: absolute(m.controller),
      publicKeyJwk: jwk,
      // Only a parseable instant counts; anything else is ignored like any unknown property.
      ...(typeof compromised === 'string' && !Number.isNaN(Date.parse(compromised))
        ? { [COMPROMISED_FROM]: new Date(compromised).toISOString() }
        : {}),
    });
  };
  for (const m of input.verificationMethod ?? []) consider(m);
  const doc: DidDocument = {
    '@context':
      typeof input['@context'] === 'string'
        ? [input['@context']]
        : (input['@context'] ?? []).filter((c): c is string => typeof c === 'string'),
    id: did,
    verificationMethod: [],
  };
  for (const r of RELATIONSHIPS) {
    const refs = input[r];
    if (!refs) continue;
    doc[r] = refs.map((ref) => {
      if (typeof ref === 'string') return absolute(ref);
      consider(ref); // DID Core §5.3: a relationship may embed its verification method
      return absolute(ref.id);
    });
  }
  doc.verificationMethod = [...methods.values()];
  return doc;
}

/** did:jwk spec "To create the DID Document"; `use: sig` drops keyAgreement, `use: enc` keeps only it. */
function didJwkDocument(did: string, jwk: JWK): DidDocument {
  const id = `${did}#0`;
  const rels: VerificationRelationship[] =
    jwk.use === 'enc'
      ? ['keyAgreement']
      : jwk.use === 'sig'
        ? RELATIONSHIPS.filter((r) => r !== 'keyAgreement')
        : [...RELATIONSHIPS];
  const doc: DidDocument = {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
  };
  for (const r of rels) doc[r] = [id];
  return doc;
}

/** did:key spec §3.1.2 (JsonWebKey2020 form): one signing key whose fragment repeats the key. */
function didKeyDocument(did: string, jwk: JWK): DidDocument {
  const id = `${did}#${did.slice('did:key:'.length)}`;
  return {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  };
}
