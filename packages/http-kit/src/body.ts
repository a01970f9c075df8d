import type { IncomingMessage } from 'node:http';
import { AppError } from './errors.js';

// application/json and the structured-syntax suffix types (application/problem+json, application/jwk+json, …).
const JSON_MEDIA_TYPE = /^application\/(?:[\w!#$&^.-]+\+)?json$/i;

/** The media type of the request's body without parameters, lower case; '' when there is none. */
function mediaType(req: IncomingMessage): string {
  const header = req.headers['content-type'];
  if (!header) return '';
  const semi = header.indexOf(';');
  return (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
}

/** Whether the request carries a body at all (RFC 9112 §6.3: a Content-Length above 0, or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether the request declares a JSON body (`application/json` or `application/*+json`). */
export function isJsonRequest(req: IncomingMessage): boolean {
  return JSON_MEDIA_TYPE.test(mediaType(req));
}

const tooLarge = (limit: number) =>
  new AppError('payload_too_large', {
    detail: `The request body is larger than the limit of ${limit} bytes`,
  });
const notJson = (cause?: unknown) =>
  new AppError('malformed_body', { detail: 'The request body is not valid JSON', cause });

/**
 * Reads a JSON request body of at most `limit` bytes, the one JSON body reader of every service (`createApp` uses
 * it for every JSON request and for lean routes; a route with its own limit, such as cohort uploads, calls it).
 * Like body-parser's `json()` in strict mode: `undefined` when the request has no body or is not JSON, `{}` for an empty JSON body,
 * only an object or array at the top. Refusals are {@link AppError}s: 413 `payload_too_large` (checked against
 * Content-Length before anything is read, and while reading), 415 `unsupported_media_type` for a charset other
 * than UTF-8 or any Content-Encoding (compressed bodies are not accepted), 400 `malformed_body` for bad JSON.
 * @example const body = await readJsonBody(req, 100 * 1024);
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(req) || !isJsonRequest(req)) return Promise.resolve(undefined);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return Promise.reject(
      new AppError('unsupported_media_type', { detail: `Unsupported body charset ${charset}; use UTF-8` }),
    );
  }
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return Promise.reject(
      new AppError('unsupported_media_type', {
        detail: 'Unsupported body encoding; send the body uncompressed',
      }),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));

  // The listeners are inline and anonymous on purpose: this runs for every request, and named closures cost a
  // property definition each under tsx (esbuild keepNames). They need no removal: the request dies with them.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      // Stop taking the rest of the body in; the answer goes out and the connection is closed after it.
      req.pause();
      reject(tooLarge(limit));
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      try {
        const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
        // The listeners outlive this call (they go with the request): let go of the raw bytes now.
        chunks.length = 0;
        resolve(parseJsonText(bytes.toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', (err: Error) => {
      if (settled) return;
      settled = true;
      reject(new AppError('bad_request', { detail: 'The request body could not be read', cause: err }));
    });
    req.on('aborted', () => {
      if (settled) return;
      settled = true;
      reject(new AppError('bad_request', { detail: 'The request was aborted' }));
    });
  });
}

/** Strict, as body-parser: an object or an array at the top; an empty body is `{}`; a byte-order mark is ignored. */
function parseJsonText(raw: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const start = text.search(/\S/u);
  if (start === -1) return {};
  const first = text.charAt(start);
  if (first !== '{' && first !== '[') throw notJson();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw notJson(err);
  }
}
