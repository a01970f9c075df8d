/**
 * The link a worker's phone camera should open for an offer: the web wallet's accept page carrying the
 * `openid-credential-offer://` URI when a wallet page is configured, else the standard URI itself (which only
 * installed wallet apps handle).
 * @example scanLink('openid-credential-offer://?credential_offer_uri=…', 'https://wallet.example/offers/accept')
 */
export function scanLink(offerUri: string, walletOfferUrl?: string): string {
  if (!walletOfferUrl) return offerUri;
  const url = new URL(walletOfferUrl);
  url.searchParams.set('offer', offerUri);
  return url.toString();
}
