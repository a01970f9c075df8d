import { Writable } from 'node:stream';
import { z } from 'zod';
import {
  AppError,
  ConfigError,
  createApp,
  createLogger,
  listen,
  loadEnv,
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
    routes: (app) => {
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
