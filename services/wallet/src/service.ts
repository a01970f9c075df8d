import { parseKek, rewrapSealedKeys } from '@sp/crypto';
import type { Database } from '@sp/db';
import { createKeyResolver, createSafeFetcher, type SafeFetcher } from '@sp/did';
import { createApp, createSignInLimiter, listen, type Logger, type SignInLimiter } from '@sp/http-kit';
import { pingRedis, type Redis } from '@sp/queue';
import type { WalletConfig } from './config.js';
import type { WalletContext } from './context.js';
import { createHolderKeyStore } from './store/holder-key-store.js';
import { walletOpenApi } from './openapi.js';
import { accountRoutes } from './routes/accounts.js';
import { credentialRoutes } from './routes/credentials.js';
import { notificationRoutes } from './routes/notifications.js';
import { offerRoutes } from './routes/offers.js';
import { readinessRoutes } from './routes/readiness.js';
import { shareLinkRoutes, shareRoutes } from './routes/shares.js';
import { walletPages, walletWebKit } from './routes/web-pages.js';
import { createCredentialStore } from './store/credential-store.js';
import { createNotificationStore } from './store/notification-store.js';
import { createOfferCache } from './store/offer-cache.js';
import { createSessionStore } from './store/session-store.js';
import { createShareStore } from './store/share-store.js';
import { createWorkerStore } from './store/worker-store.js';

export { seedWalletDemo } from './use-cases/seed-wallet-demo.js';

/** What the wallet needs from its process. `now` and `fetcher` are for tests (clock, network). */
export { createHolderKeyStore } from './store/holder-key-store.js';

export interface WalletDeps {
  logger: Logger;
  db: Database;
  redis: Redis;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Outbound fetcher. Default: the SSRF-safe fetcher allowing `devAllowedHosts`. */
  fetcher?: SafeFetcher;
  /**
   * Failed sign-in counting. Default `createSignInLimiter` on `redis` (10 per email, 100 per client in 15 minutes,
   * shared by every wallet replica under the `QUEUE_PREFIX` namespace).
   */
  signInLimiter?: SignInLimiter;
}

export interface RunningWallet {
  port: number;
  /** Public base URL (share links start with it). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the wallet HTTP service: wires stores, use-cases and routes, and listens.
 * @example const wallet = await startWallet(loadWalletConfig(process.env), { logger, db, redis });
 */
export async function startWallet(config: WalletConfig, deps: WalletDeps): Promise<RunningWallet> {
  const logger = deps.logger;
  const fetcher =
    deps.fetcher ??
    createSafeFetcher({
      allowedPrivateHosts: config.devAllowedHosts,
      timeoutMs: 10_000,
      userAgent: 'skills-passport-wallet/0.1',
    });
  const ctx: WalletContext = {
    workers: createWorkerStore(deps.db),
    sessions: createSessionStore(deps.db),
    credentials: createCredentialStore(deps.db),
    shares: createShareStore(deps.db),
    notifications: createNotificationStore(deps.db),
    offerCache: createOfferCache(deps.redis),
    kek: parseKek(config.keyEncryptionKey),
    previousKek: config.keyEncryptionKeyPrevious ? parseKek(config.keyEncryptionKeyPrevious) : undefined,
    // Set below once the port is known when WALLET_BASE_URL was not given with port 0.
    baseUrl: config.baseUrl ?? '',
    sessionTtlHours: config.sessionTtlHours,
    signInLimiter:
      deps.signInLimiter ??
      createSignInLimiter({ redis: deps.redis, keyPrefix: `${config.queuePrefix}:wallet:sign-in` }),
    fetcher,
    resolver: createKeyResolver({ fetcher, allowHttpHosts: config.devAllowedHosts }),
    logger,
    now: deps.now ?? (() => new Date()),
  };
  if (ctx.previousKek) {
    // KEK rotation without downtime: serve at once (both keys open envelopes), re-seal in the background.
    void rewrapSealedKeys(
      createHolderKeyStore(deps.db),
      { current: ctx.kek, previous: ctx.previousKek },
      { logger, what: 'holder keys' },
    ).catch((err: Error) => logger.error({ err: { message: err.message } }, 'holder key re-wrap failed'));
  }
  const app = createApp({
    service: 'wallet',
    trustProxy: config.trustProxy,
    logger,
    ready: async () => {
      await deps.db.ping();
      await pingRedis(deps.redis);
    },
    openapi: () => walletOpenApi(ctx.baseUrl),
    routes: (a) => {
      a.use(accountRoutes(ctx));
      a.use(offerRoutes(ctx));
      a.use(credentialRoutes(ctx));
      a.use(shareRoutes(ctx));
      a.use(shareLinkRoutes(ctx));
      a.use(notificationRoutes(ctx));
      a.use(readinessRoutes(ctx));
      // People's pages last: the API routes above answer first, whatever the page middleware does.
      a.use(walletPages(ctx, walletWebKit(ctx)));
    },
  });
  const running = await listen(app, { port: config.port, host: config.host, logger, name: 'wallet' });
  if (!config.baseUrl) ctx.baseUrl = `http://localhost:${running.port}`;
  return {
    port: running.port,
    baseUrl: ctx.baseUrl,
    close: () => running.close(),
  };
}
