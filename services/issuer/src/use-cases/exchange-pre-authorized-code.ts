import { randomToken } from '@sp/crypto';
import { oauthError } from '@sp/http-kit';
import type { TokenRequest } from '@sp/oid4vci';
import type { IssuerContext } from '../context.js';
import { requireOrganisation } from './get-organisation-documents.js';

/** Lifetime of an access token, in seconds: long enough to fetch a nonce and ask for the credential. */
export const ACCESS_TOKEN_TTL_SECONDS = 600;

/**
 * Tries at the tx_code per offer (OpenID4VCI 1.0 §13.6.2: limit the attempts). A 6-digit code then falls to a
 * guesser with odds of 5 in a million; the worker asks the issuer for a new offer after 5 wrong codes.
 */
export const MAX_TX_CODE_ATTEMPTS = 5;

/**
 * Token Endpoint, pre-authorised code grant (OpenID4VCI 1.0 §6.1–§6.3). The code is single use (offered →
 * token_issued in one conditional update) and expires with the offer. OAuth errors (RFC 6749 §5.2):
 * `invalid_grant` for an unknown, used or expired code, a wrong tx_code, or an offer whose
 * {@link MAX_TX_CODE_ATTEMPTS} tx_code tries are used up; `invalid_request` when a tx_code is required but missing,
 * or given but not expected (§6.3).
 * @example const token = await exchangePreAuthorizedCode(ctx, 'acme', { grant_type, 'pre-authorized_code': code });
 */
export async function exchangePreAuthorizedCode(
  ctx: IssuerContext,
  slug: string,
  request: TokenRequest,
): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
  const org = await requireOrganisation(ctx, slug);
  const now = ctx.now();
  const offer = await ctx.offers.findByPreAuthorizedCode(
    org.id,
    ctx.offerSecrets.codeHash(request['pre-authorized_code']),
  );
  const invalidGrant = oauthError('invalid_grant', 'The pre-authorised code is invalid, used or expired');
  if (offer?.state !== 'offered' || offer.expiresAt <= now) throw invalidGrant;
  if (offer.txCodeHash) {
    if (!request.tx_code) throw oauthError('invalid_request', 'This offer requires a tx_code');
    if (!(await ctx.offers.takeTxCodeAttempt(offer.id, MAX_TX_CODE_ATTEMPTS))) {
      ctx.logger.warn({ offerId: offer.id }, 'tx_code attempts used up');
      throw oauthError(
        'invalid_grant',
        'Too many wrong transaction codes for this offer; ask the issuer for a new offer',
      );
    }
    const presented = { offerId: offer.id, code: request['pre-authorized_code'], txCode: request.tx_code };
    if (!ctx.offerSecrets.txCodeMatches(offer.txCodeHash, presented)) {
      ctx.logger.info({ offerId: offer.id }, 'wrong tx_code');
      throw oauthError('invalid_grant', 'The transaction code is wrong');
    }
  } else if (request.tx_code) {
    throw oauthError('invalid_request', 'This offer does not use a tx_code');
  }
  const accessToken = randomToken();
  const won = await ctx.offers.issueAccessToken(offer.id, now, {
    hash: ctx.offerSecrets.codeHash(accessToken),
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000),
  });
  if (!won) throw invalidGrant;
  ctx.logger.info({ offerId: offer.id }, 'access token issued');
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}
