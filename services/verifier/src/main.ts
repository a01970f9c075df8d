import { openDatabase } from '@sp/db';
import { ConfigError, createLogger, onShutdown } from '@sp/http-kit';
import { createRedis } from '@sp/queue';
import { loadVerifierConfig, type VerifierConfig } from './config.js';
import { startVerifier } from './service.js';

// Process entry: config → logger → database → Redis → service → graceful shutdown. Nothing else.
let config: Readonly<VerifierConfig>;
try {
  config = loadVerifierConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({ service: 'verifier', level: config.logLevel });
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
const redis = createRedis(config.redisUrl, { logger });
const verifier = await startVerifier(config, { logger, db, redis });
onShutdown(logger, async () => {
  await verifier.close();
  redis.disconnect();
  await db.close();
});
