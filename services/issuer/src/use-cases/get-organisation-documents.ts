import { credentialConfigurationsSupported, listItems } from '@sp/care-catalogue';
import { buildDidDocument, type DidDocument } from '@sp/did';
import { AppError } from '@sp/http-kit';
import type { AuthorizationServerMetadata, IssuerMetadata } from '@sp/oid4vci';
import { PRE_AUTHORIZED_GRANT } from '@sp/oid4vci';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/** Algorithms accepted for key proofs (RFC 8725 §3.1: a pinned list). */
export const PROOF_ALGS = ['EdDSA', 'ES256'];

/**
 * The organisation with this slug; `not_found` (404) otherwise.
 * @example const org = await requireOrganisation(ctx, req.params.slug);
 */
export async function requireOrganisation(ctx: IssuerContext, slug: string): Promise<OrganisationRecord> {
  const org = await ctx.orgs.findBySlug(slug);
  if (!org) throw new AppError('not_found', { detail: 'No such organisation' });
  return org;
}

/**
 * The organisation's did:web document: every key, active and retired (so credentials signed with a retired
 * key keep verifying), all listed under assertionMethod (DID Core §5.3.2).
 * @example const doc = await getDidDocument(ctx, 'acme');
 */
export async function getDidDocument(ctx: IssuerContext, slug: string): Promise<DidDocument> {
  const org = await requireOrganisation(ctx, slug);
  const keys = await ctx.orgs.listKeys(org.id);
  return buildDidDocument({
    did: orgIdentity(ctx.config.baseUrl, org.slug).did,
    keys: keys.map((k) => ({ fragment: k.kid, publicJwk: k.publicJwk, compromisedFrom: k.compromisedFrom })),
  });
}

/**
 * Credential Issuer Metadata (OpenID4VCI 1.0 §12.2.4) for one organisation: one credential configuration per
 * catalogue item its kind may attest, keyed by catalogue code.
 * @example const metadata = await getIssuerMetadata(ctx, 'acme');
 */
export async function getIssuerMetadata(ctx: IssuerContext, slug: string): Promise<IssuerMetadata> {
  const org = await requireOrganisation(ctx, slug);
  const key = await ctx.orgs.activeKey(org.id);
  const { issuer } = orgIdentity(ctx.config.baseUrl, org.slug);
  const items = listItems().filter((item) => item.issuerKinds.includes(org.kind));
  return {
    credential_issuer: issuer,
    authorization_servers: [issuer],
    credential_endpoint: `${issuer}/credential`,
    nonce_endpoint: `${issuer}/nonce`,
    display: [{ name: org.name, locale: 'en-GB' }],
    credential_configurations_supported: credentialConfigurationsSupported(items, {
      signingAlgs: [key?.alg ?? 'EdDSA'],
      bindingMethods: ['did:jwk'],
      proofSigningAlgs: PROOF_ALGS,
    }),
  };
}

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414 §2) for the organisation's token endpoint, with
 * OpenID4VCI 1.0 §12.3 `pre-authorized_grant_anonymous_access_supported` (wallets need no client id).
 * @example const as = await getAuthorizationServerMetadata(ctx, 'acme');
 */
export async function getAuthorizationServerMetadata(
  ctx: IssuerContext,
  slug: string,
): Promise<AuthorizationServerMetadata> {
  const org = await requireOrganisation(ctx, slug);
  const { issuer } = orgIdentity(ctx.config.baseUrl, org.slug);
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}
