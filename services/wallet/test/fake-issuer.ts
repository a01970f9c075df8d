/**
 * A small OpenID4VCI 1.0 credential issuer for tests, written from the spec (not from our issuer service): issuer
 * metadata (§12.2), RFC 8414 authorisation server metadata, credential offers by value and by reference (§4.1,
 * by reference single use), the pre-authorised code token endpoint with tx_code (§6), the nonce endpoint (§7) and
 * the credential endpoint with `jwt` key proofs (§8, Appendix F.1). It signs `jwt_vc_json` credentials with
 * @sp/credential under a did:web served by the same loopback server.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTrainingCredential, signCredentialJwt, verifyKeyProofJwt } from '@sp/credential';
import { generateSigningKey, randomToken, type SigningKeyPair } from '@sp/crypto';
import { buildDidDocument, createKeyResolver, createSafeFetcher, didWebFromUrl } from '@sp/did';
import { credentialOfferUri, PRE_AUTHORIZED_GRANT, zCredentialRequest, zTokenRequest } from '@sp/oid4vci';
import express from 'express';

export const CONFIGURATION_ID = 'MovingAndHandling_jwt_vc_json';

interface OfferState {
  code: string;
  txCode?: string;
  credentialId: string;
  used: boolean;
}

export interface FakeIssuer {
  origin: string;
  /** Credential issuer identifier (has a path, to exercise the well-known insertion rule). */
  credentialIssuer: string;
  did: string;
  /** Endpoints hit, in order (`offer`, `issuer-metadata`, `as-metadata`, `token`, `nonce`, `credential`). */
  calls: string[];
  /** Makes an offer; returns the `openid-credential-offer://` URI. */
  createOffer(opts?: { txCode?: string; byValue?: boolean; credentialId?: string }): string;
  /** Test knobs for negative cases. */
  misbehave: { bindTo?: string; signWithOtherKey?: boolean };
  close(): Promise<void>;
}

export async function startFakeIssuer(): Promise<FakeIssuer> {
  const app = express();
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const credentialIssuer = `${origin}/issuer`;
  const did = didWebFromUrl(origin);
  const key: SigningKeyPair = await generateSigningKey('EdDSA');
  const otherKey: SigningKeyPair = await generateSigningKey('EdDSA');
  const offers = new Map<string, OfferState>(); // by pre-authorised code
  const offersByRef = new Map<string, object>(); // single-use offer documents
  const accessTokens = new Map<string, OfferState>();
  const nonces = new Set<string>();
  const calls: string[] = [];
  const misbehave: FakeIssuer['misbehave'] = {};
  // The holder proof's did:jwk resolves locally; the fetcher is never used for it.
  const resolver = createKeyResolver({ fetcher: createSafeFetcher() });
  const oauthError = (res: express.Response, status: number, error: string, description: string) =>
    res.status(status).json({ error, error_description: description });

  app.get('/.well-known/did.json', (_req, res) => {
    res.json(buildDidDocument({ did, keys: [{ fragment: 'key-1', publicJwk: key.publicJwk }] }));
  });
  app.get('/.well-known/openid-credential-issuer/issuer', (_req, res) => {
    calls.push('issuer-metadata');
    res.json({
      credential_issuer: credentialIssuer,
      credential_endpoint: `${credentialIssuer}/credential`,
      nonce_endpoint: `${credentialIssuer}/nonce`,
      display: [{ name: 'Fake Training Ltd' }],
      credential_configurations_supported: {
        [CONFIGURATION_ID]: {
          format: 'jwt_vc_json',
          cryptographic_binding_methods_supported: ['did:jwk'],
          credential_signing_alg_values_supported: ['EdDSA'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
          credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
        },
      },
    });
  });
  app.get('/.well-known/oauth-authorization-server/issuer', (_req, res) => {
    calls.push('as-metadata');
    res.json({
      issuer: credentialIssuer,
      token_endpoint: `${credentialIssuer}/token`,
      grant_types_supported: [PRE_AUTHORIZED_GRANT],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
  });
  app.get('/issuer/offers/:id', (req, res) => {
    calls.push('offer');
    const offer = offersByRef.get(req.params.id);
    if (!offer) return void res.status(404).json({ error: 'not_found' });
    offersByRef.delete(req.params.id); // single use
    res.json(offer);
  });
  app.post('/issuer/token', (req, res) => {
    calls.push('token');
    const parsed = zTokenRequest.safeParse(req.body);
    if (!parsed.success) return void oauthError(res, 400, 'invalid_request', 'malformed token request');
    const state = offers.get(parsed.data['pre-authorized_code']);
    if (!state || state.used)
      return void oauthError(res, 400, 'invalid_grant', 'pre-authorized_code is invalid, used or expired');
    // §6.3: tx_code missing → invalid_request; wrong → invalid_grant.
    if (state.txCode && !parsed.data.tx_code)
      return void oauthError(res, 400, 'invalid_request', 'tx_code is required');
    if (state.txCode && parsed.data.tx_code !== state.txCode)
      return void oauthError(res, 400, 'invalid_grant', 'tx_code is wrong');
    state.used = true;
    const accessToken = randomToken();
    accessTokens.set(accessToken, state);
    res
      .set('Cache-Control', 'no-store')
      .json({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 });
  });
  app.post('/issuer/nonce', (_req, res) => {
    calls.push('nonce');
    const c_nonce = randomToken(16);
    nonces.add(c_nonce);
    res.set('Cache-Control', 'no-store').json({ c_nonce });
  });
  app.post('/issuer/credential', async (req, res) => {
    calls.push('credential');
    const auth = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const state = auth ? accessTokens.get(auth[1] as string) : undefined;
    if (!state) return void oauthError(res, 401, 'invalid_token', 'unknown access token');
    const body = zCredentialRequest.safeParse(req.body);
    if (!body.success || body.data.credential_configuration_id !== CONFIGURATION_ID || !body.data.proofs)
      return void oauthError(res, 400, 'invalid_credential_request', 'bad request');
    const proof = await verifyKeyProofJwt(body.data.proofs.jwt[0] as string, {
      audience: credentialIssuer,
      resolver,
    });
    if (!proof.ok) return void oauthError(res, 400, 'invalid_proof', proof.reason);
    if (!nonces.delete(proof.nonce)) return void oauthError(res, 400, 'invalid_nonce', 'unknown c_nonce');
    const vc = buildTrainingCredential({
      id: state.credentialId,
      issuer: { did, name: 'Fake Training Ltd' },
      holderDid: misbehave.bindTo ?? proof.holderDid,
      achievement: {
        id: 'https://catalogue.example/items/moving-and-handling',
        name: 'Moving and handling',
        description: 'Safe moving and handling of people',
        criteriaNarrative: 'Completed the course and passed the observed assessment',
        alignment: [
          {
            targetName: 'Standard 13: Safeguarding adults',
            targetUrl: 'https://catalogue.example/cc/13',
            targetCode: 'CC-STD-13',
            targetFramework: 'Care Certificate',
          },
        ],
      },
      issuedAt: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 365 * 86_400_000),
      completionDate: '2026-01-15',
      deliveryMode: 'classroom',
      assessmentMethod: 'observation',
    });
    const signer = misbehave.signWithOtherKey ? otherKey : key;
    const credential = await signCredentialJwt({
      vc,
      issuerDid: did,
      kid: `${did}#key-1`,
      privateJwk: signer.privateJwk,
      alg: 'EdDSA',
    });
    res.json({ credentials: [{ credential }] });
  });

  return {
    origin,
    credentialIssuer,
    did,
    calls,
    misbehave,
    createOffer(opts = {}) {
      const code = randomToken();
      offers.set(code, {
        code,
        ...(opts.txCode ? { txCode: opts.txCode } : {}),
        credentialId: opts.credentialId ?? `urn:uuid:${randomUUID()}`,
        used: false,
      });
      const offer = {
        credential_issuer: credentialIssuer,
        credential_configuration_ids: [CONFIGURATION_ID],
        grants: {
          [PRE_AUTHORIZED_GRANT]: {
            'pre-authorized_code': code,
            ...(opts.txCode ? { tx_code: { input_mode: 'numeric', length: opts.txCode.length } } : {}),
          },
        },
      };
      if (opts.byValue)
        return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
      const ref = randomUUID();
      offersByRef.set(ref, offer);
      return credentialOfferUri(`${credentialIssuer}/offers/${ref}`);
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
