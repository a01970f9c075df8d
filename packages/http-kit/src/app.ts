import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type Express as ExpressApp, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { isJsonRequest, readJsonBody } from './body.js';
import { notFoundHandler, problemHandler, sendProblem } from './problem.js';

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
  /** Behind a proxy: trust X-Forwarded-* from these proxies (express `trust proxy`; `TRUST_PROXY`). Default none. */
  trustProxy?: boolean | number | string;
  /**
   * Lean routes: answered before express is entered, for the few endpoints whose throughput is a product target
   * (a verification is mostly signature checks, and express's own per-request work was a tenth of it). They get
   * what every route gets — request id and logger, metrics, the JSON body reader and its limit, problem+json
   * errors — but no express request or response: a plain handler from the parsed body to a JSON answer.
   */
  leanRoutes?: readonly LeanRoute[];
}

/** What a lean route's handler is given. */
export interface LeanRequest {
  /** The JSON body as {@link readJsonBody} read it (`undefined` when the request had none). */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Child logger carrying the request id. */
  log: Logger;
  id: string;
}

/** A lean route's answer: a status and a JSON text (serialised once, by the handler). */
export interface LeanResponse {
  status: number;
  json: string;
  headers?: Record<string, string>;
}

/** One lean route (see {@link CreateAppOptions.leanRoutes}): exact method and path; any query string is ignored. */
export interface LeanRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  handle(req: LeanRequest): Promise<LeanResponse>;
}

/** Per app: the listener that answers its lean routes before express (see {@link requestListener}). */
const LEAN = new WeakMap<ExpressApp, (req: IncomingMessage, res: ServerResponse) => boolean>();

/**
 * The HTTP request listener of an app built by {@link createApp}: its lean routes first, everything else through
 * express. `listen` uses it; a server built by hand must too, or the lean routes answer 404.
 * @example http.createServer(requestListener(app));
 */
export function requestListener(app: ExpressApp): RequestListener {
  const lean = LEAN.get(app);
  if (!lean) return app;
  return (req, res) => {
    if (!lean(req, res)) app(req, res);
  };
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

  const begin = requestContext(opts.logger, duration, errors);
  app.use((req, res, next) => {
    const { id, log } = begin(
      req,
      res,
      () => `${req.baseUrl ?? ''}${(req.route?.path as string) ?? 'unmatched'}`,
    );
    req.id = id;
    req.log = log;
    res.locals['requestId'] = id;
    next();
  });
  const limit = opts.maxBodyBytes ?? 100 * 1024;
  if (opts.leanRoutes?.length) LEAN.set(app, leanDispatcher(opts.leanRoutes, begin, limit));
  const jsonBody: RequestHandler = (req, _res, next) => {
    if (!isJsonRequest(req)) return next();
    readJsonBody(req, limit).then((body) => {
      req.body = body;
      next();
    }, next);
  };
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

/** Starts a request: its id and logger, the X-Request-Id answer header, and its metrics when it finishes. */
type BeginRequest = (
  req: IncomingMessage,
  res: ServerResponse,
  route: () => string,
) => { id: string; log: Logger };

function requestContext(logger: Logger, duration: Histogram<string>, errors: Counter<string>): BeginRequest {
  return (req, res, route) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    const log = logger.child({ reqId: id });
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern, not the raw path: paths may carry tokens (share links, offer refs).
      const pattern = route();
      duration.labels(req.method ?? '', pattern, String(res.statusCode)).observe(seconds);
      if (res.statusCode >= 500) errors.labels(pattern).inc();
      if (
        log.isLevelEnabled('debug') &&
        !req.url?.startsWith('/healthz') &&
        !req.url?.startsWith('/metrics')
      ) {
        log.debug(
          { method: req.method, route: pattern, status: res.statusCode, ms: Math.round(seconds * 1000) },
          'request',
        );
      }
    });
    return { id, log };
  };
}

/** Answers the lean routes (true) or leaves the request to express (false). */
function leanDispatcher(
  routes: readonly LeanRoute[],
  begin: BeginRequest,
  limit: number,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = table.get(`${req.method} ${path}`);
    if (!route) return false;
    const { id, log } = begin(req, res, () => route.path);
    readJsonBody(req, limit)
      .then((body) => route.handle({ body, headers: req.headers, log, id }))
      .then(
        (out) => {
          const headers: Record<string, string | number> = {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(out.json),
          };
          if (out.headers) Object.assign(headers, out.headers);
          res.writeHead(out.status, headers);
          res.end(out.json);
        },
        (err: unknown) => sendProblem(res, err, { log, requestId: id, instance: path }),
      );
    return true;
  };
}
