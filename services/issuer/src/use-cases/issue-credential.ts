import { randomUUID } from 'node:crypto';
import { achievementFor, getItem } from '@sp/care-catalogue';
import type { SigningAlg } from '@sp/crypto';
import { buildTrainingCredential, signCredentialJwt, verifyKeyProofJwt } from '@sp/credential';
import { AppError, oauthError } from '@sp/http-kit';
import { zCredentialRequest } from '@sp/oid4vci';
import { statusEntry } from '@sp/status-list';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';
import { requireOrganisation } from './get-organisation-documents.js';

/** Key proofs older than this (by `iat`) are refused (OpenID4VCI 1.0 Appendix F.1 / §8.2.1.1). */
const PROOF_MAX_AGE_SECONDS = 300;

// RFC 6750 §3: the challenge names the error so clients know to get a new token.
const invalidToken = () =>
  oauthError('invalid_token', 'The access token is invalid, expired or already used', 401, {
    'WWW-Authenticate': 'Bearer error="invalid_token"',
  });

/**
 * Credential Endpoint (OpenID4VCI 1.0 §8): checks the bearer access token, the request (§8.2) and its one
 * `jwt` key proof (Appendix F.1: signature via the holder's did:jwk, `aud` = this Credential Issuer, fresh
 * `iat`, a single-use `c_nonce`), then signs a `jwt_vc_json` credential bound to the holder DID with the
 * organisation's active key. The offer moves to `credential_issued` in the same transaction that records the
 * credential and its status entry, so one token mints one credential.
 *
 * Errors (§8.3.1.2, 400): `invalid_credential_request`, `unknown_credential_configuration`, `invalid_proof`,
 * `invalid_nonce`; RFC 6750 `invalid_token` (401) for a missing, unknown, expired or used token.
 * @example const { credentials } = await issueCredential(ctx, 'acme', accessToken, req.body);
 */
export async function issueCredential(
  ctx: IssuerContext,
  slug: string,
  accessToken: string | undefined,
  body: unknown,
): Promise<{ credentials: { credential: string }[] }> {
  const org = await requireOrganisation(ctx, slug);
  const now = ctx.now();
  if (!accessToken) throw invalidToken();
  const offer = await ctx.offers.findByAccessToken(org.id, ctx.offerSecrets.codeHash(accessToken));
  if (offer?.state !== 'token_issued' || !offer.accessTokenExpiresAt || offer.accessTokenExpiresAt <= now) {
    throw invalidToken();
  }

  const parsed = zCredentialRequest.safeParse(body);
  if (!parsed.success) {
    throw oauthError('invalid_credential_request', 'The credential request is malformed');
  }
  const request = parsed.data;
  if (!request.credential_configuration_id) {
    // credential_identifier needs authorization_details from the token response, which we do not issue.
    throw oauthError('invalid_credential_request', 'Use credential_configuration_id');
  }
  if (request.credential_configuration_id !== offer.catalogueCode) {
    throw oauthError(
      'unknown_credential_configuration',
      'The access token does not cover this credential configuration',
    );
  }
  const proofs = request.proofs;
  if (!proofs?.jwt || Object.keys(proofs).length !== 1) {
    throw oauthError('invalid_proof', 'Exactly one proof of type jwt is required');
  }
  if (proofs.jwt.length !== 1) {
    // No batch_credential_issuance in our metadata: one key proof, one credential.
    throw oauthError('invalid_credential_request', 'Batch issuance is not supported: send one proof');
  }

  const identity = orgIdentity(ctx.config.baseUrl, org.slug);
  const proof = await verifyKeyProofJwt(proofs.jwt[0] as string, {
    audience: identity.issuer,
    resolver: ctx.resolver,
    now,
    maxAgeSeconds: PROOF_MAX_AGE_SECONDS,
  });
  if (!proof.ok) {
    ctx.logger.info({ offerId: offer.id, reason: proof.reason }, 'key proof refused');
    if (proof.reason === 'nonce_missing' || proof.reason === 'wrong_nonce') {
      throw oauthError(
        'invalid_nonce',
        'The key proof has no valid c_nonce; get one from the nonce endpoint',
      );
    }
    throw oauthError('invalid_proof', `The key proof is not valid (${proof.reason})`);
  }
  if (!proof.holderDid.startsWith('did:jwk:')) {
    throw oauthError(
      'invalid_proof',
      'The proof key must be a did:jwk (cryptographic_binding_methods_supported)',
    );
  }
  if (!(await ctx.offers.consumeNonce(proof.nonce, now))) {
    throw oauthError('invalid_nonce', 'The c_nonce is unknown, used or expired; get a new one');
  }

  const item = getItem(offer.catalogueCode);
  const key = await ctx.orgs.activeKey(org.id);
  if (!item || !key) {
    throw new AppError('internal', {
      detail: 'The credential cannot be issued',
      cause: { item: !!item, key: !!key },
    });
  }
  const credentialId = `urn:uuid:${randomUUID()}`;
  const validUntil = offer.achievement.validUntil ? new Date(offer.achievement.validUntil) : null;
  const result = await ctx.credentials.issueForOffer({
    offerId: offer.id,
    organisationId: org.id,
    credentialId,
    holderDid: proof.holderDid,
    catalogueCode: item.code,
    validUntil,
    now,
    sign: async (slot) => {
      const achievement = achievementFor(item, { catalogueBaseUrl: `${ctx.config.baseUrl}/catalogue` });
      const vc = buildTrainingCredential({
        id: credentialId,
        issuer: { did: identity.did, name: org.name },
        holderDid: proof.holderDid,
        achievement: {
          id: achievement.id,
          name: achievement.name,
          description: achievement.description,
          achievementType: achievement.achievementType,
          criteriaNarrative: achievement.criteria.narrative,
          alignment: achievement.alignment.map(({ type: _t, ...a }) => a),
        },
        issuedAt: now,
        ...(validUntil ? { validUntil } : {}),
        completionDate: offer.achievement.completionDate,
        deliveryMode: offer.achievement.deliveryMode as 'e_learning',
        assessmentMethod: offer.achievement.assessmentMethod,
        ...(offer.achievement.assessor ? { assessor: offer.achievement.assessor } : {}),
        // Bitstring Status List v1.0 §2.1: one entry per purpose, so the credential can be revoked (final)
        // or suspended (reversible).
        credentialStatus: [
          statusEntry({
            listUrl: identity.statusListUrl(slot.statusListId),
            index: slot.statusListIndex,
            purpose: 'revocation',
          }),
          statusEntry({
            listUrl: identity.statusListUrl(slot.suspensionListId),
            index: slot.suspensionListIndex,
            purpose: 'suspension',
          }),
        ],
      });
      return signCredentialJwt({
        vc,
        issuerDid: identity.did,
        kid: `${identity.did}#${key.kid}`,
        privateJwk: ctx.privateKeys.open(key),
        alg: key.alg as SigningAlg,
        now,
      });
    },
  });
  if (!result.ok) throw invalidToken();
  ctx.logger.info(
    { organisationId: org.id, offerId: offer.id, credentialId, statusListId: result.slot.statusListId },
    'credential issued',
  );
  return { credentials: [{ credential: result.value }] };
}
