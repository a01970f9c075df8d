import type { Database } from '@sp/db';
import { createApp, createSignInLimiter, listen, type Logger } from '@sp/http-kit';
import { createQueue, pingRedis, QUEUES, type Redis } from '@sp/queue';
import { DEFAULT_CHUNK_SIZE, DEFAULT_ROW_CONCURRENCY } from './batch-context.js';
import type { IssuerConfig } from './config.js';
import { buildIssuerContext } from './build-context.js';
import { issuerOpenApi } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { BATCH_UPLOAD_PATH, batchRoutes } from './routes/batches.js';
import { oid4vciRoutes } from './routes/oid4vci.js';
import { orgApiRoutes } from './routes/org-api.js';
import { publicRoutes } from './routes/public.js';
import { createBatchStore, createBatchTransaction } from './store/batch-store.js';
import { adminPeopleRoutes } from './routes/admin-people.js';
import { registerRoutes } from './routes/register.js';
import { issuerPages } from './routes/web-pages.js';
import { createPersonStore } from './store/person-store.js';
import { statusKeyRoutes } from './routes/status-keys.js';
import { rewrapSigningKeys } from './use-cases/rewrap-signing-keys.js';
import { relayStatusOutbox } from './use-cases/relay-status-outbox.js';
import type { IssuerContext } from './context.js';

export { buildIssuerContext } from './build-context.js';
export { offerIssuedJobId } from './use-cases/create-credential-offer.js';
export { rewrapSigningKeys } from './use-cases/rewrap-signing-keys.js';
export { relayStatusOutbox } from './use-cases/relay-status-outbox.js';
export { schemeIdentity } from './internal/scheme-identity.js';
export { seedRegisterDemo } from './use-cases/seed-register-demo.js';
export {
  seedIssuerDemo,
  type SeedIssuerDemoOptions,
  type SeedIssuerDemoResult,
} from './use-cases/seed-issuer-demo.js';

/** What `startIssuer` needs from its caller (main.ts, the launcher, integration tests). */
export interface IssuerDeps {
  logger: Logger;
  db: Database;
  redis: Redis;
  /** Clock; default `() => new Date()` (tests move time forward). */
  now?: () => Date;
}

/**
 * Every `everyMs`, sends status events left in the outbox (a Redis outage at the moment of the change) to the
 * queue. Rows younger than `everyMs` are left to their own request. One run at a time; `stop` waits for it.
 */
function startOutboxRelay(ctx: IssuerContext, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = relayStatusOutbox(ctx, { graceMs: everyMs })
      .catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'status outbox relay failed'))
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** A running issuer. `close` stops the HTTP server and the queue producer; db and Redis belong to the caller. */
export interface RunningIssuer {
  port: number;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the issuer service: OpenID4VCI issuer per organisation, did:web documents, status lists, the
 * organisation and admin APIs.
 * @example const issuer = await startIssuer(config, { logger, db, redis }); await issuer.close();
 */
export async function startIssuer(config: Readonly<IssuerConfig>, deps: IssuerDeps): Promise<RunningIssuer> {
  const notifications = createQueue(QUEUES.notifications, deps.redis, deps.logger, {
    ...(config.queuePrefix ? { prefix: config.queuePrefix } : {}),
  });
  const statusChanges = createQueue(QUEUES.statusChanges, deps.redis, deps.logger, {
    ...(config.queuePrefix ? { prefix: config.queuePrefix } : {}),
  });
  const ctx = buildIssuerContext(config, { ...deps, notifications, statusChanges });
  if (ctx.previousKek) {
    // KEK rotation without downtime: serve at once (both keys open envelopes), re-seal in the background.
    void rewrapSigningKeys(ctx).catch((err: Error) =>
      deps.logger.error({ err: { message: err.message } }, 'signing key re-wrap failed'),
    );
  }
  const issuance = createQueue(QUEUES.issuance, deps.redis, deps.logger, {
    ...(config.queuePrefix ? { prefix: config.queuePrefix } : {}),
  });
  const batches = {
    issuer: ctx,
    batches: createBatchStore(deps.db),
    transaction: createBatchTransaction(deps.db),
    issuance,
    chunkSize: DEFAULT_CHUNK_SIZE,
    rowConcurrency: DEFAULT_ROW_CONCURRENCY,
  };
  const app = createApp({
    service: 'issuer',
    trustProxy: config.trustProxy,
    logger: deps.logger,
    rawBodyPaths: [BATCH_UPLOAD_PATH],
    ready: async () => {
      await deps.db.ping();
      await pingRedis(deps.redis);
    },
    openapi: () => issuerOpenApi(ctx.config.baseUrl),
    routes: (app) => {
      app.use(publicRoutes(ctx));
      app.use(oid4vciRoutes(ctx));
      app.use(orgApiRoutes(ctx));
      app.use(batchRoutes(batches));
      app.use(statusKeyRoutes(ctx));
      app.use(adminRoutes(ctx));
      app.use(registerRoutes(ctx));
      // People's pages last: the API routes above answer first, whatever the page middleware does.
      const people = createPersonStore(deps.db);
      app.use(adminPeopleRoutes(ctx, people));
      // Failed sign-ins counted in Redis, so every replica counts together.
      const signInLimiter = createSignInLimiter({
        redis: deps.redis,
        keyPrefix: `${config.queuePrefix ?? 'sp'}:issuer:sign-in`,
      });
      app.use(issuerPages(ctx, batches, people, signInLimiter));
    },
  });
  const running = await listen(app, {
    port: config.port,
    host: config.host,
    logger: deps.logger,
    name: 'issuer',
  });
  if (!config.baseUrl) {
    // Tests listen on port 0: identifiers and DIDs can only be named once the port is known.
    ctx.config = Object.freeze({ ...config, baseUrl: `http://${config.host}:${running.port}` });
  }
  const relay = startOutboxRelay(ctx, config.statusOutboxRelayMs ?? 10_000);
  return {
    port: running.port,
    baseUrl: ctx.config.baseUrl,
    close: async () => {
      await relay.stop();
      await running.close();
      await notifications.close();
      await issuance.close();
      await statusChanges.close();
    },
  };
}
