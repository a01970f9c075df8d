import { devAllowedHosts, loadEnv, zBaseUrl, zCommonEnv, zKey32, zPort } from '@sp/http-kit';
import { z } from 'zod';

// The variables every process shares (DATABASE_URL, REDIS_URL, HOST, LOG_LEVEL, TRUST_PROXY, DEV_ALLOWED_HOSTS…),
// validated the same way in every service, plus the wallet's own.
const zWalletEnv = zCommonEnv.extend({
  WALLET_PORT: zPort(3002),
  WALLET_BASE_URL: zBaseUrl().optional(),
  KEY_ENCRYPTION_KEY: zKey32(),
  KEY_ENCRYPTION_KEY_PREVIOUS: zKey32().optional(),
  WALLET_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
});

/** The wallet service's validated configuration (see docs/architecture.md, "Configuration"). */
export interface WalletConfig {
  port: number;
  host: string;
  /** Reverse proxies trusted to name the client (`TRUST_PROXY`, express `trust proxy`); false: none. */
  trustProxy?: number | string | false;
  /**
   * Public base URL without a trailing slash; share links are `${baseUrl}/shares/<token>`. Undefined only when
   * `WALLET_PORT` is 0 and no `WALLET_BASE_URL` is set: `startWallet` then uses `http://localhost:<bound port>`.
   */
  baseUrl: string | undefined;
  /** 32-byte key-encryption key (base64) that seals every worker's holder private key. */
  keyEncryptionKey: string;
  /** The key-encryption key being rotated away from (`KEY_ENCRYPTION_KEY_PREVIOUS`); see docs/operations.md. */
  keyEncryptionKeyPrevious?: string | undefined;
  /** Hosts the OpenID4VCI client may reach over http and on private addresses (development only). */
  devAllowedHosts: string[];
  /** Session lifetime in hours. */
  sessionTtlHours: number;
  databaseUrl: string | undefined;
  pgliteDir: string;
  redisUrl: string;
  /** Namespace of the wallet's keys in Redis (`QUEUE_PREFIX`, default `sp`), shared with the other services. */
  queuePrefix: string;
  logLevel: string;
}

/**
 * Reads the wallet's environment once at start-up; throws `ConfigError` naming every bad variable.
 * `WALLET_BASE_URL` defaults to `http://localhost:<WALLET_PORT>`; `DEV_ALLOWED_HOSTS` defaults to
 * `localhost` in embedded mode (no `DATABASE_URL`) and to nothing otherwise.
 * @example const config = loadWalletConfig(process.env);
 */
export function loadWalletConfig(env: Record<string, string | undefined>): Readonly<WalletConfig> {
  const e = loadEnv(zWalletEnv, env);
  return Object.freeze({
    port: e.WALLET_PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    baseUrl: e.WALLET_BASE_URL ?? (e.WALLET_PORT === 0 ? undefined : `http://localhost:${e.WALLET_PORT}`),
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    keyEncryptionKeyPrevious: e.KEY_ENCRYPTION_KEY_PREVIOUS,
    devAllowedHosts: devAllowedHosts(e),
    sessionTtlHours: e.WALLET_SESSION_TTL_HOURS,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
  });
}
