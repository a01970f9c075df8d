import { openPrivateKey } from '@sp/crypto';
import {
  createKeyProofJwt,
  decodeCredentialJwt,
  summariseCredential,
  verifyCredentialJwt,
} from '@sp/credential';
import { FetchError, type FetchResult, type KeyResolver, type SafeFetcher } from '@sp/did';
import { AppError, type Logger } from '@sp/http-kit';
import {
  authorizationServerMetadataUrl,
  issuerMetadataUrl,
  PRE_AUTHORIZED_GRANT,
  parseCredentialOfferUri,
  zAuthorizationServerMetadata,
  zCredentialOffer,
  zCredentialResponse,
  zIssuerMetadata,
  zNonceResponse,
  zOAuthErrorBody,
  zTokenResponse,
  type AuthorizationServerMetadata,
  type CredentialOffer,
} from '@sp/oid4vci';
import type { z } from 'zod';
import type { CredentialStore } from '../store/credential-store.js';
import type { OfferCache } from '../store/offer-cache.js';
import { type CredentialSummaryView, toCredentialSummary } from './list-credentials.js';

/** What the OpenID4VCI client needs. The fetcher is injected: tests and development allow loopback hosts. */
export interface AcceptOfferDeps {
  /** SSRF-safe fetcher (from @sp/did) used for EVERY outbound request of the flow. */
  fetcher: SafeFetcher;
  /** Resolves the issuer's DID (did:web through the same fetcher) to check the credential's signature. */
  resolver: KeyResolver;
  credentials: CredentialStore;
  /** Offers fetched by reference, so a retry (e.g. after a wrong tx_code) does not refetch a single-use offer. */
  offerCache?: OfferCache;
  kek: Uint8Array;
  previousKek?: Uint8Array | undefined;
  logger: Logger;
  now: () => Date;
}

/** The worker accepting the offer: the holder key is opened for the key proof only. */
export interface AcceptingWorker {
  id: string;
  did: string;
  sealedPrivateKey: string;
}

export interface AcceptOfferInput {
  /** `openid-credential-offer://?credential_offer_uri=…` (by reference) or `…?credential_offer=…` (by value). */
  offer: string;
  /** The transaction code the issuer sent the worker out of band (§4.1.1 `tx_code`). */
  txCode?: string | undefined;
}

/** The only credential format this wallet stores (OpenID4VCI 1.0 Appendix A.1.1). */
const FORMAT = 'jwt_vc_json';

/**
 * Accepts a credential offer as an OpenID4VCI 1.0 client (pre-authorised code flow) and stores the credential.
 *
 * Steps: offer (fetched when by reference, §4.1.3) → issuer metadata (§12.2.2) → authorisation server metadata
 * (RFC 8414; `authorization_servers[0]` or the issuer itself, §12.2.4) → token (§6, form POST with the
 * pre-authorised code and `tx_code`) → nonce (§7) → key proof (Appendix F.1, `aud` = credential issuer,
 * `kid` = `<did:jwk>#0`) → credential request (§8.2, `proofs.jwt`) → checks: the JWT decodes, its `sub` and
 * `credentialSubject.id` are this worker's DID, and its signature verifies against the issuer's DID (status is
 * not checked here; verifiers check it). Accepting the same credential twice stores it once. An offer fetched by
 * reference is kept for 15 minutes per worker (`offerCache`), so a retry after a missing or wrong tx_code works
 * although issuers serve each reference once.
 *
 * @throws AppError
 *  - `bad_request` (400): the offer URI is unreadable, has no pre-authorised code, needs a `txCode` that was not
 *    given or was wrong, points at an address the wallet may not contact, or offers another format;
 *  - `gone` (410, `reason: 'offer_unavailable'`): the offer was already used or has expired;
 *  - `bad_gateway` (502): the issuer is unreachable, answers outside the protocol, or returns a credential that
 *    is not bound to this worker or does not verify.
 * @example
 * ```ts
 * const { credential } = await acceptOffer(deps, worker, { offer: 'openid-credential-offer://?credential_offer_uri=…' });
 * ```
 */
export async function acceptOffer(
  deps: AcceptOfferDeps,
  worker: AcceptingWorker,
  input: AcceptOfferInput,
): Promise<{ credential: CredentialSummaryView; created: boolean }> {
  const { fetcher } = deps;
  const parsed = parseCredentialOfferUri(input.offer);
  if (!parsed) throw badRequest('The offer is not a valid credential offer URI', 'offer_invalid');

  // §4.1.3: an offer by reference is fetched with GET; our issuer makes that single use, so 404/410 = used up.
  const offer: CredentialOffer =
    'offer' in parsed ? parsed.offer : await fetchOffer(deps, worker.id, parsed.offerUrl);

  const grant = offer.grants?.[PRE_AUTHORIZED_GRANT];
  if (!grant) throw badRequest('Only offers with a pre-authorised code are supported', 'grant_unsupported');
  if (grant.tx_code && !input.txCode)
    throw badRequest('This offer needs the transaction code the issuer sent you', 'tx_code_required');

  // §12.2.2 / §12.2.3: metadata from the well-known URL, and its credential_issuer MUST equal the offer's.
  const metadata = parseUpstream(
    zIssuerMetadata,
    await call(
      () => fetcher.get(issuerMetadataUrl(offer.credential_issuer), { accept: 'application/json' }),
      'metadata',
    ),
    'issuer metadata',
  );
  if (metadata.credential_issuer !== offer.credential_issuer)
    throw badGateway('The issuer metadata names another credential issuer');
  const configurationId = offer.credential_configuration_ids[0] as string;
  const configuration = metadata.credential_configurations_supported[configurationId];
  if (!configuration) throw badGateway('The offered credential is not in the issuer metadata');
  if (configuration.format !== FORMAT)
    throw badRequest(`This wallet accepts ${FORMAT} credentials only`, 'format_unsupported');

  const asIssuer =
    grant.authorization_server ?? metadata.authorization_servers?.[0] ?? metadata.credential_issuer;
  const as = await authorizationServerMetadata(fetcher, asIssuer);

  // §6.1: token request, form-encoded (RFC 6749 §4.1.3 style).
  const form = new URLSearchParams({
    grant_type: PRE_AUTHORIZED_GRANT,
    'pre-authorized_code': grant['pre-authorized_code'],
  });
  if (input.txCode) form.set('tx_code', input.txCode);
  const tokenRes = await call(
    () =>
      fetcher.post(as.token_endpoint, form.toString(), {
        contentType: 'application/x-www-form-urlencoded',
        accept: 'application/json',
      }),
    'token',
    Boolean(input.txCode),
  );
  const token = parseUpstream(zTokenResponse, tokenRes, 'token response');
  if (token.token_type.toLowerCase() !== 'bearer')
    throw badGateway(`Unsupported access token type ${token.token_type}`);

  // §7: a fresh c_nonce from the nonce endpoint; older issuers put it in the token response.
  let nonce: string | undefined;
  if (metadata.nonce_endpoint) {
    const nonceRes = await call(
      () => fetcher.post(metadata.nonce_endpoint as string, '', { accept: 'application/json' }),
      'nonce',
    );
    nonce = parseUpstream(zNonceResponse, nonceRes, 'nonce response').c_nonce;
  } else if (typeof token['c_nonce'] === 'string' && token['c_nonce']) {
    nonce = token['c_nonce'];
  }
  if (!nonce) throw badGateway('The issuer provides no nonce for the key proof');

  const privateJwk = openPrivateKey(
    worker.sealedPrivateKey,
    deps.previousKek ? [deps.kek, deps.previousKek] : deps.kek,
    worker.id,
  );
  const proof = await createKeyProofJwt({
    holderDid: worker.did,
    kid: `${worker.did}#0`,
    privateJwk,
    alg: 'EdDSA',
    audience: offer.credential_issuer,
    nonce,
    now: deps.now(),
  });

  // §8.2: credential request with the access token (RFC 6750 bearer) and the key proof.
  const credRes = await call(
    () =>
      fetcher.post(
        metadata.credential_endpoint,
        JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }),
        {
          contentType: 'application/json',
          accept: 'application/json',
          headers: { authorization: `Bearer ${token.access_token}` },
        },
      ),
    'credential',
  );
  if (credRes.status === 202)
    throw badGateway('The issuer deferred the credential; deferred issuance is not supported');
  const issued = parseUpstream(zCredentialResponse, credRes, 'credential response').credentials[0]
    ?.credential;
  if (typeof issued !== 'string') throw badGateway(`The issuer did not return a ${FORMAT} credential`);

  const stored = await checkAndStore(deps, worker, issued);
  if ('offerUrl' in parsed) await deps.offerCache?.delete(worker.id, parsed.offerUrl);
  deps.logger.info(
    { workerId: worker.id, credentialId: stored.record.id, created: stored.created },
    'credential accepted',
  );
  return { credential: toCredentialSummary(stored.record), created: stored.created };
}

/** The offer behind a reference: from the short-lived cache when this worker fetched it before, else fetched. */
async function fetchOffer(
  deps: AcceptOfferDeps,
  workerId: string,
  offerUrl: string,
): Promise<CredentialOffer> {
  const cached = await deps.offerCache?.get(workerId, offerUrl);
  if (cached) {
    // Written by this function from a parsed offer; re-validated anyway rather than trusted.
    const parsed = zCredentialOffer.safeParse(JSON.parse(cached) as unknown);
    if (parsed.success) return parsed.data;
  }
  const offer = parseUpstream(
    zCredentialOffer,
    await call(() => deps.fetcher.get(offerUrl, { accept: 'application/json' }), 'offer'),
    'credential offer',
  );
  await deps.offerCache?.set(workerId, offerUrl, JSON.stringify(offer));
  return offer;
}

async function checkAndStore(deps: AcceptOfferDeps, worker: AcceptingWorker, jwt: string) {
  const decoded = decodeCredentialJwt(jwt);
  if (!decoded.ok) throw badGateway(`The issuer returned an unreadable credential (${decoded.reason})`);
  const subjects = Array.isArray(decoded.vc.credentialSubject)
    ? decoded.vc.credentialSubject
    : [decoded.vc.credentialSubject];
  // Holder binding: the credential must be about this worker's did:jwk (the key the proof was made with).
  if (decoded.payload.sub !== worker.did || subjects.some((s) => s.id !== worker.did))
    throw badGateway('The issuer returned a credential for someone else');

  const report = await verifyCredentialJwt(jwt, {
    resolver: deps.resolver,
    now: deps.now(),
    expectedHolder: worker.did,
  });
  // Status is left to verifiers (an unfetched status list reads as 'unknown'); everything else must pass.
  const failed = report.checks.find((c) => c.name !== 'status' && c.result !== 'pass');
  if (failed) throw badGateway(`The credential does not verify (${failed.reason ?? failed.name})`);

  const summary = summariseCredential(decoded.vc);
  const payload = decoded.payload as { jti?: unknown; nbf?: unknown; iat?: unknown; iss?: unknown };
  const credentialId = summary.id ?? (typeof payload.jti === 'string' ? payload.jti : null);
  if (!credentialId) throw badGateway('The credential has no id');
  const issuerDid = summary.issuerDid ?? (typeof payload.iss === 'string' ? payload.iss : null);
  if (!issuerDid) throw badGateway('The credential has no issuer');
  const nbf =
    typeof payload.nbf === 'number' ? payload.nbf : typeof payload.iat === 'number' ? payload.iat : null;
  const issuedAt = summary.issuedAt
    ? new Date(summary.issuedAt)
    : nbf !== null
      ? new Date(nbf * 1000)
      : deps.now();

  return deps.credentials.save({
    workerId: worker.id,
    credentialId,
    format: FORMAT,
    jwt,
    issuerDid,
    issuerName: summary.issuerName,
    catalogueCode: summary.catalogueCode,
    name: summary.name ?? 'Training record',
    summary: { ...summary, statusEntries: undefined },
    issuedAt,
    validUntil: summary.validUntil ? new Date(summary.validUntil) : null,
  });
}

/** RFC 8414 §3 metadata of the authorisation server; OpenID Connect Discovery as a fallback for plain AS. */
async function authorizationServerMetadata(
  fetcher: SafeFetcher,
  issuer: string,
): Promise<AuthorizationServerMetadata> {
  let res: FetchResult;
  try {
    res = await fetcher.get(authorizationServerMetadataUrl(issuer), { accept: 'application/json' });
  } catch (err) {
    if (!(err instanceof FetchError && err.code === 'http_status' && err.status === 404))
      throw upstreamError(err, 'metadata');
    const discovery = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    res = await call(() => fetcher.get(discovery, { accept: 'application/json' }), 'metadata');
  }
  return parseUpstream(zAuthorizationServerMetadata, res, 'authorisation server metadata');
}

type Step = 'offer' | 'metadata' | 'token' | 'nonce' | 'credential';

async function call(fn: () => Promise<FetchResult>, step: Step, sentTxCode = false): Promise<FetchResult> {
  try {
    return await fn();
  } catch (err) {
    throw upstreamError(err, step, sentTxCode);
  }
}

/** Maps a failed request of the flow to the wallet's own error (FetchError codes are the only input read). */
function upstreamError(err: unknown, step: Step, sentTxCode = false): AppError {
  if (!(err instanceof FetchError)) return badGateway(`The issuer could not be reached (${step})`, err);
  switch (err.code) {
    case 'invalid_url':
    case 'scheme_refused':
    case 'address_refused':
      return badRequest('The offer points to an address this wallet may not contact', 'address_refused', err);
    case 'http_status':
      break;
    default:
      return badGateway(`The issuer could not be reached (${step}: ${err.code})`, err);
  }
  const status = err.status ?? 0;
  if (step === 'offer' && (status === 404 || status === 410)) return offerUnavailable(err);
  if (step === 'token' && status >= 400 && status < 500) {
    const body = oauthBody(err.body);
    // §6.3: invalid_grant = wrong/expired pre-authorised code, or a wrong tx_code; invalid_request = tx_code
    // missing or unexpected. Issuers word the description; the error code alone cannot tell wrong tx_code apart.
    if (body?.error === 'invalid_grant') {
      if (sentTxCode && /tx_code|transaction code|\bpin\b/i.test(body.error_description ?? ''))
        return badRequest('The transaction code is wrong', 'tx_code_invalid', err);
      return offerUnavailable(err);
    }
    if (body?.error === 'invalid_request' && /tx_code|transaction code/i.test(body.error_description ?? ''))
      return badRequest(
        sentTxCode
          ? 'This offer does not take a transaction code'
          : 'This offer needs the transaction code the issuer sent you',
        sentTxCode ? 'tx_code_unexpected' : 'tx_code_required',
        err,
      );
    return badGateway(`The issuer refused the token request (${body?.error ?? status})`, err);
  }
  if (step === 'credential' && status >= 400 && status < 500) {
    const body = oauthBody(err.body);
    return badGateway(`The issuer refused the credential request (${body?.error ?? status})`, err);
  }
  return badGateway(`The issuer answered HTTP ${status} (${step})`, err);
}

function oauthBody(body: Buffer | undefined): z.output<typeof zOAuthErrorBody> | null {
  if (!body) return null;
  try {
    const parsed = zOAuthErrorBody.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function parseUpstream<S extends z.ZodType>(schema: S, res: FetchResult, what: string): z.output<S> {
  let json: unknown;
  try {
    json = res.json();
  } catch (cause) {
    throw badGateway(`The issuer's ${what} is not JSON`, cause);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badGateway(`The issuer's ${what} is not valid OpenID4VCI`, parsed.error);
  return parsed.data;
}

function offerUnavailable(cause: unknown): AppError {
  return new AppError('gone', {
    detail: 'offer_unavailable: this credential offer was already used or has expired',
    extra: { reason: 'offer_unavailable' },
    cause,
  });
}

function badRequest(detail: string, reason: string, cause?: unknown): AppError {
  return new AppError('bad_request', { detail, extra: { reason }, cause });
}

function badGateway(detail: string, cause?: unknown): AppError {
  return new AppError('bad_gateway', { detail, extra: { reason: 'issuer_error' }, cause });
}
