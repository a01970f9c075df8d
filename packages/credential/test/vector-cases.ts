import { createHmac } from 'node:crypto';
import { statusEntry } from '@sp/status-list';
import { signCredentialJwt, signPresentationJwt } from '../src/index.js';
import {
  AUDIENCE,
  HOLDER_DID,
  ISSUED,
  ISSUER_DID,
  ISSUER_KID,
  LIST_REVOCATION,
  LIST_SUSPENSION,
  LIST_UNAVAILABLE,
  LIST_WRONG_ISSUER,
  NONCE,
  OTHER_HOLDER_DID,
  OTHER_ISSUER_DID,
  REVOKED_INDEX,
  SUSPENDED_INDEX,
  buildVc,
  decodeParts,
  keys,
  rawSign,
} from './helpers.js';

export interface ExpectedCheck {
  name: string;
  result: 'pass' | 'fail' | 'unknown';
  reason?: string;
}
export interface VectorCase {
  name: string;
  description: string;
  kind: 'credential' | 'presentation';
  compact: string;
  options: {
    expectedHolder?: string;
    unreachable?: string[];
    recognised?: string[];
    audience?: string;
    nonce?: string;
  };
  expected: {
    verified: boolean;
    checks: ExpectedCheck[];
    credentials?: { verified: boolean; checks: ExpectedCheck[] }[];
  };
}

const P = (name: string): ExpectedCheck => ({ name, result: 'pass' });
const F = (name: string, reason: string): ExpectedCheck => ({ name, result: 'fail', reason });
const U = (name: string, reason: string): ExpectedCheck => ({ name, result: 'unknown', reason });
const VC_OK_BOUND = [P('format'), P('signature'), P('validity_window'), P('holder_binding'), P('status')];
const VP_OK = [P('format'), P('signature'), P('validity_window'), P('audience'), P('nonce')];

const uuid = (n: number) => `urn:uuid:3f1c2a9e-5b7d-4c8e-9f0a-${n.toString(16).padStart(12, '0')}`;

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function signVc(vc = buildVc(), signer = keys.issuer): Promise<string> {
  return signCredentialJwt({
    vc,
    issuerDid: signer.did,
    kid: signer.kid,
    privateJwk: signer.privateJwk,
    alg: 'EdDSA',
    now: ISSUED,
  });
}

async function signVp(credentials: string[], o: { audience?: string; nonce?: string } = {}): Promise<string> {
  return signPresentationJwt({
    holderDid: keys.holder.did,
    kid: keys.holder.kid,
    privateJwk: keys.holder.privateJwk,
    alg: 'EdDSA',
    credentials,
    audience: o.audience ?? AUDIENCE,
    nonce: o.nonce ?? NONCE,
    // Signed a minute before the vectors are checked: inside the default 300 s lifetime.
    now: new Date('2025-06-01T11:59:00Z'),
  });
}

function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  payload.vc.name = 'Advanced moving and handling';
  return `${h}.${b64(payload)}.${s}`;
}

/** Every credential vector, built from the fixed keys at fixed times, so the compact forms are stable. */
export async function buildCases(): Promise<VectorCase[]> {
  const ok = await signVc();
  const both = await signVc(
    buildVc({
      id: uuid(2),
      credentialStatus: [
        statusEntry({ listUrl: LIST_REVOCATION, index: 8, purpose: 'revocation' }),
        statusEntry({ listUrl: LIST_SUSPENSION, index: 9, purpose: 'suspension' }),
      ],
    }),
  );
  const okPayload = decodeParts(ok).payload as Record<string, unknown>;
  const header = { alg: 'EdDSA', typ: 'JWT', kid: ISSUER_KID };

  const cases: VectorCase[] = [
    {
      name: 'valid',
      description:
        'A presentation of two credentials (one with revocation and suspension entries); all checks pass',
      kind: 'presentation',
      compact: await signVp([ok, both]),
      options: {},
      expected: {
        verified: true,
        checks: VP_OK,
        credentials: [
          { verified: true, checks: VC_OK_BOUND },
          { verified: true, checks: VC_OK_BOUND },
        ],
      },
    },
    {
      name: 'valid-credential',
      description: 'One credential, holder and issuer register checked',
      kind: 'credential',
      compact: ok,
      options: { expectedHolder: HOLDER_DID, recognised: [ISSUER_DID] },
      expected: {
        verified: true,
        checks: [
          P('format'),
          P('signature'),
          P('validity_window'),
          P('holder_binding'),
          P('issuer_recognised'),
          P('status'),
        ],
      },
    },
    {
      name: 'expired',
      description: 'expirationDate/exp in the past',
      kind: 'credential',
      compact: await signVc(
        buildVc({
          id: uuid(3),
          issuedAt: new Date('2020-01-01T00:00:00Z'),
          validUntil: new Date('2021-01-01T00:00:00Z'),
        }),
      ),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), F('validity_window', 'expired'), P('status')],
      },
    },
    {
      name: 'not-yet-valid',
      description: 'issuanceDate/nbf a month after the check',
      kind: 'credential',
      compact: await signVc(buildVc({ id: uuid(4), issuedAt: new Date('2025-07-01T00:00:00Z') })),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), F('validity_window', 'not_yet_valid'), P('status')],
      },
    },
    {
      name: 'tampered-payload',
      description: 'The credential name changed after signing',
      kind: 'credential',
      compact: tamper(ok),
      options: {},
      expected: { verified: false, checks: [F('signature', 'signature_invalid')] },
    },
    {
      name: 'wrong-aud',
      description: 'A presentation made for another verifier',
      kind: 'presentation',
      compact: await signVp([ok], { audience: 'https://attacker.example' }),
      options: {},
      expected: {
        verified: false,
        checks: [
          P('format'),
          P('signature'),
          P('validity_window'),
          F('audience', 'wrong_audience'),
          P('nonce'),
        ],
        credentials: [{ verified: true, checks: VC_OK_BOUND }],
      },
    },
    {
      name: 'wrong-nonce',
      description: 'A presentation replayed from another request',
      kind: 'presentation',
      compact: await signVp([ok], { nonce: 'an-older-nonce' }),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), P('validity_window'), P('audience'), F('nonce', 'wrong_nonce')],
        credentials: [{ verified: true, checks: VC_OK_BOUND }],
      },
    },
    {
      name: 'alg-none',
      description: 'An unsecured JWT (alg none, empty signature) with a valid payload',
      kind: 'credential',
      compact: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(okPayload)}.`,
      options: {},
      expected: { verified: false, checks: [F('signature', 'alg_not_allowed')] },
    },
    {
      name: 'hs256',
      description: "HS256 keyed with the issuer's public key bytes (algorithm confusion)",
      kind: 'credential',
      compact: (() => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: ISSUER_KID })}.${b64(okPayload)}`;
        const secret = Buffer.from(keys.issuer.publicJwk.x as string, 'base64url');
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      })(),
      options: {},
      expected: { verified: false, checks: [F('signature', 'alg_not_allowed')] },
    },
    {
      name: 'embedded-jwk',
      description: "Signed by an attacker who embeds their key as a jwk header and names the issuer's kid",
      kind: 'credential',
      compact: rawSign({ ...header, jwk: keys.attacker.publicJwk }, okPayload, keys.attacker.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('signature', 'embedded_key_refused')] },
    },
    {
      name: 'crit-header',
      description: 'A crit header naming an extension we do not implement (properly signed by the issuer)',
      kind: 'credential',
      compact: rawSign({ ...header, crit: ['exp'] }, okPayload, keys.issuer.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('format', 'crit_unsupported')] },
    },
    {
      name: 'other-holder',
      description: 'The holder presents a credential issued to someone else',
      kind: 'presentation',
      compact: await signVp([await signVc(buildVc({ id: uuid(5), holderDid: OTHER_HOLDER_DID }))]),
      options: {},
      expected: {
        verified: false,
        checks: VP_OK,
        credentials: [
          {
            verified: false,
            checks: [
              P('format'),
              P('signature'),
              P('validity_window'),
              F('holder_binding', 'holder_mismatch'),
              P('status'),
            ],
          },
        ],
      },
    },
    {
      name: 'unknown-kid',
      description: "A kid that is not in the issuer's DID document",
      kind: 'credential',
      compact: rawSign({ ...header, kid: `${ISSUER_DID}#key-99` }, okPayload, keys.issuer.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('signature', 'key_not_found')] },
    },
    {
      name: 'kid-of-another-did',
      description: "iss is the issuer but kid (and signature) belong to another organisation's DID",
      kind: 'credential',
      compact: rawSign({ ...header, kid: keys.otherIssuer.kid }, okPayload, keys.otherIssuer.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('signature', 'key_not_found')] },
    },
    {
      name: 'did-unresolvable',
      description: "The issuer's DID document cannot be fetched",
      kind: 'credential',
      compact: ok,
      options: { unreachable: [ISSUER_DID] },
      expected: { verified: false, checks: [F('signature', 'did_unresolvable')] },
    },
    {
      name: 'typ-not-allowed',
      description: 'A key proof typ on a credential',
      kind: 'credential',
      compact: rawSign({ ...header, typ: 'openid4vci-proof+jwt' }, okPayload, keys.issuer.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('format', 'typ_not_allowed')] },
    },
    {
      name: 'exp-as-string',
      description: 'exp is a string, not a NumericDate (properly signed)',
      kind: 'credential',
      compact: rawSign(header, { ...okPayload, exp: '2030-01-01' }, keys.issuer.privateJwk),
      options: {},
      expected: { verified: false, checks: [F('format', 'claims_invalid'), P('signature')] },
    },
    {
      name: 'issuer-mismatch',
      description: 'iss and vc.issuer.id name different DIDs (properly signed by iss)',
      kind: 'credential',
      compact: rawSign(
        header,
        {
          ...okPayload,
          vc: { ...(okPayload.vc as object), issuer: { id: OTHER_ISSUER_DID, type: ['Profile'], name: 'X' } },
        },
        keys.issuer.privateJwk,
      ),
      options: {},
      expected: { verified: false, checks: [F('format', 'claims_invalid'), P('signature')] },
    },
    {
      name: 'issuer-not-recognised',
      description: 'The issuer register does not list the issuer',
      kind: 'credential',
      compact: ok,
      options: { recognised: [OTHER_ISSUER_DID] },
      expected: {
        verified: false,
        checks: [
          P('format'),
          P('signature'),
          P('validity_window'),
          F('issuer_recognised', 'issuer_not_recognised'),
          P('status'),
        ],
      },
    },
    {
      name: 'revoked-index',
      description: 'The revocation bit at the credential index is set',
      kind: 'credential',
      compact: await signVc(
        buildVc({
          id: uuid(6),
          credentialStatus: statusEntry({
            listUrl: LIST_REVOCATION,
            index: REVOKED_INDEX,
            purpose: 'revocation',
          }),
        }),
      ),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), P('validity_window'), F('status', 'revoked')],
      },
    },
    {
      name: 'suspended-index',
      description: 'Not revoked, but the suspension bit is set',
      kind: 'credential',
      compact: await signVc(
        buildVc({
          id: uuid(7),
          credentialStatus: [
            statusEntry({ listUrl: LIST_REVOCATION, index: 10, purpose: 'revocation' }),
            statusEntry({ listUrl: LIST_SUSPENSION, index: SUSPENDED_INDEX, purpose: 'suspension' }),
          ],
        }),
      ),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), P('validity_window'), F('status', 'suspended')],
      },
    },
    {
      name: 'status-unavailable',
      description: 'The status list server does not answer: status unknown, credential not verified',
      kind: 'credential',
      compact: await signVc(
        buildVc({
          id: uuid(8),
          credentialStatus: statusEntry({ listUrl: LIST_UNAVAILABLE, index: 1, purpose: 'revocation' }),
        }),
      ),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), P('validity_window'), U('status', 'status_unavailable')],
      },
    },
    {
      name: 'status-list-other-issuer',
      description: 'The status list is validly signed, but by another issuer',
      kind: 'credential',
      compact: await signVc(
        buildVc({
          id: uuid(9),
          credentialStatus: statusEntry({ listUrl: LIST_WRONG_ISSUER, index: 1, purpose: 'revocation' }),
        }),
      ),
      options: {},
      expected: {
        verified: false,
        checks: [P('format'), P('signature'), P('validity_window'), F('status', 'status_invalid')],
      },
    },
    {
      name: 'vp-with-tampered-credential',
      description: 'A valid presentation wrapping a tampered credential (did-jwt-vc issue 92)',
      kind: 'presentation',
      compact: await signVp([ok, tamper(ok)]),
      options: {},
      expected: {
        verified: false,
        checks: VP_OK,
        credentials: [
          { verified: true, checks: VC_OK_BOUND },
          { verified: false, checks: [F('signature', 'signature_invalid')] },
        ],
      },
    },
  ];
  return cases;
}
