import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '@sp/crypto';

/**
 * The synchronizer token of a session: SHA-256 of a fixed label and the session's secret cookie value
 * (the session token, or the random pre-sign-in cookie). The cookie is httpOnly, so a page on another
 * origin can neither read it nor compute the token; the server stores nothing extra.
 * @example const token = csrfTokenFor(sessionToken);
 */
export function csrfTokenFor(sessionSecret: string): string {
  return sha256(`sp-csrf-v1:${sessionSecret}`);
}

/**
 * Whether a submitted token belongs to this session (constant-time comparison).
 * @example if (!csrfTokenMatches(req.body._csrf, sessionToken)) throw …;
 */
export function csrfTokenMatches(submitted: unknown, sessionSecret: string | undefined): boolean {
  if (typeof submitted !== 'string' || !sessionSecret) return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
