import { createCachedFetcher, createSafeFetcher, FetchError } from '../src/index.js';
import { type LocalServer, startLocalServer } from './helpers/local-server.js';

describe('createCachedFetcher', () => {
  let server: LocalServer;
  let etag = '"v1"';
  let bodyVersion = 'v1';

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      switch (path) {
        case '/max-age':
          res.writeHead(200, { 'cache-control': 'public, max-age=60' });
          res.end('max-age body');
          return;
        case '/default':
          res.writeHead(200);
          res.end('default body');
          return;
        case '/no-store':
          res.writeHead(200, { 'cache-control': 'no-store' });
          res.end('no-store body');
          return;
        case '/etag':
          if (req.headers['if-none-match'] === etag) {
            res.writeHead(304, { etag, 'cache-control': 'max-age=10' });
            res.end();
            return;
          }
          res.writeHead(200, { etag, 'cache-control': 'max-age=10' });
          res.end(`etag body ${bodyVersion}`);
          return;
        case '/slow':
          setTimeout(() => {
            res.writeHead(200);
            res.end('slow body');
          }, 50);
          return;
        case '/missing':
          res.writeHead(404);
          res.end();
          return;
        default:
          res.writeHead(200);
          res.end(path);
      }
    });
  });

  afterAll(() => server.close());

  let t: number;
  const make = (maxEntries = 100) =>
    createCachedFetcher(createSafeFetcher({ allowedPrivateHosts: [server.hostPort] }), {
      maxEntries,
      defaultTtlMs: 5000,
      now: () => t,
    });
  const hits = (path: string) => server.hits.get(path) ?? 0;

  beforeEach(() => {
    t = 1_000_000;
    server.hits.clear();
    server.requests.length = 0;
  });

  it('serves a repeat GET from the cache within max-age, and refetches after it', async () => {
    const sut = make();
    const first = await sut.getCached(`${server.origin}/max-age`);
    expect(first.fromCache).toBe(false);
    t += 59_000;
    const second = await sut.getCached(`${server.origin}/max-age`);
    expect(second.fromCache).toBe(true);
    expect(second.text()).toBe('max-age body');
    expect(hits('/max-age')).toBe(1);
    t += 2_000;
    expect((await sut.getCached(`${server.origin}/max-age`)).fromCache).toBe(false);
    expect(hits('/max-age')).toBe(2);
  });

  it('uses defaultTtlMs when there is no max-age', async () => {
    const sut = make();
    await sut.getCached(`${server.origin}/default`);
    t += 4_999;
    expect((await sut.getCached(`${server.origin}/default`)).fromCache).toBe(true);
    t += 2;
    expect((await sut.getCached(`${server.origin}/default`)).fromCache).toBe(false);
    expect(hits('/default')).toBe(2);
  });

  it('never stores a no-store response', async () => {
    const sut = make();
    await sut.getCached(`${server.origin}/no-store`);
    const again = await sut.getCached(`${server.origin}/no-store`);
    expect(again.fromCache).toBe(false);
    expect(hits('/no-store')).toBe(2);
  });

  it('revalidates a stale entry with If-None-Match; a 304 reuses the body and refreshes the expiry', async () => {
    const sut = make();
    const first = await sut.getCached(`${server.origin}/etag`);
    expect(first.text()).toBe('etag body v1');
    t += 11_000; // stale
    const revalidated = await sut.getCached(`${server.origin}/etag`);
    expect(revalidated.fromCache).toBe(true);
    expect(revalidated.status).toBe(200);
    expect(revalidated.text()).toBe('etag body v1');
    expect(hits('/etag')).toBe(2);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    t += 9_000; // fresh again thanks to the 304's max-age
    expect((await sut.getCached(`${server.origin}/etag`)).fromCache).toBe(true);
    expect(hits('/etag')).toBe(2);
  });

  it('replaces the entry when the ETag changed', async () => {
    const sut = make();
    await sut.getCached(`${server.origin}/etag`);
    etag = '"v2"';
    bodyVersion = 'v2';
    try {
      t += 11_000;
      const changed = await sut.getCached(`${server.origin}/etag`);
      expect(changed.fromCache).toBe(false);
      expect(changed.text()).toBe('etag body v2');
    } finally {
      etag = '"v1"';
      bodyVersion = 'v1';
    }
  });

  it('shares one request among concurrent GETs of the same URL', async () => {
    const sut = make();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => sut.getCached(`${server.origin}/slow`)));
    expect(results.map((r) => r.text())).toEqual(Array(5).fill('slow body'));
    expect(hits('/slow')).toBe(1);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const sut = make(2);
    await sut.getCached(`${server.origin}/a`);
    await sut.getCached(`${server.origin}/b`);
    await sut.getCached(`${server.origin}/a`); // a is now most recent
    await sut.getCached(`${server.origin}/c`); // evicts b
    expect((await sut.getCached(`${server.origin}/a`)).fromCache).toBe(true);
    expect((await sut.getCached(`${server.origin}/b`)).fromCache).toBe(false);
    expect(hits('/b')).toBe(2);
  });

  it('keys by Accept as well as URL', async () => {
    const sut = make();
    await sut.getCached(`${server.origin}/x`, { accept: 'application/json' });
    expect((await sut.getCached(`${server.origin}/x`, { accept: 'application/vc+jwt' })).fromCache).toBe(
      false,
    );
    expect(hits('/x')).toBe(2);
  });

  it('bypasses the cache for requests with Authorization', async () => {
    const sut = make();
    const init = { headers: { Authorization: 'Bearer t' } };
    await sut.getCached(`${server.origin}/max-age`, init);
    expect((await sut.getCached(`${server.origin}/max-age`, init)).fromCache).toBe(false);
    expect(hits('/max-age')).toBe(2);
  });

  it('does not cache failures and passes them through', async () => {
    const sut = make();
    await expect(sut.getCached(`${server.origin}/missing`)).rejects.toMatchObject({
      code: 'http_status',
      status: 404,
    });
    await expect(sut.getCached(`${server.origin}/missing`)).rejects.toBeInstanceOf(FetchError);
    expect(hits('/missing')).toBe(2);
  });

  it('get() is the cached path, so the cached fetcher can stand in for a SafeFetcher', async () => {
    const sut = make();
    await sut.get(`${server.origin}/max-age`);
    expect((await sut.get(`${server.origin}/max-age`)).fromCache).toBe(true);
  });

  it.each([
    { maxEntries: 0, defaultTtlMs: 1 },
    { maxEntries: 1, defaultTtlMs: -1 },
  ])('throws TypeError on bad options %p', (options) => {
    expect(() => createCachedFetcher(createSafeFetcher(), options)).toThrow(TypeError);
  });
});
