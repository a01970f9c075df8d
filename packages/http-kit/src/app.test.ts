import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { z } from 'zod';
import {
  AppError,
  ConfigError,
  createApp,
  createLogger,
  listen,
  loadEnv,
  zTrustProxy,
  parseInput,
  type RunningServer,
  zPort,
} from './index.js';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    logLines.push(String(chunk));
    cb();
  },
});
const logger = createLogger({ service: 'test', level: 'debug', destination: sink });
let ready = true;
let sut: RunningServer;
let base: string;

beforeAll(async () => {
  const app = createApp({
    service: 'test',
    logger,
    maxBodyBytes: 1024,
    ready: async () => {
      if (!ready) throw new Error('db down');
    },
    openapi: () => ({ openapi: '3.1.0' }),
    leanRoutes: [
      {
        method: 'POST',
        path: '/lean',
        handle: async (req) => {
          const body = parseInput(z.object({ n: z.number().int() }), req.body, 'body');
          if (body.n === 410) throw new AppError('gone', { detail: 'This share link has expired' });
          if (body.n === 500) throw new Error('lean-secret-detail sk_live_456');
          req.log.info({ n: body.n }, 'lean handled');
          return {
            status: 201,
            json: JSON.stringify({ twice: body.n * 2, id: req.id }),
            headers: { Location: `/lean/${body.n}` },
          };
        },
      },
    ],
    routes: (app) => {
      app.get('/lean', (_req, res) => {
        res.json({ via: 'express' });
      });
      app.post('/things', (req, res) => {
        const body = parseInput(z.object({ email: z.email(), count: z.number().int() }), req.body, 'body');
        res.status(201).json(body);
      });
      app.get('/gone', () => {
        throw new AppError('gone', { detail: 'This share link has expired' });
      });
      app.get('/boom', async () => {
        throw new Error('secret-internal-detail sk_live_123');
      });
    },
  });
  sut = await listen(app, { port: 0, host: '127.0.0.1', logger, name: 'test' });
  base = `http://127.0.0.1:${sut.port}`;
});
afterAll(() => sut.close());

async function call(path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}
const post = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

test('a valid body passes through parseInput', async () => {
  const r = await call('/things', post('{"email":"a@b.co","count":2}'));
  expect(r.status).toBe(201);
  expect(r.body).toEqual({ email: 'a@b.co', count: 2 });
});

test('zod failures become 400 validation_failed naming each bad field path', async () => {
  const r = await call('/things', post('{"email":"nope","count":"x"}'));
  expect(r.status).toBe(400);
  expect(r.type).toContain('application/problem+json');
  expect(r.body.code).toBe('validation_failed');
  expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/body/count', '/body/email']);
});

test('malformed JSON is 400 malformed_body', async () => {
  const r = await call('/things', post('{"email":'));
  expect(r.status).toBe(400);
  expect(r.body.code).toBe('malformed_body');
});

test('a body over the limit is 413 payload_too_large', async () => {
  const r = await call('/things', post(JSON.stringify({ email: 'a@b.co', pad: 'x'.repeat(5000) })));
  expect(r.status).toBe(413);
  expect(r.body.code).toBe('payload_too_large');
});

/** A raw request, for what fetch will not send (a wrong Content-Length, chunked bodies, odd encodings). */
function raw(path: string, headers: Record<string, string>, chunks: string[]) {
  return new Promise<{ status: number; body: any; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers }),
      );
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('JSON bodies (readJsonBody, the one reader of every route)', () => {
  test.each(['/things', '/lean'])(
    '%s: a chunked body over the limit is 413 without a Content-Length',
    async (path) => {
      const r = await raw(path, { 'content-type': 'application/json' }, [
        '{"pad":"',
        'x'.repeat(800),
        'x'.repeat(800),
        '"}',
      ]);
      expect(r.status).toBe(413);
      expect(r.body.code).toBe('payload_too_large');
    },
  );

  test.each(['/things', '/lean'])(
    '%s: a keep-alive connection refused part-way through its body is closed, not left stuck',
    async (path) => {
      // The rest of a refused body is still on the wire: read as the next request it would hang the connection.
      const sock = connect(sut.port, '127.0.0.1');
      let answer = '';
      sock.on('data', (d) => {
        answer += d;
      });
      const closed = new Promise<void>((done) => sock.on('close', () => done()));
      sock.write(
        `POST ${path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      sock.write(`${(2000).toString(16)}\r\n${'x'.repeat(2000)}\r\n`);
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.toLowerCase()).toContain('connection: close');
    },
  );

  test.each(['/things', '/lean'])(
    '%s: a declared Content-Length over the limit is 413 before reading',
    async (path) => {
      const r = await call(path, post(JSON.stringify({ pad: 'x'.repeat(2000) })));
      expect(r.status).toBe(413);
    },
  );

  test.each([
    ['gzip', { 'content-encoding': 'gzip' }],
    ['latin-1', { 'content-type': 'application/json; charset=iso-8859-1' }],
  ])('a %s body is 415 unsupported_media_type', async (_what, extra) => {
    const r = await raw('/lean', { 'content-type': 'application/json', ...extra }, ['{"n":1}']);
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('unsupported_media_type');
  });

  test('a JSON scalar at the top is 400 malformed_body (strict, as body-parser)', async () => {
    expect((await call('/lean', post('"just a string"'))).body.code).toBe('malformed_body');
  });

  test('a body that is not JSON is not read as JSON: the schema names the missing body', async () => {
    const r = await call('/lean', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"n":1}',
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
  });

  test('application/*+json and a byte-order mark are read', async () => {
    const r = await raw('/lean', { 'content-type': 'application/merge-patch+json; charset=UTF-8' }, [
      '\uFEFF{"n":4}',
    ]);
    expect(r.status).toBe(201);
    expect(r.body.twice).toBe(8);
  });
});

describe('lean routes', () => {
  test('answer before express: JSON, the handler status and headers, the request id (query string ignored)', async () => {
    const res = await fetch(`${base}/lean?x=1`, {
      ...post('{"n":21}'),
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-lean-1' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('location')).toBe('/lean/21');
    expect(res.headers.get('x-request-id')).toBe('req-lean-1');
    expect(await res.json()).toEqual({ twice: 42, id: 'req-lean-1' });
    expect(logLines.join('')).toContain('"reqId":"req-lean-1"');
  });

  test('other methods on the same path still go through express', async () => {
    expect((await call('/lean')).body).toEqual({ via: 'express' });
  });

  test('errors are the same problem+json as express routes', async () => {
    const bad = await call('/lean', post('{"n":"x"}'));
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json; charset=utf-8');
    expect(bad.body).toMatchObject({
      code: 'validation_failed',
      instance: '/lean',
      errors: [{ path: '/body/n' }],
    });
    const gone = await call('/lean', post('{"n":410}'));
    expect(gone.body).toMatchObject({ code: 'gone', status: 410, detail: 'This share link has expired' });
    expect(gone.body.requestId).toEqual(expect.any(String));
    const boom = await call('/lean', post('{"n":500}'));
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toContain('lean-secret-detail');
    expect(logLines.join('')).toContain('lean-secret-detail');
  });

  test('are counted in the metrics under their path', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/lean"[^}]*status="201"/);
    expect(text).toMatch(/http_requests_failed_total\{[^}]*route="\/lean"/);
  });
});

test('AppError renders its code, status from the table and public detail', async () => {
  const r = await call('/gone');
  expect(r.status).toBe(410);
  expect(r.body).toMatchObject({
    code: 'gone',
    status: 410,
    detail: 'This share link has expired',
    instance: '/gone',
  });
  expect(r.body.requestId).toEqual(expect.any(String));
});

test('unknown errors are a generic 500; the detail reaches the log only', async () => {
  const r = await call('/boom');
  expect(r.status).toBe(500);
  expect(r.body.code).toBe('internal');
  expect(JSON.stringify(r.body)).not.toContain('secret-internal-detail');
  expect(logLines.join('')).toContain('secret-internal-detail');
});

test('unknown routes are 404 problem+json', async () => {
  const r = await call('/nope');
  expect(r.status).toBe(404);
  expect(r.body.code).toBe('not_found');
});

test('/readyz follows the readiness probe; /healthz does not', async () => {
  expect((await call('/readyz')).status).toBe(200);
  ready = false;
  expect((await call('/readyz')).status).toBe(503);
  expect((await call('/healthz')).status).toBe(200);
  ready = true;
});

test('authorization headers are redacted from logs', () => {
  const lines: string[] = [];
  const l = createLogger({
    service: 't',
    destination: new Writable({
      write(c, _e, cb) {
        lines.push(String(c));
        cb();
      },
    }),
  });
  l.info({ req: { headers: { authorization: 'Bearer sk_secret' } }, token: { token: 't0k' } }, 'x');
  expect(lines.join('')).not.toContain('sk_secret');
});

test('loadEnv names every bad variable and never echoes values', () => {
  const schema = z.object({ PORT: zPort(3001), SECRET: z.string().min(40) });
  expect(loadEnv(schema, { SECRET: 'x'.repeat(40) }).PORT).toBe(3001);
  let err: unknown;
  try {
    loadEnv(schema, { PORT: 'abc', SECRET: 'short-secret-value' });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).variables.sort()).toEqual(['PORT', 'SECRET']);
  expect((err as Error).message).not.toContain('short-secret-value');
});

test('TRUST_PROXY: unset trusts no proxy; a hop count or named proxies are kept; `true` and bad addresses are refused', () => {
  const schema = z.object({ TRUST_PROXY: zTrustProxy() });
  expect(loadEnv(schema, {}).TRUST_PROXY).toBe(false);
  expect(loadEnv(schema, { TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  expect(loadEnv(schema, { TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  expect(loadEnv(schema, { TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::/32' }).TRUST_PROXY).toBe(
    'loopback,10.0.0.0/8,2001:db8::/32',
  );
  for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
    expect(() => loadEnv(schema, { TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  }
});
