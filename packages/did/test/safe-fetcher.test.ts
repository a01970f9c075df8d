import type { LookupAddress } from 'node:dns';
import type http from 'node:http';
import { createSafeFetcher, FetchError, type SafeFetchOptions } from '../src/index.js';
import { type LocalServer, startLocalServer } from './helpers/local-server.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

/** A `lookup` that answers every name with fixed addresses and records the names asked. */
function fakeLookup(addresses: string[], asked: string[] = []): NonNullable<SafeFetchOptions['lookup']> {
  const fn = (hostname: string, _opts: unknown, cb: LookupCallback) => {
    asked.push(hostname);
    setImmediate(() =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      ),
    );
  };
  return fn as unknown as NonNullable<SafeFetchOptions['lookup']>;
}

async function failureOf(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FetchError) return e;
    throw e;
  }
  throw new Error('expected the fetch to fail');
}

describe('createSafeFetcher', () => {
  let server: LocalServer;
  const hanging: http.ServerResponse[] = [];

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      switch (path) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
          res.end(JSON.stringify({ hello: 'world' }));
          return;
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('not json');
          return;
        case '/redirect':
          res.writeHead(302, { location: '/ok' });
          res.end();
          return;
        case '/not-modified':
          res.writeHead(304);
          res.end();
          return;
        case '/missing':
          res.writeHead(404, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found' }));
          return;
        case '/big-streamed':
          // No content-length: the cap must hold while streaming.
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000, 0x61));
          res.end();
          return;
        case '/big-announced':
          res.writeHead(200, { 'content-length': '100000' });
          res.end(Buffer.alloc(100000));
          return;
        case '/hang':
          hanging.push(res); // never answers
          return;
        case '/echo': {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                method: req.method,
                contentType: req.headers['content-type'],
                accept: req.headers['accept'],
                userAgent: req.headers['user-agent'],
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          });
          return;
        }
        default:
          res.writeHead(500);
          res.end();
      }
    });
  });

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await server.close();
  });

  describe('an allowed development host', () => {
    it('fetches over http and returns status, lower-case headers and body', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort] });
      const res = await sut.get(`${server.origin}/ok`, { accept: 'application/json' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['x-multi']).toBe('a, b');
      expect(res.json()).toEqual({ hello: 'world' });
      expect(res.text()).toBe('{"hello":"world"}');
    });

    it('allows by bare hostname as well as hostname:port', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] });
      expect((await sut.get(`${server.origin}/ok`)).status).toBe(200);
    });

    it('posts a body with its content type, accept and user agent', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort], userAgent: 'sut/1' });
      const res = await sut.post(`${server.origin}/echo`, 'a=1&b=2', {
        contentType: 'application/x-www-form-urlencoded',
        accept: 'application/json',
      });
      expect(res.json()).toEqual({
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        accept: 'application/json',
        userAgent: 'sut/1',
        body: 'a=1&b=2',
      });
    });

    it('connects to the address it checked, without a second DNS lookup (no rebinding gap)', async () => {
      // 'issuer.invalid' does not exist in real DNS: reaching the server proves the pinned answer was used.
      const asked: string[] = [];
      const sut = createSafeFetcher({
        allowedPrivateHosts: [`issuer.invalid:${server.port}`],
        lookup: fakeLookup(['127.0.0.1'], asked),
      });
      const res = await sut.get(`http://issuer.invalid:${server.port}/ok`);
      expect(res.json()).toEqual({ hello: 'world' });
      expect(asked).toEqual(['issuer.invalid']);
    });

    it('does not allow a different port of an allowed host:port', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1:1'] });
      expect((await failureOf(sut.get(`${server.origin}/ok`))).code).toBe('scheme_refused');
    });
  });

  describe('refusals', () => {
    it('scheme_refused: plain http to a host that is not allowed', async () => {
      const sut = createSafeFetcher();
      const err = await failureOf(sut.get(`${server.origin}/ok`));
      expect(err.code).toBe('scheme_refused');
    });

    it.each(['ftp://example.com/x', 'file:///etc/passwd', 'gopher://example.com/'])(
      'scheme_refused: %s',
      async (url) => {
        expect((await failureOf(createSafeFetcher().get(url))).code).toBe('scheme_refused');
      },
    );

    it('address_refused: https to a loopback literal that is not allowed', async () => {
      const before = server.hits.get('/ok') ?? 0;
      const err = await failureOf(createSafeFetcher().get(`https://127.0.0.1:${server.port}/ok`));
      expect(err.code).toBe('address_refused');
      expect(server.hits.get('/ok') ?? 0).toBe(before);
    });

    it.each(['https://[::1]/x', 'https://0x7f.1/x', 'https://169.254.169.254/latest/meta-data/'])(
      'address_refused: literal %s',
      async (url) => {
        expect((await failureOf(createSafeFetcher().get(url))).code).toBe('address_refused');
      },
    );

    it.each([
      ['RFC 1918 private', '10.0.0.5'],
      ['link-local cloud metadata', '169.254.169.254'],
      ['IPv4-mapped IPv6 loopback', '::ffff:127.0.0.1'],
      ['IPv6 loopback', '::1'],
      ['IPv6 unique-local', 'fd12:3456::1'],
      ['IPv6 link-local', 'fe80::1'],
      ['CGNAT', '100.64.0.1'],
      ['unspecified', '0.0.0.0'],
      ['NAT64 of a private address', '64:ff9b::a00:5'],
    ])('address_refused: a name that resolves to %s (%s)', async (_label, address) => {
      const asked: string[] = [];
      const sut = createSafeFetcher({ lookup: fakeLookup([address], asked) });
      const err = await failureOf(sut.get('https://issuer.example/.well-known/did.json'));
      expect(err.code).toBe('address_refused');
      expect(asked).toEqual(['issuer.example']);
    });

    it('address_refused: when any one of several answers is private', async () => {
      const sut = createSafeFetcher({ lookup: fakeLookup(['93.184.216.34', '10.0.0.5']) });
      expect((await failureOf(sut.get('https://issuer.example/x'))).code).toBe('address_refused');
    });

    it('dns_failed: the name does not resolve', async () => {
      const lookup = ((_h: string, _o: unknown, cb: (e: NodeJS.ErrnoException) => void) => {
        const e: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND');
        e.code = 'ENOTFOUND';
        cb(e);
      }) as unknown as NonNullable<SafeFetchOptions['lookup']>;
      const err = await failureOf(createSafeFetcher({ lookup }).get('https://nowhere.example/x'));
      expect(err.code).toBe('dns_failed');
    });

    it.each(['not a url', 'https://user:pass@issuer.example/x'])('invalid_url: %s', async (url) => {
      expect((await failureOf(createSafeFetcher().get(url))).code).toBe('invalid_url');
    });

    it('redirect_refused: a 302 is not followed', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort] });
      const before = server.hits.get('/ok') ?? 0;
      const err = await failureOf(sut.get(`${server.origin}/redirect`));
      expect(err.code).toBe('redirect_refused');
      expect(err.status).toBe(302);
      expect(server.hits.get('/ok') ?? 0).toBe(before);
    });

    it('redirect_refused: a 304 to a request that was not conditional', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort] });
      expect((await failureOf(sut.get(`${server.origin}/not-modified`))).code).toBe('redirect_refused');
    });

    it('returns a 304 to a conditional request', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort] });
      const res = await sut.get(`${server.origin}/not-modified`, { headers: { 'If-None-Match': '"v1"' } });
      expect(res.status).toBe(304);
    });

    it('timeout: a server that never answers', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort], timeoutMs: 150 });
      const started = Date.now();
      const err = await failureOf(sut.get(`${server.origin}/hang`));
      expect(err.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('timeout: a DNS lookup that never answers', async () => {
      const lookup = (() => undefined) as unknown as NonNullable<SafeFetchOptions['lookup']>;
      const err = await failureOf(
        createSafeFetcher({ lookup, timeoutMs: 100 }).get('https://slow.example/x'),
      );
      expect(err.code).toBe('timeout');
    });

    it('too_large: a body that grows past maxBytes while streaming', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort], maxBytes: 4096 });
      expect((await failureOf(sut.get(`${server.origin}/big-streamed`))).code).toBe('too_large');
    });

    it('too_large: a content-length above maxBytes', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort], maxBytes: 4096 });
      expect((await failureOf(sut.get(`${server.origin}/big-announced`))).code).toBe('too_large');
    });

    it('accepts a body exactly within maxBytes', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort], maxBytes: 10000 });
      expect((await sut.get(`${server.origin}/big-streamed`)).body.length).toBe(10000);
    });

    it('network: nothing listens on the port', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: ['127.0.0.1'] });
      const err = await failureOf(sut.get('http://127.0.0.1:1/x'));
      expect(err.code).toBe('network');
    });
  });

  describe('http_status', () => {
    it('throws with the status and keeps the body out of the message and enumerable properties', async () => {
      const sut = createSafeFetcher({ allowedPrivateHosts: [server.hostPort] });
      const err = await failureOf(sut.get(`${server.origin}/missing?access_token=s3cret#frag`));
      expect(err.code).toBe('http_status');
      expect(err.status).toBe(404);
      expect(JSON.parse(err.body!.toString('utf8'))).toEqual({ type: 'about:blank', title: 'Not Found' });
      expect(Object.keys(err)).not.toContain('body');
      expect(err.message).not.toContain('s3cret');
      expect(err.message).not.toContain('Not Found');
      expect(err.url).toBe(`${server.origin}/missing`);
      expect(JSON.stringify(err)).not.toContain('s3cret');
    });
  });

  it('bad_content: json() on a body that is not JSON', async () => {
    const res = await createSafeFetcher({ allowedPrivateHosts: [server.hostPort] }).get(
      `${server.origin}/text`,
    );
    let caught: unknown;
    try {
      res.json();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FetchError);
    expect((caught as FetchError).code).toBe('bad_content');
  });

  it.each([{ timeoutMs: 0 }, { timeoutMs: Number.NaN }, { maxBytes: -1 }, { maxBytes: 1.5 }])(
    'throws TypeError on a bad option %p',
    (options) => {
      expect(() => createSafeFetcher(options)).toThrow(TypeError);
    },
  );
});
