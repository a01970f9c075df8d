import { scanLink } from './offer-link.js';

const offer =
  'openid-credential-offer://?credential_offer_uri=http%3A%2F%2Flocalhost%3A3001%2Forgs%2Fa%2Foffers%2Fx';

test('with a web wallet configured, the QR link opens its accept page carrying the exact offer URI', () => {
  const link = scanLink(offer, 'http://localhost:3002/offers/accept');
  const url = new URL(link);
  expect(url.origin + url.pathname).toBe('http://localhost:3002/offers/accept');
  expect(url.searchParams.get('offer')).toBe(offer);
});

test('without one, the standard openid-credential-offer URI is used unchanged', () => {
  expect(scanLink(offer)).toBe(offer);
});
