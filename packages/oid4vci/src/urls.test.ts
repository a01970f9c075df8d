import {
  authorizationServerMetadataUrl,
  credentialOfferUri,
  issuerMetadataUrl,
  parseCredentialOfferUri,
} from './index.js';

test('§12.2.2: well-known inserted between host and path, trailing slash dropped', () => {
  expect(issuerMetadataUrl('https://issuer.example.com/tenant')).toBe(
    'https://issuer.example.com/.well-known/openid-credential-issuer/tenant',
  );
  expect(issuerMetadataUrl('http://localhost:3001/orgs/acme/')).toBe(
    'http://localhost:3001/.well-known/openid-credential-issuer/orgs/acme',
  );
  expect(issuerMetadataUrl('https://issuer.example.com')).toBe(
    'https://issuer.example.com/.well-known/openid-credential-issuer',
  );
  expect(authorizationServerMetadataUrl('https://a.example/orgs/x')).toBe(
    'https://a.example/.well-known/oauth-authorization-server/orgs/x',
  );
});

test('offer URI by reference round-trips', () => {
  const uri = credentialOfferUri('http://localhost:3001/orgs/acme/offers/abc?x=1');
  expect(uri.startsWith('openid-credential-offer://?credential_offer_uri=')).toBe(true);
  expect(parseCredentialOfferUri(uri)).toEqual({
    offerUrl: 'http://localhost:3001/orgs/acme/offers/abc?x=1',
  });
});

test('offer by value is validated', () => {
  const offer = {
    credential_issuer: 'https://i.example/orgs/a',
    credential_configuration_ids: ['CC-STD-01'],
    grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'abc' } },
  };
  const uri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
  expect(parseCredentialOfferUri(uri)).toEqual({ offer });
  const bad = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: 'x' }))}`;
  expect(parseCredentialOfferUri(bad)).toBeNull();
});

test('other schemes in credential_offer_uri and garbage are refused', () => {
  expect(
    parseCredentialOfferUri('openid-credential-offer://?credential_offer_uri=file%3A%2F%2F%2Fetc%2Fpasswd'),
  ).toBeNull();
  expect(parseCredentialOfferUri('not a uri')).toBeNull();
  expect(parseCredentialOfferUri('openid-credential-offer://?nothing=1')).toBeNull();
});
