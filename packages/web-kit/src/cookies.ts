import type { Request, Response } from 'express';

/**
 * Parses a `Cookie` header (RFC 6265 §4.2) into a map; later duplicates do not override earlier ones.
 * @example parseCookies('a=1; b=two') // { a: '1', b: 'two' }
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // A malformed escape names no session of ours: ignore the cookie.
    }
  }
  return out;
}

/** Cookie attributes every web-kit cookie shares. */
export interface CookieSettings {
  /** `Secure` (and the `__Host-` name prefix) when the public base URL is https. */
  secure: boolean;
}

/**
 * The cookie names of one service. Cookies do not isolate by port, so each service names its own
 * (`sp_wallet_session`, …); over https the `__Host-` prefix pins them to the exact origin.
 * @example cookieNames('wallet', { secure: false }).session // 'sp_wallet_session'
 */
export function cookieNames(service: string, s: CookieSettings): { session: string; anon: string } {
  const prefix = s.secure ? '__Host-' : '';
  return { session: `${prefix}sp_${service}_session`, anon: `${prefix}sp_${service}_anon` };
}

/**
 * Sets an httpOnly, SameSite=Lax, path-wide cookie (Secure over https); `expires` undefined = browser session.
 * @example setCookie(res, 'sp_wallet_session', token, { secure: false }, expiresAt);
 */
export function setCookie(
  res: Response,
  name: string,
  value: string,
  s: CookieSettings,
  expires?: Date,
): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: s.secure,
    path: '/',
    ...(expires ? { expires } : {}),
  });
}

/**
 * Removes a cookie set by {@link setCookie}.
 * @example clearCookie(res, 'sp_wallet_session', { secure: false });
 */
export function clearCookie(res: Response, name: string, s: CookieSettings): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: s.secure, path: '/' });
}

/**
 * The cookies of a request, parsed once and kept on `res.locals`.
 * @example const cookies = requestCookies(req, res);
 */
export function requestCookies(req: Request, res: Response): Record<string, string> {
  const cached = res.locals['cookies'] as Record<string, string> | undefined;
  if (cached) return cached;
  const parsed = parseCookies(req.get('cookie'));
  res.locals['cookies'] = parsed;
  return parsed;
}
