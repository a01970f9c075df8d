import type { TrustedIssuerRow, TrustedIssuerStore } from '../store/trusted-issuer-store.js';
import type { TrustedIssuerCache } from './trusted-issuer-cache.js';

/**
 * Adds an issuer DID to the allow-list (or renames it), and makes this instance see it at once.
 * @example await addTrustedIssuer({ store, cache }, { did: 'did:web:acme.example', name: 'Acme Training' });
 */
export async function addTrustedIssuer(
  deps: { store: TrustedIssuerStore; cache: TrustedIssuerCache },
  input: { did: string; name: string },
): Promise<TrustedIssuerRow> {
  const row = await deps.store.upsert(input);
  deps.cache.invalidate();
  return row;
}
