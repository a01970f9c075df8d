import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { requestListener } from './app.js';

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting connections and waits for in-flight requests (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Listens on host:port (port 0 picks a free one) and resolves once listening.
 * @example const running = await listen(app, { port: 3001, host: '127.0.0.1', logger });
 */
export function listen(
  app: Express,
  opts: { port: number; host: string; logger: Logger; name: string },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    // requestListener: the app's lean routes first, then express.
    const server = createServer(requestListener(app));
    server.listen(opts.port, opts.host);
    server.keepAliveTimeout = 65_000;
    server.once('error', reject);
    server.once('listening', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      opts.logger.info({ port, host: opts.host }, `${opts.name} listening`);
      resolve({
        server,
        port,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => {
              server.closeAllConnections();
              done();
            }, graceMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits (0 on a clean stop, 1 if stopping failed).
 * @example onShutdown(logger, async () => { await running.close(); await db.close(); });
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}
