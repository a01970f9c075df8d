import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from './errors.js';

/**
 * The bearer token of a request (RFC 6750 §2.1), or undefined.
 * @example const token = bearerToken(req);
 */
export function bearerToken(req: { headers: IncomingHttpHeaders }): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Same answer for a missing and a wrong credential, with the RFC 6750 challenge header.
 * @example throw unauthorized();
 */
export function unauthorized(detail = 'Missing or invalid credentials'): AppError {
  return new AppError('unauthorized', { detail, headers: { 'WWW-Authenticate': 'Bearer' } });
}
