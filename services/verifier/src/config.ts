import { loadEnv, zBaseUrl, zCommonEnv, zKey32, zList, zPort } from '@sp/http-kit';
import { z } from 'zod';

/** The verifier's environment variables (docs/architecture.md, "Configuration"). */
const zVerifierEnv = zCommonEnv.extend({
  VERIFIER_PORT: zPort(3003),
  HOST: z.string().min(1).default('127.0.0.1'),
  VERIFIER_BASE_URL: zBaseUrl().default('http://localhost:3003'),
  // Unset turns the admin API off; a short token would be guessable, so require some length.
  VERIFIER_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUSTED_ISSUERS: zList().pipe(
    z.array(z.string().regex(/^did:[a-z0-9]+:\S+$/, 'must be a comma-separated list of DIDs')),
  ),
  // No default here: the default depends on DATABASE_URL (embedded development mode or not). Host names are
  // compared lower case.
  DEV_ALLOWED_HOSTS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .optional(),
  // Register of recognised issuers (issue 4): where it is published and the scheme DID that must sign it.
  REGISTER_URL: z.url().optional(),
  REGISTER_DID: z
    .string()
    .regex(/^did:web:\S+$/, 'must be a did:web DID')
    .optional(),
  // Seals webhook secrets (they must be usable to sign, so they are sealed, not hashed). Unset: webhooks off.
  KEY_ENCRYPTION_KEY: zKey32().optional(),
});

/** The verifier's configuration: built by {@link loadVerifierConfig} in main.ts, or directly in tests. */
export interface VerifierConfig {
  port: number;
  host: string;
  /** Reverse proxies trusted to name the client (`TRUST_PROXY`, express `trust proxy`); false: none. */
  trustProxy?: number | string | false;
  /** Public base URL, without a trailing slash. */
  baseUrl: string;
  /** Bearer token of the admin API; undefined turns the admin API off. */
  adminToken: string | undefined;
  /** Issuer DIDs upserted into the allow-list (TrustedIssuer table) at start. */
  trustedIssuers: string[];
  /**
   * Hosts (`hostname` or `hostname:port`) that may be fetched over plain http and on loopback/private
   * addresses (did:web documents, status lists, share links). Development only.
   */
  devAllowedHosts: string[];
  databaseUrl: string | undefined;
  pgliteDir: string;
  redisUrl: string;
  logLevel: string;
  /** Budget for each outbound fetch (share link, DID document, status list), in milliseconds. Default 5000. */
  fetchTimeoutMs?: number;
  /** How long the trusted-issuer allow-list is reused before it is re-read, in milliseconds. Default 5000. */
  trustedIssuerCacheMs?: number;
  /**
   * The register of recognised issuers: its URL and the scheme DID that must sign it. When set, the register
   * decides `issuer_recognised` and the allow-list is not consulted; unset, the allow-list decides.
   */
  register?: { url: string; did: string } | undefined;
  /** Key-encryption key (base64, 32 bytes) sealing webhook secrets; unset turns the subscriptions API off. */
  keyEncryptionKey?: string | undefined;
  /** BullMQ key prefix (`QUEUE_PREFIX`, default `sp`); the jobs process must use the same one. */
  queuePrefix?: string;
}

/**
 * Reads and validates the verifier's environment once at start-up. Throws `ConfigError` naming every bad
 * variable (never echoing its value).
 * @example const config = loadVerifierConfig(process.env);
 */
export function loadVerifierConfig(env: Record<string, string | undefined>): Readonly<VerifierConfig> {
  const e = loadEnv(
    zVerifierEnv.refine((v) => (v.REGISTER_URL === undefined) === (v.REGISTER_DID === undefined), {
      message: 'REGISTER_URL and REGISTER_DID go together',
      path: ['REGISTER_DID'],
    }),
    env,
  );
  return Object.freeze({
    port: e.VERIFIER_PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    baseUrl: e.VERIFIER_BASE_URL,
    adminToken: e.VERIFIER_ADMIN_TOKEN,
    trustedIssuers: e.TRUSTED_ISSUERS,
    // Embedded mode (no DATABASE_URL) is a developer's machine, where issuer and wallet run on localhost.
    devAllowedHosts: e.DEV_ALLOWED_HOSTS ?? (e.DATABASE_URL ? [] : ['localhost']),
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    register: e.REGISTER_URL && e.REGISTER_DID ? { url: e.REGISTER_URL, did: e.REGISTER_DID } : undefined,
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    queuePrefix: e.QUEUE_PREFIX,
  });
}
