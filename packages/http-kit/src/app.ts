import { randomUUID } from 'node:crypto';
import express, { type Express as ExpressApp, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { notFoundHandler, problemHandler } from './problem.js';

declare global {
  namespace Express {
    interface Request {
      /** Child logger carrying this request's id. */
      log: Logger;
      /** Request id (from a sane `X-Request-Id` header, or a new UUID). */
      id: string;
    }
  }
}

export interface CreateAppOptions {
  service: string;
  logger: Logger;
  /** Largest accepted JSON/form body in bytes; larger ones get 413. Default 100 KiB. */
  maxBodyBytes?: number;
  /** Resolves when the service can do work (database and Redis reachable); rejects otherwise. */
  ready: () => Promise<void>;
  /** The OpenAPI document served at /openapi.json (built lazily, once). */
  openapi?: () => object;
  /** Mounts the service's routes. */
  routes: (app: ExpressApp) => void;
  /** Paths whose bodies the app leaves unread, for a route that streams or sets its own limit (uploads). */
  rawBodyPaths?: readonly string[];
  /** Behind a proxy: trust X-Forwarded-* (express `trust proxy`). Default false. */
  trustProxy?: boolean | string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Builds a service's express 5 app with everything every service shares: request ids and logging, body limits,
 * `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, problem+json errors.
 * @example const app = createApp({ service: 'issuer', logger, ready, routes: (app) => app.use(router) });
 */
export function createApp(opts: CreateAppOptions): ExpressApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);

  const registry = new Registry();
  registry.setDefaultLabels({ service: opts.service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_requests_failed_total',
    help: 'HTTP requests that ended with a 5xx',
    labelNames: ['route'],
    registers: [registry],
  });

  app.use(requestContext(opts.logger, duration, errors));
  const limit = opts.maxBodyBytes ?? 100 * 1024;
  const jsonBody = express.json({ limit, type: ['application/json', 'application/*+json'] });
  const formBody = express.urlencoded({ extended: false, limit });
  const raw = new Set(opts.rawBodyPaths ?? []);
  app.use((req, res, next) => (raw.has(req.path) ? next() : jsonBody(req, res, next)));
  app.use((req, res, next) => (raw.has(req.path) ? next() : formBody(req, res, next)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.service });
  });
  app.get('/readyz', async (req, res) => {
    try {
      await opts.ready();
      res.json({ status: 'ready', service: opts.service });
    } catch (err) {
      req.log.warn({ err }, 'not ready');
      res
        .status(503)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'https://skills-passport.example/problems/unavailable',
            title: 'Service Unavailable',
            status: 503,
            code: 'unavailable',
            detail: 'A dependency (database or Redis) is not reachable',
          }),
        );
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  if (opts.openapi) {
    let doc: object | undefined;
    app.get('/openapi.json', (_req, res) => {
      doc ??= opts.openapi?.();
      res.json(doc);
    });
  }
  opts.routes(app);
  app.use(notFoundHandler());
  app.use(problemHandler(opts.logger));
  return app;
}

function requestContext(
  logger: Logger,
  duration: Histogram<string>,
  errors: Counter<string>,
): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = req.id;
    res.setHeader('X-Request-Id', req.id);
    req.log = logger.child({ reqId: req.id });
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern, not the raw path: paths may carry tokens (share links, offer refs).
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      const base = req.baseUrl ?? '';
      duration.labels(req.method, `${base}${route}`, String(res.statusCode)).observe(seconds);
      if (res.statusCode >= 500) errors.labels(`${base}${route}`).inc();
      if (req.path !== '/healthz' && req.path !== '/metrics') {
        req.log.debug(
          {
            method: req.method,
            route: `${base}${route}`,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
          },
          'request',
        );
      }
    });
    next();
  };
}
