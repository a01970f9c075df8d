import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis };

/**
 * One ioredis connection. `forWorker` sets `maxRetriesPerRequest: null`, which BullMQ workers require
 * (blocking commands must not fail while Redis reconnects); producers keep a bound so a request fails fast
 * when Redis is down.
 * @example const redis = createRedis(config.redisUrl, { logger });
 */
export function createRedis(
  url: string,
  opts: { logger?: Logger; forWorker?: boolean; lazyConnect?: boolean } = {},
): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: opts.forWorker ? null : 2,
    enableOfflineQueue: true,
    lazyConnect: opts.lazyConnect ?? false,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastLogged = 0;
  // Without a listener every reconnect attempt prints a stack trace; log once every 10 s instead.
  redis.on('error', (err) => {
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      opts.logger?.warn(
        { err: { message: err.message, code: (err as { code?: string }).code } },
        'redis error',
      );
    }
  });
  return redis;
}

/**
 * Resolves when Redis answers PING within `timeoutMs`; used by /readyz.
 * @example await pingRedis(redis);
 */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The one line printed when Redis cannot be reached at start-up. */
export function redisUnreachableHint(url: string): string {
  const safe = url.replace(/\/\/[^@/]*@/, '//***@');
  return `Redis is not reachable at ${safe}. Start it (Debian/Ubuntu: sudo apt-get install -y redis-server && sudo service redis-server start, or: redis-server --daemonize yes) or set REDIS_URL.`;
}
