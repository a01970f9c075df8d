import { zCredentialOffer, type CredentialOffer } from './messages.js';

/**
 * §4.1: `openid-credential-offer://?credential_offer_uri=…` (by reference) for an offer served at `offerUrl`.
 * @example credentialOfferUri('https://issuer.example/orgs/acme/offers/abc')
 */
export function credentialOfferUri(offerUrl: string): string {
  return `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offerUrl)}`;
}

/**
 * Reads an offer URI (any scheme; wallets also receive https links carrying the same query) into either the offer
 * itself (`credential_offer`, by value) or the URL to fetch it from (`credential_offer_uri`, by reference).
 * Returns null when the URI carries neither or the offer by value is invalid.
 * @example parseCredentialOfferUri(uri)?.offerUrl
 */
export function parseCredentialOfferUri(
  uri: string,
): { offer: CredentialOffer } | { offerUrl: string } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const byRef = url.searchParams.get('credential_offer_uri');
  if (byRef) {
    try {
      const ref = new URL(byRef);
      if (ref.protocol !== 'https:' && ref.protocol !== 'http:') return null;
      return { offerUrl: ref.toString() };
    } catch {
      return null;
    }
  }
  const byValue = url.searchParams.get('credential_offer');
  if (byValue) {
    try {
      const parsed = zCredentialOffer.safeParse(JSON.parse(byValue));
      return parsed.success ? { offer: parsed.data } : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * §12.2.2: the well-known path is inserted between the host and the path of the issuer identifier.
 * @example issuerMetadataUrl('https://x.example/orgs/acme') // 'https://x.example/.well-known/openid-credential-issuer/orgs/acme'
 */
export function issuerMetadataUrl(credentialIssuer: string): string {
  return wellKnown(credentialIssuer, 'openid-credential-issuer');
}

/**
 * RFC 8414 §3.1: the same insertion rule for OAuth authorisation server metadata.
 * @example authorizationServerMetadataUrl('https://x.example/orgs/acme')
 */
export function authorizationServerMetadataUrl(issuer: string): string {
  return wellKnown(issuer, 'oauth-authorization-server');
}

function wellKnown(identifier: string, suffix: string): string {
  const u = new URL(identifier);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return `${u.origin}/.well-known/${suffix}${path}`;
}
