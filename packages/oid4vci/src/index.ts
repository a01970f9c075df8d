/**
 * OpenID for Verifiable Credential Issuance 1.0 message shapes (zod), shared by our issuer (server side) and our
 * wallet (client side). Field names are the spec's own; section numbers cite OpenID4VCI 1.0.
 */
export {
  PRE_AUTHORIZED_GRANT,
  KEY_PROOF_TYP,
  zCredentialOffer,
  zIssuerMetadata,
  zAuthorizationServerMetadata,
  zTokenRequest,
  zTokenResponse,
  zNonceResponse,
  zCredentialRequest,
  zCredentialResponse,
  zOAuthErrorBody,
  zCredentialConfiguration,
  type CredentialOffer,
  type IssuerMetadata,
  type AuthorizationServerMetadata,
  type TokenRequest,
  type TokenResponse,
  type CredentialRequest,
  type CredentialResponse,
  type CredentialConfiguration,
} from './messages.js';
export {
  credentialOfferUri,
  parseCredentialOfferUri,
  issuerMetadataUrl,
  authorizationServerMetadataUrl,
} from './urls.js';
