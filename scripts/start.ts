/**
 * `pnpm start`: the whole product on one machine with embedded defaults.
 *
 * - Without DATABASE_URL, one embedded PGlite database in `.data/pglite` (migrated on start). PGlite admits one
 *   connection, so the four services run in this one process, each on its own port, sharing it. With
 *   DATABASE_URL they still run here together; production runs each `services/<name>/src/main.ts` as its own
 *   process (docs/operations.md), as the end-to-end suite does.
 * - Redis at REDIS_URL; when it is not reachable and `redis-server` is installed, a local one is started with its
 *   data in `.data/redis`; otherwise the launcher stops with one line saying how to fix it.
 * - Secrets for a development machine (key-encryption key, admin tokens) are generated once into
 *   `.data/secrets.json`; a demo (a training provider, an employer, a worker) is seeded idempotently and its
 *   sign-in details and API keys written to `.data/demo.json`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '@sp/db';
import { ConfigError, createLogger, onShutdown } from '@sp/http-kit';
import { loadIssuerConfig } from '@sp/issuer/config';
import { schemeIdentity, seedIssuerDemo, seedRegisterDemo, startIssuer } from '@sp/issuer/service';
import { loadJobsConfig } from '@sp/jobs/config';
import { startJobs } from '@sp/jobs/service';
import { createRedis, pingRedis, redisUnreachableHint } from '@sp/queue';
import { loadVerifierConfig } from '@sp/verifier/config';
import { seedVerifierDemo, startVerifier } from '@sp/verifier/service';
import { loadWalletConfig } from '@sp/wallet/config';
import { seedWalletDemo, startWallet } from '@sp/wallet/service';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, '.data');
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

interface Secrets {
  keyEncryptionKey: string;
  issuerAdminToken: string;
  verifierAdminToken: string;
}
const secretsFile = resolve(dataDir, 'secrets.json');
const secrets: Secrets = existsSync(secretsFile)
  ? JSON.parse(readFileSync(secretsFile, 'utf8'))
  : {
      keyEncryptionKey: randomBytes(32).toString('base64'),
      issuerAdminToken: randomBytes(24).toString('base64url'),
      verifierAdminToken: randomBytes(24).toString('base64url'),
    };
writeFileSync(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });

const env: Record<string, string | undefined> = {
  PGLITE_DIR: resolve(dataDir, 'pglite'),
  KEY_ENCRYPTION_KEY: secrets.keyEncryptionKey,
  ISSUER_ADMIN_TOKEN: secrets.issuerAdminToken,
  VERIFIER_ADMIN_TOKEN: secrets.verifierAdminToken,
  ...process.env,
};
// The demo's QR codes open the demo web wallet (a phone camera opens https links, not openid-credential-offer://).
env['WALLET_OFFER_URL'] ??=
  `${env['WALLET_BASE_URL'] ?? `http://localhost:${env['WALLET_PORT'] ?? 3002}`}/offers/accept`;

let configs: {
  issuer: ReturnType<typeof loadIssuerConfig>;
  wallet: ReturnType<typeof loadWalletConfig>;
  verifier: ReturnType<typeof loadVerifierConfig>;
  jobs: ReturnType<typeof loadJobsConfig>;
};
try {
  configs = {
    issuer: loadIssuerConfig(env),
    wallet: loadWalletConfig(env),
    verifier: loadVerifierConfig(env),
    jobs: loadJobsConfig(env),
  };
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({ service: 'launcher', level: configs.jobs.logLevel });
const serviceLogger = (service: string) => createLogger({ service, level: configs.jobs.logLevel });

// ── Redis ──────────────────────────────────────────────────────────────────────────────────────────────
let localRedis: ChildProcess | undefined;
async function ensureRedis(url: string): Promise<void> {
  const probe = createRedis(url, { lazyConnect: true });
  probe.on('error', () => {});
  const reachable = await probe
    .connect()
    .then(() => pingRedis(probe, 1_500))
    .then(
      () => true,
      () => false,
    );
  probe.disconnect();
  if (reachable) return;
  const u = new URL(url);
  const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname);
  const hasServer = spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
  if (!isLocal || !hasServer) {
    console.error(redisUnreachableHint(url));
    process.exit(1);
  }
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  console.log(`Redis was not running: starting redis-server on port ${u.port || 6379} (data in .data/redis)`);
  localRedis = spawn(
    'redis-server',
    ['--port', u.port || '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const again = createRedis(url, { lazyConnect: true });
    again.on('error', () => {});
    const ok = await again.connect().then(
      () => true,
      () => false,
    );
    again.disconnect();
    if (ok) return;
  }
  console.error(`redis-server did not start. ${redisUnreachableHint(url)}`);
  process.exit(1);
}
await ensureRedis(configs.jobs.redisUrl);

// ── Database and services ─────────────────────────────────────────────────────────────────────────────
const db = await openDatabase({ url: configs.jobs.databaseUrl, dataDir: configs.jobs.pgliteDir });
if (db.migrations.applied.length) logger.info({ applied: db.migrations.applied }, 'migrations applied');
const redis = createRedis(configs.jobs.redisUrl, { logger });
const issuer = await startIssuer(configs.issuer, { logger: serviceLogger('issuer'), db, redis });
const wallet = await startWallet(configs.wallet, { logger: serviceLogger('wallet'), db, redis });
// The verifier checks issuers against the register this issuer publishes, unless REGISTER_URL says otherwise.
const scheme = schemeIdentity(configs.issuer.baseUrl);
const verifier = await startVerifier(
  {
    ...configs.verifier,
    register: configs.verifier.register ?? { url: scheme.registerUrl, did: scheme.did },
  },
  {
    logger: logger.child({ service: 'verifier' }),
    db,
    redis,
  },
);
const jobs = await startJobs(configs.jobs, { logger: serviceLogger('jobs'), db, redis });

// ── Demo ──────────────────────────────────────────────────────────────────────────────────────────────
const demoFile = resolve(dataDir, 'demo.json');
const previous = existsSync(demoFile) ? JSON.parse(readFileSync(demoFile, 'utf8')) : undefined;
const issuerDemo = await seedIssuerDemo({ db, logger }, configs.issuer, {
  providerSlug: 'demo-training',
  providerName: 'Demo Care Training Ltd',
  employerSlug: 'demo-care-home',
  employerName: 'Demo Care Home',
  providerApiKey: previous?.trainingProvider?.apiKey,
  employerApiKey: previous?.employer?.issuerApiKey,
});
const walletDemo = await seedWalletDemo({ db, logger }, configs.wallet, {
  email: 'laura@example.org',
  name: 'Laura Example',
  password: previous?.worker?.password ?? randomBytes(9).toString('base64url'),
});
// The demo organisations are recognised through the register of recognised issuers (not an allow-list).
await seedRegisterDemo({ db, logger }, configs.issuer, [
  { did: issuerDemo.provider.did, name: issuerDemo.provider.name },
  { did: issuerDemo.employer.did, name: issuerDemo.employer.name },
]);
const verifierDemo = await seedVerifierDemo({ db, logger }, configs.verifier, {
  accountName: 'Demo Care Home',
  apiKey: previous?.employer?.verifierApiKey,
  trustedIssuers: [],
});
const demo = {
  note: 'Development demo data written by `pnpm start`. Keep this file private: it holds API keys.',
  urls: { issuer: issuer.baseUrl, wallet: wallet.baseUrl, verifier: verifier.baseUrl },
  trainingProvider: {
    slug: issuerDemo.provider.slug,
    did: issuerDemo.provider.did,
    apiKey: issuerDemo.provider.apiKey,
  },
  employer: {
    slug: issuerDemo.employer.slug,
    did: issuerDemo.employer.did,
    issuerApiKey: issuerDemo.employer.apiKey,
    verifierApiKey: verifierDemo.apiKey,
  },
  worker: { email: walletDemo.email, password: walletDemo.password, did: walletDemo.did },
  admin: { issuerAdminToken: secrets.issuerAdminToken, verifierAdminToken: secrets.verifierAdminToken },
};
writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });

console.log(`
Skills Passport is running (${db.kind === 'pglite' ? 'embedded PGlite in .data/pglite' : 'PostgreSQL'}):
  issuer    ${issuer.baseUrl}   (OpenAPI: ${issuer.baseUrl}/openapi.json)
  wallet    ${wallet.baseUrl}   (OpenAPI: ${wallet.baseUrl}/openapi.json)
  verifier  ${verifier.baseUrl}   (OpenAPI: ${verifier.baseUrl}/openapi.json)
Demo sign-in details and API keys: .data/demo.json   (walk-through: docs/demo.md)
Press Ctrl+C to stop.`);

onShutdown(logger, async () => {
  await jobs.close();
  await Promise.all([issuer.close(), wallet.close(), verifier.close()]);
  await redis.quit().catch(() => {});
  await db.close();
  localRedis?.kill('SIGTERM');
});
