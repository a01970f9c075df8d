import { createStatusListCache } from '@sp/credential';
import type { Database } from '@sp/db';
import { createCachedFetcher, createKeyResolver, createSafeFetcher } from '@sp/did';
import { parseKek } from '@sp/crypto';
import { createApp, createSignInLimiter, listen, type Logger } from '@sp/http-kit';
import { createQueue, pingRedis, QUEUES, type Redis } from '@sp/queue';
import type { VerifierConfig } from './config.js';
import { verifierOpenApi } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { employerRoutes } from './routes/employer.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { adminPeopleRoutes } from './routes/admin-people.js';
import { createVerificationRoute, verificationRoutes } from './routes/verifications.js';
import { verifierPages } from './routes/web-pages.js';
import { createPersonStore } from './store/person-store.js';
import { type AccountStore, createAccountStore } from './store/account-store.js';
import { createPolicyStore } from './store/policy-store.js';
import { createStaffReportStore } from './store/staff-report-store.js';
import { createTrustedIssuerStore, type TrustedIssuerStore } from './store/trusted-issuer-store.js';
import { createVerificationStore } from './store/verification-store.js';
import { createWebhookStore } from './store/webhook-store.js';
import { createAccountAuthenticator } from './use-cases/authenticate-account.js';
import { createRegisterCache } from './use-cases/register-cache.js';
import { createTrustedIssuerCache } from './use-cases/trusted-issuer-cache.js';
import {
  seedVerifierDemo as seedDemo,
  type SeedVerifierDemoOptions,
} from './use-cases/seed-verifier-demo.js';

export type { VerifierConfig } from './config.js';
export type { VerificationReport } from './use-cases/build-report.js';
export type { SeedVerifierDemoOptions } from './use-cases/seed-verifier-demo.js';

/** What the verifier needs from its process: built by main.ts, the launcher, or a test. */
export interface VerifierDeps {
  logger: Logger;
  db: Database;
  redis: Redis;
  /** Clock for verification (tests pin it). Default `() => new Date()`. */
  now?: () => Date;
}

/** A running verifier. */
export interface RunningVerifier {
  port: number;
  baseUrl: string;
  close(): Promise<void>;
}

/** How long a resolved DID document is used before it is fetched again. */
const DID_CACHE_MS = 60_000;

/** Requests carry one presentation: a few credentials are tens of KB; 256 KiB leaves room and bounds work. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Starts the verifier: upserts TRUSTED_ISSUERS, wires stores, fetchers, resolver and routes, and listens.
 * `close()` stops the HTTP server only; the caller owns the database and Redis.
 * @example const verifier = await startVerifier(config, { logger, db, redis });
 */
export async function startVerifier(config: VerifierConfig, deps: VerifierDeps): Promise<RunningVerifier> {
  const accounts = createAccountStore(deps.db);
  const trustedIssuers = createTrustedIssuerStore(deps.db);
  const verifications = createVerificationStore(deps.db);
  const policies = createPolicyStore(deps.db);
  const now = deps.now ?? (() => new Date());

  // Start-up list: add missing DIDs, keep names an operator has given them.
  for (const did of config.trustedIssuers) await trustedIssuers.upsert({ did, name: did }, { rename: false });

  const fetcher = createSafeFetcher({
    timeoutMs: config.fetchTimeoutMs ?? 5_000,
    allowedPrivateHosts: config.devAllowedHosts,
    userAgent: 'skills-passport-verifier/0.1',
  });
  // Status lists: shared by many credentials; the issuer's Cache-Control (max-age, ETag) decides freshness.
  const cachedFetcher = createCachedFetcher(fetcher, { maxEntries: 1000, defaultTtlMs: 60_000 });
  // The resolver keeps parsed DID documents itself (5 minutes, failures 30 s), so it gets the plain fetcher.
  // DID documents are re-read every minute (like status lists' max-age): a key rotation or a compromised-key
  // declaration reaches verification within that, at one small fetch per issuer per minute.
  const resolver = createKeyResolver({
    fetcher,
    allowHttpHosts: config.devAllowedHosts,
    cacheTtlMs: DID_CACHE_MS,
  });
  const trustedCache = createTrustedIssuerCache(trustedIssuers, {
    ttlMs: config.trustedIssuerCacheMs ?? 5_000,
  });
  const authenticate = createAccountAuthenticator(accounts);
  // The register of recognised issuers (when configured) through the same cached SSRF-safe fetcher.
  const register = config.register
    ? createRegisterCache({
        ...config.register,
        resolver,
        now,
        fetch: (url) => cachedFetcher.get(url, { accept: 'application/jwt' }),
      })
    : undefined;
  const fetchStatusListCredential = async (url: string) => {
    const res = await cachedFetcher.get(url, { accept: 'application/vc+jwt, application/jwt;q=0.9' });
    return { jwt: res.text().trim(), etag: res.headers['etag'] };
  };
  // Verified, decoded lists by URL + ETag: a warm status check costs no signature check and no gunzip.
  const statusListCache = createStatusListCache({ maxEntries: 1000 });
  // Producer only (re-sends of dead webhook deliveries); the jobs process works the queue.
  const webhookQueue = createQueue(QUEUES.webhooks, deps.redis, deps.logger, {
    ...(config.queuePrefix ? { prefix: config.queuePrefix } : {}),
  });

  // One set of verification dependencies for the employer API and the employer's pages.
  const verificationDeps = {
    verifications,
    policies,
    trusted: trustedCache,
    resolver,
    shareFetcher: fetcher,
    fetchStatusListCredential,
    statusListCache,
    now,
    authenticate,
    register,
  };

  // Known once listening when the port is 0 (tests): invite links and Secure cookies derive from it.
  let publicBaseUrl = config.baseUrl;
  const app = createApp({
    service: 'verifier',
    trustProxy: config.trustProxy,
    logger: deps.logger,
    maxBodyBytes: MAX_BODY_BYTES,
    ready: async () => {
      await Promise.all([deps.db.ping(), pingRedis(deps.redis)]);
    },
    openapi: () => verifierOpenApi(config.baseUrl),
    leanRoutes: [createVerificationRoute(verificationDeps)],
    routes: (app) => {
      app.use(adminRoutes({ adminToken: config.adminToken, accounts, trustedIssuers, trustedCache }));
      app.use(verificationRoutes(verificationDeps));
      app.use(
        subscriptionRoutes({
          webhooks: createWebhookStore(deps.db),
          queue: webhookQueue,
          kek: config.keyEncryptionKey ? parseKek(config.keyEncryptionKey) : undefined,
          devAllowedHosts: config.devAllowedHosts,
          authenticate,
        }),
      );
      app.use(employerRoutes({ staffReports: createStaffReportStore(deps.db), policies, now, authenticate }));
      // People's pages: invited by the scheme operator, then signed in with a password (after the API routes).
      const people = createPersonStore(deps.db);
      const baseUrl = () => publicBaseUrl;
      app.use(adminPeopleRoutes({ adminToken: config.adminToken, people, baseUrl, now }));
      // Failed sign-ins counted in Redis, so every replica counts together.
      const signInLimiter = createSignInLimiter({
        redis: deps.redis,
        keyPrefix: `${config.queuePrefix ?? 'sp'}:verifier:sign-in`,
      });
      app.use(verifierPages({ ...verificationDeps, people, baseUrl, signInLimiter }));
    },
  });
  const running = await listen(app, {
    port: config.port,
    host: config.host,
    logger: deps.logger,
    name: 'verifier',
  });
  if (config.port === 0) publicBaseUrl = `http://${config.host}:${running.port}`;
  return {
    port: running.port,
    baseUrl: publicBaseUrl,
    close: async () => {
      await running.close();
      await webhookQueue.close();
    },
  };
}

/**
 * Demo seeding for the all-in-one launcher (scripts/start.ts): a demo employer account with a known API
 * key and the demo issuers on the allow-list. Idempotent. The launcher passes the verifier's config as
 * the middle argument (unused today; kept so every service's seeder has one shape).
 * @example const { apiKey } = await seedVerifierDemo({ db }, { accountName: 'Demo Care Home', trustedIssuers: [{ did, name: 'Acme Training' }] });
 */
export function seedVerifierDemo(
  deps: { db: Database; logger?: Logger },
  opts: SeedVerifierDemoOptions,
): Promise<{ account: { id: string; name: string }; apiKey?: string }>;
export function seedVerifierDemo(
  deps: { db: Database; logger?: Logger },
  config: VerifierConfig,
  opts: SeedVerifierDemoOptions,
): Promise<{ account: { id: string; name: string }; apiKey?: string }>;
export async function seedVerifierDemo(
  deps: { db: Database; logger?: Logger },
  configOrOpts: VerifierConfig | SeedVerifierDemoOptions,
  maybeOpts?: SeedVerifierDemoOptions,
): Promise<{ account: { id: string; name: string }; apiKey?: string }> {
  const opts = maybeOpts ?? (configOrOpts as SeedVerifierDemoOptions);
  const stores: { accounts: AccountStore; trustedIssuers: TrustedIssuerStore } = {
    accounts: createAccountStore(deps.db),
    trustedIssuers: createTrustedIssuerStore(deps.db),
  };
  const seeded = await seedDemo(stores, opts);
  deps.logger?.info({ accountId: seeded.account.id }, 'verifier demo seeded');
  return seeded;
}
