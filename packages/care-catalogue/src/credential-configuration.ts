import type { CatalogueItem } from './schema.js';

/**
 * One entry of `credential_configurations_supported` for the `jwt_vc_json` format (OpenID4VCI 1.0
 * §12.2.4 "Credential Issuer Metadata Parameters" and Appendix A.1.1). Field names are the spec's.
 */
export type CredentialConfiguration = {
  format: 'jwt_vc_json';
  scope?: string;
  cryptographic_binding_methods_supported: string[];
  credential_signing_alg_values_supported: string[];
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: string[] } };
  // Appendix A.1.1: `credential_definition.type` is REQUIRED; jwt_vc_json is not processed as JSON-LD.
  credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] };
  // §12.2.4: in 1.0 the display block sits inside `credential_metadata` (earlier drafts had it top-level).
  credential_metadata: { display: { name: string; description: string; locale: string }[] };
};

export type CredentialConfigurationOptions = {
  /** JWS algorithms the issuer signs with. Default `['EdDSA']`. */
  signingAlgs?: string[];
  /** Holder key binding methods. Default `['did:jwk']` (our wallet's holder DIDs). */
  bindingMethods?: string[];
  /** Algorithms accepted for the key-proof JWT. Default `['EdDSA', 'ES256']`. */
  proofSigningAlgs?: string[];
  /** Add `scope: <code>` for the authorization code flow. Default false (pre-authorised code only). */
  includeScope?: boolean;
};

/**
 * The OpenID4VCI credential configuration advertising one catalogue item. Its id in
 * `credential_configurations_supported` is the item's code, so a credential offer's
 * `credential_configuration_ids` are catalogue codes.
 *
 * @example
 * const item = careCatalogue.getItem('CORE-BLS')!;
 * metadata.credential_configurations_supported[item.code] = credentialConfigurationFor(item);
 */
export function credentialConfigurationFor(
  item: CatalogueItem,
  options: CredentialConfigurationOptions = {},
): CredentialConfiguration {
  const config: CredentialConfiguration = {
    format: 'jwt_vc_json',
    cryptographic_binding_methods_supported: [...(options.bindingMethods ?? ['did:jwk'])],
    credential_signing_alg_values_supported: [...(options.signingAlgs ?? ['EdDSA'])],
    proof_types_supported: {
      jwt: { proof_signing_alg_values_supported: [...(options.proofSigningAlgs ?? ['EdDSA', 'ES256'])] },
    },
    credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
    credential_metadata: { display: [{ name: item.name, description: item.description, locale: 'en-GB' }] },
  };
  if (options.includeScope) config.scope = item.code;
  return config;
}

/**
 * `credential_configurations_supported` for a list of items, keyed by catalogue code.
 *
 * @example
 * const supported = credentialConfigurationsSupported(listItems());
 * supported['CC-FULL'].credential_metadata.display[0].name; // 'Care Certificate'
 */
export function credentialConfigurationsSupported(
  items: readonly CatalogueItem[],
  options: CredentialConfigurationOptions = {},
): Record<string, CredentialConfiguration> {
  return Object.fromEntries(items.map((item) => [item.code, credentialConfigurationFor(item, options)]));
}
