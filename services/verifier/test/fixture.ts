// A fake issuer + wallet for the verifier's integration tests: one express server on 127.0.0.1:0 serving
// did:web documents, status list credentials and share links, signing with @sp/credential like the real
// issuer and wallet do. Not a test file itself (no `.test.ts` suffix).
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  buildTrainingCredential,
  signCredentialJwt,
  signPresentationJwt,
  signStatusListCredentialJwt,
} from '@sp/credential';
import { generateSigningKey, type JWK } from '@sp/crypto';
import { buildDidDocument, type DidDocument, didJwkFromJwk, didWebFromUrl } from '@sp/did';
import { createBitstring, setBit, statusEntry, statusListCredentialPayload } from '@sp/status-list';
import express from 'express';
import type { VerifierConfig } from '../src/config.js';

/** The real PostgreSQL of this machine, as every int test uses it. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sp_test';

/**
 * A verifier configuration for int tests: port 0 on loopback, the fake parties' loopback host allowed as a
 * development host (10.0.0.1 and 169.254.169.254 stay refused), the machine's PostgreSQL and Redis, quiet logs.
 * @example const sut = await startVerifier(testVerifierConfig(ADMIN, { trustedIssuers: [did] }), deps);
 */
export function testVerifierConfig(
  adminToken: string | undefined,
  over: Partial<VerifierConfig> = {},
): VerifierConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://127.0.0.1:3003',
    adminToken,
    trustedIssuers: [],
    devAllowedHosts: ['127.0.0.1'],
    databaseUrl: TEST_DATABASE_URL,
    pgliteDir: '',
    redisUrl: 'redis://127.0.0.1:6379',
    logLevel: 'silent',
    fetchTimeoutMs: 2_000,
    // Its own Redis namespace (queues, sign-in failure counts that outlive a run by 15 minutes).
    queuePrefix: `verifier-test-${randomUUID().slice(0, 8)}`,
    ...over,
  };
}

export interface FakeIssuer {
  did: string;
  kid: string;
  name: string;
  privateJwk: JWK;
}

export interface FakeHolder {
  did: string;
  kid: string;
  privateJwk: JWK;
}

/** What a share link answers: a presentation for the verifier's nonce, or an HTTP error. */
export type ShareBehaviour =
  | { kind: 'present'; holder: FakeHolder; credentials: string[] }
  | { kind: 'status'; status: number; body: object };

export interface FakeParty {
  base: string;
  /** Every share link request seen: the query the verifier sent. */
  shareRequests: { token: string; nonce: string | undefined; verifier: string | undefined }[];
  makeIssuer(name: string): Promise<FakeIssuer>;
  makeHolder(): Promise<FakeHolder>;
  /** Publishes a revocation list; returns its URL. */
  publishStatusList(issuer: FakeIssuer, opts?: { revoked?: number[] }): Promise<string>;
  issue(
    issuer: FakeIssuer,
    holder: FakeHolder,
    opts?: { code?: string; name?: string; statusListUrl?: string; index?: number; completionDate?: string },
  ): Promise<string>;
  present(holder: FakeHolder, credentials: string[], audience: string, nonce: string): Promise<string>;
  /** Registers a share link; returns its URL (`${base}/shares/<token>`). */
  share(behaviour: ShareBehaviour): string;
  close(): Promise<void>;
}

export async function startFakeParty(): Promise<FakeParty> {
  const docs = new Map<string, DidDocument>();
  const lists = new Map<string, string>();
  const shares = new Map<string, ShareBehaviour>();
  const shareRequests: FakeParty['shareRequests'] = [];
  const app = express();
  app.get('/issuers/:name/did.json', (req, res) => {
    const doc = docs.get(req.params.name);
    if (!doc) res.status(404).json({});
    else res.json(doc);
  });
  app.get('/status/:id', (req, res) => {
    const jwt = lists.get(req.params.id);
    if (!jwt) res.status(404).end();
    else res.type('application/vc+jwt').send(jwt);
  });
  app.get('/shares/:token', async (req, res) => {
    const token = req.params.token;
    const nonce = typeof req.query.nonce === 'string' ? req.query.nonce : undefined;
    const verifier = typeof req.query.verifier === 'string' ? req.query.verifier : undefined;
    shareRequests.push({ token, nonce, verifier });
    const b = shares.get(token);
    if (!b) {
      res
        .status(404)
        .type('application/problem+json')
        .send(JSON.stringify({ code: 'not_found', detail: 'No such share' }));
    } else if (b.kind === 'status') {
      res.status(b.status).type('application/problem+json').send(JSON.stringify(b.body));
    } else {
      const audience = `${base}/shares/${token}`;
      res.json({
        presentation: await party.present(b.holder, b.credentials, audience, nonce ?? 'none'),
        audience,
        nonce,
      });
    }
  });
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const port = (server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;

  const party: FakeParty = {
    base,
    shareRequests,
    async makeIssuer(name) {
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`;
      const did = didWebFromUrl(`${base}/issuers/${slug}`);
      const keys = await generateSigningKey('EdDSA');
      docs.set(slug, buildDidDocument({ did, keys: [{ fragment: 'key-1', publicJwk: keys.publicJwk }] }));
      return { did, kid: `${did}#key-1`, name, privateJwk: keys.privateJwk };
    },
    async makeHolder() {
      const keys = await generateSigningKey('EdDSA');
      const did = didJwkFromJwk(keys.publicJwk);
      return { did, kid: `${did}#0`, privateJwk: keys.privateJwk };
    },
    async publishStatusList(issuer, opts = {}) {
      const id = randomUUID();
      const url = `${base}/status/${id}`;
      const bits = createBitstring();
      for (const i of opts.revoked ?? []) setBit(bits, i, true);
      const vc = statusListCredentialPayload({ id: url, issuer: issuer.did, purpose: 'revocation', bits });
      lists.set(
        id,
        await signStatusListCredentialJwt({
          vc,
          issuerDid: issuer.did,
          kid: issuer.kid,
          privateJwk: issuer.privateJwk,
          alg: 'EdDSA',
        }),
      );
      return url;
    },
    async issue(issuer, holder, opts = {}) {
      const code = opts.code ?? 'CORE-BLS';
      const vc = buildTrainingCredential({
        id: `urn:uuid:${randomUUID()}`,
        issuer: { did: issuer.did, name: issuer.name },
        holderDid: holder.did,
        name: opts.name ?? 'Basic life support',
        achievement: {
          id: `https://catalogue.example/${code}`,
          name: opts.name ?? 'Basic life support',
          description: 'Adult basic life support',
          criteriaNarrative: 'Completed the course and the practical assessment',
          alignment: [{ targetName: code, targetUrl: `https://catalogue.example/${code}`, targetCode: code }],
        },
        issuedAt: new Date(Date.now() - 60_000),
        completionDate: opts.completionDate ?? new Date().toISOString().slice(0, 10),
        deliveryMode: 'classroom',
        assessmentMethod: 'practical observation',
        ...(opts.statusListUrl
          ? {
              credentialStatus: statusEntry({
                listUrl: opts.statusListUrl,
                index: opts.index ?? 7,
                purpose: 'revocation',
              }),
            }
          : {}),
      });
      return signCredentialJwt({
        vc,
        issuerDid: issuer.did,
        kid: issuer.kid,
        privateJwk: issuer.privateJwk,
        alg: 'EdDSA',
      });
    },
    present(holder, credentials, audience, nonce) {
      return signPresentationJwt({
        holderDid: holder.did,
        kid: holder.kid,
        privateJwk: holder.privateJwk,
        alg: 'EdDSA',
        credentials,
        audience,
        nonce,
      });
    },
    share(behaviour) {
      const token = randomUUID().replace(/-/g, '');
      shares.set(token, behaviour);
      return `${base}/shares/${token}`;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
  return party;
}

/** A JWT with one payload member changed and the original signature kept. */
export function tamper(
  jwt: string,
  change: (payload: { vc: Record<string, unknown> } & Record<string, unknown>) => void,
): string {
  const [h, p, s] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
  change(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

/** An unsigned (`alg: none`) JWT with the given payload (RFC 7519 §6). */
export function unsecured(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`;
}
