/**
 * End-to-end harness: starts issuer, wallet, verifier and jobs each as its own Node process (exactly as
 * production runs them: `node --import tsx services/<name>/src/main.ts`) on free loopback ports, against the
 * real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) of this machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createKeyProofJwt } from '@sp/credential';
import type { SigningKeyPair } from '@sp/crypto';
import { didJwkFromJwk } from '@sp/did';

const root = resolve(import.meta.dirname, '../..');

export interface Stack {
  issuer: string;
  wallet: string;
  verifier: string;
  jobs: string;
  issuerAdminToken: string;
  verifierAdminToken: string;
  env: Record<string, string>;
  logs: Record<string, string[]>;
  /** Process id of each service (the benchmark reads their CPU time from /proc). */
  pids: Record<ServiceName, number>;
  stop(): Promise<void>;
  /** Kills one service (SIGTERM) and waits for it to exit. */
  stopService(name: ServiceName): Promise<void>;
}
export type ServiceName = 'issuer' | 'wallet' | 'verifier' | 'jobs';

/** A free loopback TCP port (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => done(port));
    });
  });
}

async function waitReady(
  url: string,
  child: ChildProcess,
  logs: string[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before ready:\n${logs.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${logs.join('').slice(-4000)}`);
}

/**
 * Starts the four processes and resolves when every /readyz answers 200.
 * @example const stack = await startStack(); … await stack.stop();
 */
export async function startStack(
  extraEnv: Record<string, string> = {},
  opts: { nodeArgs?: string[] } = {},
): Promise<Stack> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new TypeError('DATABASE_URL must point at the test PostgreSQL database');
  const [ip, wp, vp, jp] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const issuerAdminToken = randomBytes(24).toString('base64url');
  const verifierAdminToken = randomBytes(24).toString('base64url');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    // A private queue namespace per stack: other runs on the same Redis never take this stack's jobs.
    QUEUE_PREFIX: `e2e${randomBytes(4).toString('hex')}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DEV_ALLOWED_HOSTS: 'localhost,127.0.0.1',
    ISSUER_PORT: String(ip),
    ISSUER_BASE_URL: `http://localhost:${ip}`,
    ISSUER_ADMIN_TOKEN: issuerAdminToken,
    WALLET_PORT: String(wp),
    WALLET_BASE_URL: `http://localhost:${wp}`,
    VERIFIER_PORT: String(vp),
    VERIFIER_BASE_URL: `http://localhost:${vp}`,
    VERIFIER_ADMIN_TOKEN: verifierAdminToken,
    JOBS_PORT: String(jp),
    ...extraEnv,
  };
  // Values that depend on the ports chosen here (e.g. REGISTER_URL, REGISTER_DID) use placeholders.
  for (const [k, v] of Object.entries(env)) {
    env[k] = v
      .replaceAll('{ISSUER_BASE_URL}', `http://localhost:${ip}`)
      .replaceAll('{ISSUER_PORT}', String(ip));
  }
  const children = new Map<ServiceName, ChildProcess>();
  const logs: Record<string, string[]> = { issuer: [], wallet: [], verifier: [], jobs: [] };
  const start = (name: ServiceName) => {
    const child = spawn(
      process.execPath,
      [...(opts.nodeArgs ?? []), '--import', 'tsx', `services/${name}/src/main.ts`],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const sink = logs[name] as string[];
    child.stdout?.on('data', (d) => sink.push(String(d)));
    child.stderr?.on('data', (d) => sink.push(String(d)));
    children.set(name, child);
    return child;
  };
  const urls: Record<ServiceName, string> = {
    issuer: `http://127.0.0.1:${ip}`,
    wallet: `http://127.0.0.1:${wp}`,
    verifier: `http://127.0.0.1:${vp}`,
    jobs: `http://127.0.0.1:${jp}`,
  };
  const names: ServiceName[] = ['issuer', 'wallet', 'verifier', 'jobs'];
  for (const n of names) start(n);
  const stopService = async (name: ServiceName) => {
    const child = children.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    await Promise.all(names.map(stopService));
  };
  try {
    await Promise.all(
      names.map((n) => waitReady(urls[n], children.get(n) as ChildProcess, logs[n] as string[])),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    issuer: `http://localhost:${ip}`,
    wallet: `http://localhost:${wp}`,
    verifier: `http://localhost:${vp}`,
    jobs: urls.jobs,
    issuerAdminToken,
    verifierAdminToken,
    env,
    logs,
    pids: Object.fromEntries(names.map((n) => [n, children.get(n)?.pid ?? 0])) as Record<ServiceName, number>,
    stop,
    stopService,
  };
}

/** JSON over HTTP with a bearer token; returns status, content type and parsed body. */
export async function api(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; body: any }> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed };
}

/** A standards-following third-party wallet's steps up to the credential request: offer, metadata, token, nonce, proof. */
export async function prepareCredentialRequest(offerUri: string, holder: SigningKeyPair) {
  const holderDid = didJwkFromJwk(holder.publicJwk);
  const offerUrl = new URL(offerUri).searchParams.get('credential_offer_uri') as string;
  const credentialOffer = (await api('GET', offerUrl)).body;
  const issuerId: string = credentialOffer.credential_issuer;
  const wellKnown = `${new URL(issuerId).origin}/.well-known/openid-credential-issuer${new URL(issuerId).pathname}`;
  const metadata = (await api('GET', wellKnown)).body;
  const asUrl = `${new URL(issuerId).origin}/.well-known/oauth-authorization-server${new URL(issuerId).pathname}`;
  const as = (await api('GET', asUrl)).body;
  const code =
    credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
  const tokenRes = await fetch(as.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': code,
    }),
  });
  if (tokenRes.status !== 200) throw new Error(`token endpoint answered ${tokenRes.status}`);
  const token = (await tokenRes.json()) as { access_token: string };
  const nonce = (await api('POST', metadata.nonce_endpoint)).body.c_nonce as string;
  const proof = await createKeyProofJwt({
    holderDid,
    kid: `${holderDid}#0`,
    privateJwk: holder.privateJwk,
    alg: holder.alg,
    audience: issuerId,
    nonce,
  });
  return {
    holderDid,
    endpoint: metadata.credential_endpoint as string,
    accessToken: token.access_token,
    body: {
      credential_configuration_id: credentialOffer.credential_configuration_ids[0],
      proofs: { jwt: [proof] },
    },
  };
}

/** A standards-following third-party wallet: runs OpenID4VCI itself with its own did:jwk key. */
export async function receiveAsThirdPartyWallet(offerUri: string, holder: SigningKeyPair) {
  const req = await prepareCredentialRequest(offerUri, holder);
  const cred = await api('POST', req.endpoint, { token: req.accessToken, body: req.body });
  if (cred.status !== 200) throw new Error(`credential endpoint answered ${cred.status}`);
  return { holderDid: req.holderDid, jwt: cred.body.credentials[0].credential as string };
}
