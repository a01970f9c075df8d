import { didWebFromUrl } from '@sp/did';

/**
 * The names an organisation gets from the issuer's base URL: its OpenID4VCI Credential Issuer identifier
 * (`<base>/orgs/<slug>`), its did:web DID (did:web §3.2: same host and path) and the URLs under it.
 */
export interface OrgIdentity {
  /** Credential Issuer identifier, also the authorisation server's issuer identifier. */
  issuer: string;
  did: string;
  statusListUrl(listId: string): string;
}

/** @example orgIdentity('http://localhost:3001', 'acme').did // 'did:web:localhost%3A3001:orgs:acme' */
export function orgIdentity(baseUrl: string, slug: string): OrgIdentity {
  const issuer = `${baseUrl}/orgs/${slug}`;
  return {
    issuer,
    did: didWebFromUrl(issuer),
    statusListUrl: (listId) => `${issuer}/status/${listId}`,
  };
}

/** Slugs are lower-case words joined by hyphens: they become URL path segments and did:web path segments. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
