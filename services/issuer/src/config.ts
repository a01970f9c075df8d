import { loadEnv, zBaseUrl, zCommonEnv, zKey32, zPort } from '@sp/http-kit';
import { z } from 'zod';

/** The issuer's environment (docs/architecture.md, "Configuration"). Keys are the variable names. */
const zIssuerEnv = zCommonEnv.extend({
  ISSUER_PORT: zPort(3001),
  ISSUER_BASE_URL: zBaseUrl().optional(),
  ISSUER_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  KEY_ENCRYPTION_KEY: zKey32(),
  KEY_ENCRYPTION_KEY_PREVIOUS: zKey32().optional(),
  STATUS_LIST_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  STATUS_OUTBOX_RELAY_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  WALLET_OFFER_URL: zBaseUrl().optional(),
  OFFER_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3600)
    .default(7 * 24 * 3600),
});

/** Validated issuer configuration. Tests build it directly; `main.ts` gets it from {@link loadIssuerConfig}. */
export interface IssuerConfig {
  port: number;
  host: string;
  /** Reverse proxies trusted to name the client (`TRUST_PROXY`, express `trust proxy`); false: none. */
  trustProxy?: number | string | false;
  /**
   * Public base URL without a trailing slash; DIDs and OpenID4VCI identifiers derive from it. Empty means
   * `http://<host>:<actual port>` once listening (tests on port 0).
   */
  baseUrl: string;
  /** Bearer token of the admin API; undefined disables the admin API (every admin call answers 404). */
  adminToken: string | undefined;
  /** The key-encryption key (base64 of 32 bytes) that seals every stored private key. Never logged. */
  keyEncryptionKey: string;
  /**
   * The key-encryption key being rotated away from (`KEY_ENCRYPTION_KEY_PREVIOUS`): envelopes sealed under it
   * still open, and start-up re-seals them under `keyEncryptionKey` (docs/operations.md). Never logged.
   */
  keyEncryptionKeyPrevious?: string | undefined;
  /**
   * `Cache-Control: max-age` of served status lists, in seconds (default 60): how long after a revocation a
   * verifier may still use its cached copy. 0 makes verifiers revalidate every time (a 304 when unchanged).
   */
  statusListMaxAgeSeconds?: number;
  /**
   * How often (ms) the issuer re-sends status events that could not be enqueued when they happened (Redis was
   * down): `STATUS_OUTBOX_RELAY_MS`, default 10000. Such an event reaches webhooks at most about this late.
   */
  statusOutboxRelayMs?: number;
  /** How long an offer (its reference and its pre-authorised code) stays usable, in seconds. */
  offerTtlSeconds: number;
  /**
   * A web wallet's "accept an offer" page (`WALLET_OFFER_URL`, e.g. `https://wallet.example/offers/accept`). When
   * set, the QR code shown to a worker opens that page with the offer (a phone camera opens https links, not the
   * `openid-credential-offer://` scheme, which only installed wallet apps handle); the standard link is shown too.
   */
  walletOfferUrl?: string | undefined;
  databaseUrl: string | undefined;
  pgliteDir: string;
  redisUrl: string;
  /** BullMQ key prefix (`QUEUE_PREFIX`, default `sp`); the jobs process must use the same one. */
  queuePrefix?: string;
  logLevel: string;
}

/**
 * Reads and validates the issuer's environment once at start-up; throws `ConfigError` naming each bad variable.
 * `ISSUER_BASE_URL` defaults to `http://localhost:<ISSUER_PORT>`.
 * @example const config = loadIssuerConfig(process.env);
 */
export function loadIssuerConfig(env: Record<string, string | undefined>): Readonly<IssuerConfig> {
  const e = loadEnv(zIssuerEnv, env);
  return Object.freeze({
    port: e.ISSUER_PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    baseUrl: e.ISSUER_BASE_URL ?? `http://localhost:${e.ISSUER_PORT}`,
    adminToken: e.ISSUER_ADMIN_TOKEN,
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    keyEncryptionKeyPrevious: e.KEY_ENCRYPTION_KEY_PREVIOUS,
    statusListMaxAgeSeconds: e.STATUS_LIST_MAX_AGE_SECONDS,
    statusOutboxRelayMs: e.STATUS_OUTBOX_RELAY_MS,
    offerTtlSeconds: e.OFFER_TTL_SECONDS,
    walletOfferUrl: e.WALLET_OFFER_URL,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
  });
}
