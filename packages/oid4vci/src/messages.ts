import { z } from 'zod';

/** §3.5 / RFC 8693-style grant type URN of the pre-authorised code flow. */
export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** Appendix F.1: the `typ` header of a key-proof JWT. */
export const KEY_PROOF_TYP = 'openid4vci-proof+jwt';

/** §4.1.1 Credential Offer Parameters. */
export const zCredentialOffer = z.object({
  credential_issuer: z.url(),
  credential_configuration_ids: z.array(z.string().min(1)).min(1),
  grants: z
    .object({
      [PRE_AUTHORIZED_GRANT]: z
        .object({
          'pre-authorized_code': z.string().min(1),
          tx_code: z
            .object({
              input_mode: z.enum(['numeric', 'text']).optional(),
              length: z.number().int().positive().optional(),
              description: z.string().max(300).optional(),
            })
            .optional(),
          authorization_server: z.url().optional(),
        })
        .optional(),
      authorization_code: z.object({ issuer_state: z.string().optional() }).optional(),
    })
    .optional(),
});
export type CredentialOffer = z.output<typeof zCredentialOffer>;

const zDisplay = z.object({
  name: z.string(),
  locale: z.string().optional(),
  description: z.string().optional(),
  logo: z.object({ uri: z.string(), alt_text: z.string().optional() }).optional(),
  background_color: z.string().optional(),
  text_color: z.string().optional(),
});

/** §12.2.4 / Appendix A.1.1: one entry of `credential_configurations_supported` for `jwt_vc_json`. */
export const zCredentialConfiguration = z
  .object({
    format: z.string(),
    scope: z.string().optional(),
    cryptographic_binding_methods_supported: z.array(z.string()).optional(),
    credential_signing_alg_values_supported: z.array(z.string()).optional(),
    proof_types_supported: z
      .record(z.string(), z.object({ proof_signing_alg_values_supported: z.array(z.string()) }).loose())
      .optional(),
    credential_definition: z
      .object({ type: z.array(z.string()) })
      .loose()
      .optional(),
    credential_metadata: z
      .object({ display: z.array(zDisplay).optional(), claims: z.array(z.unknown()).optional() })
      .loose()
      .optional(),
  })
  .loose();
export type CredentialConfiguration = z.output<typeof zCredentialConfiguration>;

/** §12.2.4 Credential Issuer Metadata Parameters (the members we use; others pass through). */
export const zIssuerMetadata = z
  .object({
    credential_issuer: z.url(),
    authorization_servers: z.array(z.url()).optional(),
    credential_endpoint: z.url(),
    nonce_endpoint: z.url().optional(),
    deferred_credential_endpoint: z.url().optional(),
    notification_endpoint: z.url().optional(),
    display: z.array(zDisplay).optional(),
    credential_configurations_supported: z.record(z.string(), zCredentialConfiguration),
  })
  .loose();
export type IssuerMetadata = z.output<typeof zIssuerMetadata>;

/** RFC 8414 §2 plus OpenID4VCI §12.3 `pre-authorized_grant_anonymous_access_supported`. */
export const zAuthorizationServerMetadata = z
  .object({
    issuer: z.url(),
    token_endpoint: z.url(),
    grant_types_supported: z.array(z.string()).optional(),
    'pre-authorized_grant_anonymous_access_supported': z.boolean().optional(),
  })
  .loose();
export type AuthorizationServerMetadata = z.output<typeof zAuthorizationServerMetadata>;

/** §6.1 Token Request with the pre-authorised code grant (form-encoded). */
export const zTokenRequest = z.object({
  grant_type: z.literal(PRE_AUTHORIZED_GRANT),
  'pre-authorized_code': z.string().min(1).max(512),
  tx_code: z.string().min(1).max(64).optional(),
});
export type TokenRequest = z.output<typeof zTokenRequest>;

/** §6.2 Successful Token Response. */
export const zTokenResponse = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string(),
    expires_in: z.number().int().positive().optional(),
    authorization_details: z.array(z.unknown()).optional(),
  })
  .loose();
export type TokenResponse = z.output<typeof zTokenResponse>;

/** §7.2 Nonce Response. */
export const zNonceResponse = z.object({ c_nonce: z.string().min(1) });

/** §8.2 Credential Request: a configuration id (or identifier) and key proofs (`proofs.jwt`, Appendix F.1). */
export const zCredentialRequest = z
  .object({
    credential_configuration_id: z.string().min(1).optional(),
    credential_identifier: z.string().min(1).optional(),
    proofs: z
      .object({ jwt: z.array(z.string().min(1)).min(1).max(10) })
      .loose()
      .optional(),
  })
  .refine((r) => Boolean(r.credential_configuration_id) !== Boolean(r.credential_identifier), {
    message: 'exactly one of credential_configuration_id and credential_identifier is required',
  });
export type CredentialRequest = z.output<typeof zCredentialRequest>;

/** §8.3 Credential Response (immediate issuance). */
export const zCredentialResponse = z
  .object({
    credentials: z
      .array(z.object({ credential: z.union([z.string(), z.record(z.string(), z.unknown())]) }))
      .min(1),
    notification_id: z.string().optional(),
  })
  .loose();
export type CredentialResponse = z.output<typeof zCredentialResponse>;

/** RFC 6749 §5.2 error body, also used by §8.3.1.2. */
export const zOAuthErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });
