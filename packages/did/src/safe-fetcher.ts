import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIpLiteral, isPublicAddress } from './internal/address-policy.js';

/** Options of {@link createSafeFetcher}. */
export interface SafeFetchOptions {
  /** Budget for the whole request (DNS, connect, TLS, headers and body), in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes; larger bodies abort with `too_large`. Default 524288 (512 KiB). */
  maxBytes?: number;
  /**
   * Hosts (`hostname` or `hostname:port`) allowed even though they resolve to loopback/private/link-local
   * addresses, and allowed over plain http. Empty in production; `['localhost', '127.0.0.1:3001']` style in
   * development and tests.
   */
  allowedPrivateHosts?: string[];
  /** `User-Agent` request header. Default `skills-passport/0.1`. */
  userAgent?: string;
  /** DNS lookup, injectable for tests. Default `node:dns` `lookup`. */
  lookup?: typeof import('node:dns').lookup;
}

/**
 * Why a fetch failed. Stable codes; callers map them to their own reasons.
 *
 * - `invalid_url`: the URL does not parse, or carries credentials (`user:pass@`).
 * - `scheme_refused`: not https (http only for an allowed private host).
 * - `address_refused`: the host is, or resolves to, a non-public address and is not allowed.
 * - `dns_failed`: the host name did not resolve.
 * - `timeout`: the whole request took longer than `timeoutMs`.
 * - `too_large`: the body (announced or streamed) exceeds `maxBytes`.
 * - `redirect_refused`: the server answered 3xx; redirects are never followed.
 * - `http_status`: the server answered outside 2xx; `status` (and a non-enumerable `body`) are set.
 * - `network`: connection refused or reset, TLS failure, or similar.
 * - `bad_content`: the body is not what the caller expected (e.g. `json()` on invalid JSON).
 */
export type FetchFailure =
  | 'invalid_url'
  | 'scheme_refused'
  | 'address_refused'
  | 'dns_failed'
  | 'timeout'
  | 'too_large'
  | 'redirect_refused'
  | 'http_status'
  | 'network'
  | 'bad_content';

/**
 * A failed fetch. `message` and `url` never include the query string, fragment or body, because tokens
 * (pre-authorised codes, access tokens) may travel there and errors get logged.
 *
 * @example
 * ```ts
 * try { await fetcher.get(url); } catch (e) { if (e instanceof FetchError && e.code === 'http_status') console.log(e.status); }
 * ```
 */
export class FetchError extends Error {
  readonly code: FetchFailure;
  readonly status?: number;
  /** The URL without query string or fragment. */
  readonly url: string;
  /**
   * For `http_status`, the response body (capped at `maxBytes`), e.g. an OAuth error or problem+json
   * document. Non-enumerable so that loggers serialising the error do not print it.
   */
  declare readonly body?: Buffer;

  constructor(
    code: FetchFailure,
    url: string,
    options: { status?: number; body?: Buffer; detail?: string; cause?: unknown } = {},
  ) {
    const shown = redactUrl(url);
    const suffix = [options.status === undefined ? '' : `HTTP ${options.status}`, options.detail ?? '']
      .filter(Boolean)
      .join(', ');
    super(`${code} fetching ${shown}${suffix ? ` (${suffix})` : ''}`, { cause: options.cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = shown;
    if (options.status !== undefined) this.status = options.status;
    if (options.body !== undefined) {
      Object.defineProperty(this, 'body', { value: options.body, enumerable: false });
    }
  }
}

/** A successful (2xx, or 304 to a conditional request) response. */
export interface FetchResult {
  status: number;
  /** Response headers, names in lower case, repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The body decoded as UTF-8. */
  text(): string;
  /** The body parsed as JSON; throws {@link FetchError} `bad_content` when it is not JSON. */
  json(): unknown;
}

/** A fetcher that only reaches public https servers (see {@link createSafeFetcher}). */
export interface SafeFetcher {
  get(url: string, init?: { accept?: string; headers?: Record<string, string> }): Promise<FetchResult>;
  post(
    url: string,
    body: string | Buffer,
    init?: { contentType?: string; accept?: string; headers?: Record<string, string> },
  ): Promise<FetchResult>;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 512 * 1024;
const DEFAULT_USER_AGENT = 'skills-passport/0.1';

/**
 * Creates a fetcher for URLs that come from outside (did:web documents, status lists, issuer metadata)
 * which cannot be turned against the service's own network (SSRF).
 *
 * - Only `https:`; `http:` only for hosts in `allowedPrivateHosts`.
 * - The host name is resolved here and every address must be public unicast (see
 *   `internal/address-policy.ts`); the connection then goes to exactly the checked addresses through the
 *   request's `lookup` hook, so a second DNS answer cannot swap in an internal address (DNS rebinding).
 * - No redirects (3xx → `redirect_refused`), a whole-request timeout, and a body cap enforced while
 *   streaming.
 *
 * @example
 * ```ts
 * const fetcher = createSafeFetcher({ timeoutMs: 3000 });
 * const res = await fetcher.get('https://issuer.example/.well-known/did.json', { accept: 'application/json' });
 * const doc = res.json();
 * ```
 */
export function createSafeFetcher(options: SafeFetchOptions = {}): SafeFetcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('timeoutMs must be a positive number of milliseconds');
  }
  if (!Number.isInteger(maxBytes) || maxBytes <= 0)
    throw new TypeError('maxBytes must be a positive integer');
  const allowed = new Set((options.allowedPrivateHosts ?? []).map((h) => h.toLowerCase()));
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const lookup = options.lookup ?? dnsLookup;

  function isAllowedHost(url: URL): boolean {
    if (allowed.size === 0) return false;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    // url.hostname keeps IPv6 brackets ('[::1]'), which is also how 'host:port' must spell them.
    const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return allowed.has(bare) || allowed.has(url.hostname) || allowed.has(`${url.hostname}:${port}`);
  }

  function resolve(hostname: string, rawUrl: string): Promise<LookupAddress[]> {
    if (isIpLiteral(hostname))
      return Promise.resolve([{ address: hostname, family: hostname.includes(':') ? 6 : 4 }]);
    return new Promise((ok, fail) => {
      lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
        if (err || !Array.isArray(addresses) || addresses.length === 0) {
          fail(new FetchError('dns_failed', rawUrl, { detail: err?.code, cause: err }));
        } else {
          ok(addresses);
        }
      });
    });
  }

  async function request(
    method: 'GET' | 'POST',
    rawUrl: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<FetchResult> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new FetchError('invalid_url', rawUrl);
    }
    if (url.username || url.password)
      throw new FetchError('invalid_url', rawUrl, { detail: 'credentials in URL' });
    const privateAllowed = isAllowedHost(url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && privateAllowed)) {
      throw new FetchError('scheme_refused', rawUrl);
    }
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const resolved = await raceAbort(resolve(hostname, rawUrl), controller.signal);
      if (!privateAllowed && !resolved.every((a) => isPublicAddress(a.address))) {
        throw new FetchError('address_refused', rawUrl);
      }
      // IPv4 first: a development 'localhost' often resolves to ::1 while the server listens on 127.0.0.1.
      const addresses = [...resolved].sort((a, b) => a.family - b.family);
      return await send(url, rawUrl, method, body, headers, addresses, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) throw new FetchError('timeout', rawUrl, { detail: `${timeoutMs} ms` });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  function send(
    url: URL,
    rawUrl: string,
    method: 'GET' | 'POST',
    body: Buffer | undefined,
    headers: Record<string, string>,
    addresses: LookupAddress[],
    signal: AbortSignal,
  ): Promise<FetchResult> {
    // The connection may only go to addresses that passed the policy: no second DNS query.
    const pinned: LookupFunction = (_host, opts, callback) => {
      const first = addresses[0]!;
      if (opts.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    };
    const conditional = Object.keys(headers).some((h) => /^if-(none-match|modified-since)$/i.test(h));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((ok, fail) => {
      let settled = false;
      const settle = (err: FetchError | null, result?: FetchResult) => {
        if (settled) return;
        settled = true;
        if (err) {
          req.destroy();
          fail(err);
        } else {
          ok(result!);
        }
      };
      const req = transport.request({
        method,
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: {
          'user-agent': userAgent,
          ...headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        lookup: pinned,
        agent: false,
        signal,
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        settle(new FetchError('network', rawUrl, { detail: e.code, cause: e }));
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const notModified = status === 304 && conditional;
        if (status >= 300 && status < 400 && !notModified) {
          settle(new FetchError('redirect_refused', rawUrl, { status }));
          return;
        }
        const announced = Number(res.headers['content-length']);
        if (Number.isFinite(announced) && announced > maxBytes) {
          settle(new FetchError('too_large', rawUrl, { detail: `over ${maxBytes} bytes` }));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > maxBytes) {
            settle(new FetchError('too_large', rawUrl, { detail: `over ${maxBytes} bytes` }));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => {
          settle(new FetchError('network', rawUrl, { detail: e.code, cause: e }));
        });
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          if ((status < 200 || status >= 300) && !notModified) {
            settle(new FetchError('http_status', rawUrl, { status, body: data }));
            return;
          }
          settle(null, makeResult(status, flattenHeaders(res.headers), data, rawUrl));
        });
        res.on('close', () => {
          if (!res.complete) settle(new FetchError('network', rawUrl, { detail: 'connection closed early' }));
        });
      });
      req.end(body);
    });
  }

  return {
    get(url, init = {}) {
      return request('GET', url, undefined, withAccept(init.headers, init.accept));
    },
    post(url, body, init = {}) {
      const headers = withAccept(init.headers, init.accept);
      headers['content-type'] = init.contentType ?? 'application/json';
      return request('POST', url, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, headers);
    },
  };
}

function withAccept(headers: Record<string, string> | undefined, accept: string | undefined) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  if (accept !== undefined) out['accept'] = accept;
  return out;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Builds a {@link FetchResult}; exported inside the package for the cache, which rebuilds results. */
export function makeResult(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  url: string,
): FetchResult {
  return {
    status,
    headers,
    body,
    text: () => body.toString('utf8'),
    json: () => {
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch (e) {
        throw new FetchError('bad_content', url, { detail: 'body is not JSON', cause: e });
      }
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((ok, fail) => {
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        ok(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        fail(e);
      },
    );
  });
}

/** The URL with query string and fragment removed, for messages and logs. */
function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '[invalid url]';
  }
}
