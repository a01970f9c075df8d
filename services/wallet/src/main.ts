import { openDatabase } from '@sp/db';
import { ConfigError, createLogger, onShutdown } from '@sp/http-kit';
import { createRedis, redisUnreachableHint } from '@sp/queue';
import { loadWalletConfig } from './config.js';
import { startWallet } from './service.js';

let config: ReturnType<typeof loadWalletConfig>;
try {
  config = loadWalletConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger({ service: 'wallet', level: config.logLevel });
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
const redis = createRedis(config.redisUrl, { logger });
redis.once('error', () => logger.warn(redisUnreachableHint(config.redisUrl)));
const wallet = await startWallet(config, { logger, db, redis });
logger.info({ baseUrl: wallet.baseUrl }, 'wallet ready');

onShutdown(logger, async () => {
  await wallet.close();
  redis.disconnect();
  await db.close();
});
