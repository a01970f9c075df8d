import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JWK } from '@sp/crypto';
import { createBitstring, setBit, statusEntry, statusListCredentialPayload } from '@sp/status-list';
import {
  type KeyResolver,
  type ResolvedKey,
  type TrainingCredentialInput,
  buildTrainingCredential,
  signStatusListCredentialJwt,
} from '../src/index.js';

export const vectorDir = join(dirname(fileURLToPath(import.meta.url)), 'vectors');

interface KeyPairJson {
  publicJwk: JWK;
  privateJwk: JWK;
}
const keyFile = JSON.parse(readFileSync(join(vectorDir, 'keys.json'), 'utf8')) as Record<
  'issuer' | 'otherIssuer' | 'holder' | 'otherHolder' | 'attacker',
  KeyPairJson
>;

/** did:jwk (did:jwk spec §2): base64url of the UTF-8 JSON of the public JWK; its only key is `#0`. */
export function didJwk(publicJwk: JWK): string {
  return `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString('base64url')}`;
}

export const ISSUER_DID = 'did:web:issuer.example';
export const ISSUER_KID = `${ISSUER_DID}#key-1`;
export const OTHER_ISSUER_DID = 'did:web:other-issuer.example';
export const OTHER_ISSUER_KID = `${OTHER_ISSUER_DID}#key-1`;
export const HOLDER_DID = didJwk(keyFile.holder.publicJwk);
export const HOLDER_KID = `${HOLDER_DID}#0`;
export const OTHER_HOLDER_DID = didJwk(keyFile.otherHolder.publicJwk);
export const OTHER_HOLDER_KID = `${OTHER_HOLDER_DID}#0`;

export const keys = {
  issuer: { did: ISSUER_DID, kid: ISSUER_KID, ...keyFile.issuer },
  otherIssuer: { did: OTHER_ISSUER_DID, kid: OTHER_ISSUER_KID, ...keyFile.otherIssuer },
  holder: { did: HOLDER_DID, kid: HOLDER_KID, ...keyFile.holder },
  otherHolder: { did: OTHER_HOLDER_DID, kid: OTHER_HOLDER_KID, ...keyFile.otherHolder },
  attacker: keyFile.attacker,
};

/** The moment every vector is checked at. */
export const NOW = new Date('2025-06-01T12:00:00Z');
export const ISSUED = new Date('2025-05-01T09:30:00Z');
export const VALID_UNTIL = new Date('2028-05-01T00:00:00Z');
export const AUDIENCE = 'https://verifier.example';
export const NONCE = 'n-0S6_WzA2Mj';

export const LIST_REVOCATION = 'https://issuer.example/status/1';
export const LIST_SUSPENSION = 'https://issuer.example/status/2';
export const LIST_UNAVAILABLE = 'https://issuer.example/status/3';
export const LIST_WRONG_ISSUER = 'https://issuer.example/status/4';
export const REVOKED_INDEX = 94_567;
export const SUSPENDED_INDEX = 23_452;

/**
 * An in-memory stand-in for `@sp/did`: did:web keys from a table, did:jwk keys from the DID itself,
 * and a set of DIDs whose resolution fails as a network failure would.
 */
export function memoryResolver(opts: { unreachable?: string[] } = {}): KeyResolver & { calls: string[] } {
  const table = new Map<string, ResolvedKey>();
  for (const k of [keys.issuer, keys.otherIssuer]) {
    table.set(k.kid, {
      didUrl: k.kid,
      controller: k.did,
      publicJwk: k.publicJwk,
      relationships: ['assertionMethod'],
    });
  }
  const unreachable = new Set(opts.unreachable ?? []);
  const calls: string[] = [];
  return {
    calls,
    async resolveKey(didUrl: string): Promise<ResolvedKey | null> {
      calls.push(didUrl);
      const [did, fragment] = didUrl.split('#') as [string, string | undefined];
      if (unreachable.has(did)) throw new Error('connect ECONNREFUSED');
      if (did.startsWith('did:jwk:')) {
        if (fragment !== '0') return null;
        try {
          const publicJwk = JSON.parse(
            Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'),
          ) as JWK;
          // did:jwk §3.1: the one key is in every relationship (it is not an encryption key).
          return { didUrl, controller: did, publicJwk, relationships: ['assertionMethod', 'authentication'] };
        } catch {
          return null;
        }
      }
      return table.get(didUrl) ?? null;
    },
  };
}

/** A fresh training credential input (builders return fresh objects). */
export function makeInput(o: Partial<TrainingCredentialInput> = {}): TrainingCredentialInput {
  return {
    id: 'urn:uuid:3f1c2a9e-5b7d-4c8e-9f0a-1b2c3d4e5f60',
    issuer: { did: ISSUER_DID, name: 'Acme Training', url: 'https://issuer.example' },
    holderDid: HOLDER_DID,
    achievement: {
      id: 'https://catalogue.example/items/moving-and-handling',
      name: 'Moving and handling',
      description: 'Safe moving and handling of people, including the use of hoists and slide sheets.',
      achievementType: 'CertificateOfCompletion',
      criteriaNarrative: 'Completed the course and passed a practical observation.',
      alignment: [
        {
          targetName: 'Standard 13: Health and safety',
          targetCode: 'CC-STD-13',
          targetFramework: 'Care Certificate',
          targetUrl: 'https://catalogue.example/frameworks/care-certificate/13',
        },
      ],
    },
    issuedAt: ISSUED,
    validUntil: VALID_UNTIL,
    completionDate: '2025-04-30',
    deliveryMode: 'classroom',
    assessmentMethod: 'practical observation',
    assessor: 'J. Smith, Registered Manager',
    credentialStatus: statusEntry({ listUrl: LIST_REVOCATION, index: 7, purpose: 'revocation' }),
    ...o,
  };
}

export const buildVc = (o: Partial<TrainingCredentialInput> = {}) => buildTrainingCredential(makeInput(o));

/** Sign arbitrary header and payload with an Ed25519 JWK, bypassing every library rule (for negatives). */
export function rawSign(header: object, payload: object, privateJwk: JWK): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const key = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  return `${input}.${nodeSign(null, Buffer.from(input), key).toString('base64url')}`;
}

/** Status lists used by the vectors: revocation with REVOKED_INDEX set, suspension with SUSPENDED_INDEX set. */
export async function makeStatusLists(): Promise<Record<string, string>> {
  const revocation = createBitstring();
  setBit(revocation, REVOKED_INDEX, true);
  const suspension = createBitstring();
  setBit(suspension, SUSPENDED_INDEX, true);
  const sign = (id: string, bits: Uint8Array, purpose: 'revocation' | 'suspension', signer = keys.issuer) =>
    signStatusListCredentialJwt({
      vc: statusListCredentialPayload({ id, issuer: signer.did, purpose, bits, validFrom: ISSUED }),
      issuerDid: signer.did,
      kid: signer.kid,
      privateJwk: signer.privateJwk,
      alg: 'EdDSA',
      now: ISSUED,
    });
  return {
    [LIST_REVOCATION]: await sign(LIST_REVOCATION, revocation, 'revocation'),
    [LIST_SUSPENSION]: await sign(LIST_SUSPENSION, suspension, 'suspension'),
    // A list signed by someone other than the credential's issuer must not speak for it.
    [LIST_WRONG_ISSUER]: await sign(LIST_WRONG_ISSUER, createBitstring(), 'revocation', keys.otherIssuer),
  };
}

/** A status list fetcher over a table; URLs not in it reject, as an unreachable server would. */
export function tableFetcher(
  lists: Record<string, string>,
): ((url: string) => Promise<string>) & { calls: string[] } {
  const calls: string[] = [];
  const fetcher = async (url: string): Promise<string> => {
    calls.push(url);
    const jwt = lists[url];
    if (jwt === undefined) throw new Error(`GET ${url}: 503`);
    return jwt;
  };
  return Object.assign(fetcher, { calls });
}

/** Decode a compact JWS to its header and payload (for the decoded form beside each vector). */
export function decodeParts(jwt: string): { header: unknown; payload: unknown } {
  const [h, p] = jwt.split('.') as [string, string];
  const parse = (s: string): unknown => {
    try {
      return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  };
  return { header: parse(h), payload: parse(p) };
}
