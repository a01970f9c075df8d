import { openDatabase } from '@sp/db';
import { ConfigError, createLogger, onShutdown } from '@sp/http-kit';
import { createRedis } from '@sp/queue';
import { loadJobsConfig } from './config.js';
import { startJobs } from './service.js';

let config: ReturnType<typeof loadJobsConfig>;
try {
  config = loadJobsConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({ service: 'jobs', level: config.logLevel });
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
const redis = createRedis(config.redisUrl, { logger });
const jobs = await startJobs(config, { logger, db, redis });
onShutdown(logger, async () => {
  await jobs.close();
  await redis.quit().catch(() => {});
  await db.close();
});
