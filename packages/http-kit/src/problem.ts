import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from './errors.js';
import { zodFieldErrors } from './validate.js';

const PROBLEM_TYPE_BASE = 'https://skills-passport.example/problems/';

/** The RFC 9457 body every API answers with on error. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Converts anything thrown into an {@link AppError}: AppError as is, zod errors as `validation_failed`,
 * body-parser errors (size, JSON syntax, charset) as their own codes, and everything else as `internal`.
 * @example const appErr = toAppError(err);
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) {
    const errors = zodFieldErrors(err, 'body');
    return new AppError('validation_failed', { detail: 'Invalid request', errors, cause: err });
  }
  const e = err as { type?: string; status?: number; expose?: boolean; limit?: number };
  if (e && typeof e === 'object' && typeof e.type === 'string') {
    // body-parser error types (https://github.com/expressjs/body-parser#errors)
    if (e.type === 'entity.too.large') {
      return new AppError('payload_too_large', {
        detail: `The request body is larger than the limit of ${e.limit ?? 'this route'} bytes`,
        cause: err,
      });
    }
    if (e.type === 'entity.parse.failed') {
      return new AppError('malformed_body', { detail: 'The request body is not valid JSON', cause: err });
    }
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      return new AppError('unsupported_media_type', { detail: 'Unsupported body encoding', cause: err });
    }
    if (e.status && e.status >= 400 && e.status < 500 && e.expose) {
      return new AppError('bad_request', {
        detail: 'The request could not be read',
        status: e.status,
        cause: err,
      });
    }
  }
  return new AppError('internal', { detail: 'An unexpected error occurred', cause: err });
}

/**
 * The single express error handler: RFC 9457 `application/problem+json` (or an OAuth error body on protocol
 * endpoints). Unknown errors become a generic 500; their stack is logged with the request id.
 * @example app.use(problemHandler(logger));
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.locals['requestId'];
    sendProblem(res, err, {
      log: (req as { log?: Logger }).log ?? logger,
      instance: req.originalUrl.split('?')[0] ?? '',
      ...(requestId ? { requestId: String(requestId) } : {}),
    });
  };
}

/**
 * Logs and answers an error as {@link problemHandler} does, on a plain Node response (the lean routes of
 * `createApp` use it; the express handler is built on it). Nothing is written when headers already went out.
 */
export function sendProblem(
  res: ServerResponse,
  err: unknown,
  ctx: { log: Logger; instance: string; requestId?: string },
): void {
  const appErr = toAppError(err);
  if (appErr.status >= 500)
    ctx.log.error({ err: appErr.cause ?? appErr, code: appErr.code }, 'request failed');
  else ctx.log.info({ code: appErr.code, status: appErr.status }, 'request refused');
  if (res.headersSent) return;
  let type = 'application/problem+json; charset=utf-8';
  let body: string;
  if (appErr.oauthError) {
    type = 'application/json; charset=utf-8';
    body = JSON.stringify({ error: appErr.oauthError, error_description: appErr.detail });
  } else {
    const problem: ProblemBody = {
      type: `${PROBLEM_TYPE_BASE}${appErr.code}`,
      title: TITLES[appErr.status] ?? 'Error',
      status: appErr.status,
      detail: appErr.detail,
      code: appErr.code,
      instance: ctx.instance,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      ...(appErr.errors ? { errors: appErr.errors } : {}),
      ...(appErr.extra ?? {}),
    };
    body = JSON.stringify(problem);
  }
  const headers: Record<string, string | number> = Object.assign({}, appErr.headers);
  headers['Cache-Control'] = 'no-store';
  headers['Content-Type'] = type;
  headers['Content-Length'] = Buffer.byteLength(body);
  // Refused part-way through its body (e.g. 413 while reading): the rest of that body is still on the wire and
  // would be read as the next request, so this connection ends with the answer.
  const req = (res as ServerResponse & { req?: IncomingMessage }).req;
  if (req && !req.complete && req.readableFlowing === false) headers['Connection'] = 'close';
  res.writeHead(appErr.status, headers);
  res.end(body);
}

/**
 * 404 for unknown routes, as problem+json.
 * @example app.use(notFoundHandler());
 */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('not_found', { detail: `No route for ${req.method} ${req.path}` }));
  };
}
