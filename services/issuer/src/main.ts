import { openDatabase } from '@sp/db';
import { ConfigError, createLogger, onShutdown } from '@sp/http-kit';
import { createRedis } from '@sp/queue';
import { loadIssuerConfig } from './config.js';
import { startIssuer } from './service.js';

let config: ReturnType<typeof loadIssuerConfig>;
try {
  config = loadIssuerConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({ service: 'issuer', level: config.logLevel });
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
const redis = createRedis(config.redisUrl, { logger });
const issuer = await startIssuer(config, { logger, db, redis });
logger.info({ baseUrl: issuer.baseUrl }, 'issuer ready');
onShutdown(logger, async () => {
  await issuer.close();
  redis.disconnect();
  await db.close();
});
