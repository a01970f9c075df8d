import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { randomToken } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from 'express';
import nunjucks from 'nunjucks';
import { clearCookie, cookieNames, requestCookies, setCookie } from './cookies.js';
import { csrfTokenFor, csrfTokenMatches } from './csrf.js';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const kitRoot = resolve(import.meta.dirname, '..');

/** A link in the service navigation. */
export interface NavItem {
  href: string;
  text: string;
}

/** Options of {@link createWebKit}. */
export interface WebKitOptions {
  /** Short service id for cookie names: `wallet`, `verifier`, `issuer`. */
  service: string;
  /** Shown in the header, e.g. "Skills Passport – your training records". */
  serviceName: string;
  /** The service's own templates (searched before web-kit's and GOV.UK Frontend's). */
  viewsDir: string;
  /** Public base URL (read per request: tests learn the port late). https turns on `Secure` cookies. */
  baseUrl: () => string;
  /** Where an unauthenticated page visit is sent (with `?next=`). */
  signInPath: string;
  /** Service navigation for signed-in people. */
  nav: NavItem[];
  /** Path prefixes of the service's API: the page middleware leaves them alone. Default `['/v1/']`. */
  apiPrefixes?: string[];
}

/** What {@link createWebKit} returns; one per service. */
export interface WebKit {
  /** Serves GOV.UK Frontend's CSS, JS, fonts and images and web-kit's enhancement script under `/assets/`. */
  assets(): Router;
  /**
   * Page middleware: per-request CSP nonce and security headers, cookies, the CSRF token for forms, and
   * CSRF checking of every POST. Mount before page routes.
   */
  pages(): RequestHandler;
  /** Error handler for page routers: 404 page, sign-in redirect, CSRF page, 500 page. Mount after them. */
  errors(): ErrorRequestHandler;
  /** Renders a template with the request's locals (nonce, CSRF token, navigation, signed-in person). */
  render(res: Response, view: string, data?: Record<string, unknown>, status?: number): void;
  /** The session token from the session cookie, if any. */
  sessionToken(req: Request, res: Response): string | undefined;
  /** Starts a session: sets the session cookie (and forgets the pre-sign-in cookie). */
  startSession(res: Response, token: string, expiresAt: Date): void;
  /** Ends a session: clears the session cookie. */
  endSession(res: Response): void;
}

/**
 * Builds a service's web kit: a Nunjucks environment over the service's views, web-kit's layout and
 * GOV.UK Frontend's templates (`govuk/…`), and the middleware every page needs.
 *
 * Sessions: the cookie carries an opaque random token (the service stores only its SHA-256); httpOnly,
 * SameSite=Lax, Secure over https. CSRF: a synchronizer token derived from the cookie's secret
 * ({@link csrfTokenFor}) in a hidden `_csrf` field of every form; a POST without the right one gets 403.
 * Before sign-in a random `…_anon` cookie plays the session's part, so sign-in forms are protected too.
 *
 * @example
 * ```ts
 * const kit = createWebKit({ service: 'wallet', serviceName: 'Skills Passport', viewsDir, baseUrl: () => ctx.baseUrl, signInPath: '/sign-in', nav: [] });
 * app.use(kit.assets()); app.use(kit.pages()); app.use(pageRouter); app.use(kit.errors());
 * ```
 */
export function createWebKit(opts: WebKitOptions): WebKit {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([opts.viewsDir, join(kitRoot, 'views'), govukDist]),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', (iso: unknown) => formatDate(iso));
  env.addFilter('datetime', (iso: unknown) => formatDateTime(iso));
  env.addGlobal('navItems', (nav: NavItem[], path: string) =>
    nav.map((i) => ({ ...i, active: path === i.href || path.startsWith(`${i.href}/`) })),
  );
  const settings = () => ({ secure: opts.baseUrl().startsWith('https:') });
  const names = () => cookieNames(opts.service, settings());

  const sessionToken = (req: Request, res: Response) => requestCookies(req, res)[names().session];

  const render: WebKit['render'] = (res, view, data = {}, status = 200) => {
    const html = env.render(view, {
      ...res.locals,
      serviceName: opts.serviceName,
      nav: res.locals['signedIn'] ? opts.nav : [],
      ...data,
    });
    res.status(status).type('html').send(html);
  };

  return {
    assets() {
      const r = Router();
      const options = { fallthrough: false, maxAge: '1h', index: false } as const;
      r.use('/assets/fonts', express.static(join(govukDist, 'govuk/assets/fonts'), options));
      r.use('/assets/images', express.static(join(govukDist, 'govuk/assets/images'), options));
      r.get('/assets/manifest.json', (_req, res) =>
        res.sendFile('manifest.json', { root: join(govukDist, 'govuk/assets') }),
      );
      // `root` + a relative name: the dotfile rule then looks at the name only, not at pnpm's `.pnpm` folder.
      const govukRoot = join(govukDist, 'govuk');
      for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
        r.get(`/assets/${file}`, (_req, res) => res.sendFile(file, { root: govukRoot, maxAge: '1h' }));
      }
      for (const file of ['app.js', 'app.css', 'print.css']) {
        r.get(`/assets/${file}`, (_req, res) =>
          res.sendFile(file, { root: join(kitRoot, 'public'), maxAge: '1h' }),
        );
      }
      return r;
    },

    pages() {
      const apiPrefixes = opts.apiPrefixes ?? ['/v1/'];
      return (req, res, next) => {
        if (apiPrefixes.some((p) => req.path.startsWith(p))) return next();
        const nonce = randomBytes(16).toString('base64');
        res.locals['cspNonce'] = nonce;
        res.locals['currentPath'] = req.path;
        res.set({
          // No 'unsafe-inline': GOV.UK Frontend's one inline script carries this request's nonce.
          'Content-Security-Policy': [
            "default-src 'self'",
            `script-src 'self' 'nonce-${nonce}'`,
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
          'X-Content-Type-Options': 'nosniff',
          // Page URLs can carry share and invite tokens: never send them on as a Referer.
          'Referrer-Policy': 'no-referrer',
          'X-Frame-Options': 'DENY',
          'Cache-Control': 'no-store',
        });
        const cookies = requestCookies(req, res);
        const n = names();
        let secret = cookies[n.session] ?? cookies[n.anon];
        if (!secret) {
          secret = randomToken(32);
          setCookie(res, n.anon, secret, settings());
          cookies[n.anon] = secret;
        }
        res.locals['csrfToken'] = csrfTokenFor(secret);
        if (req.method === 'POST') {
          const body = (req.body ?? {}) as Record<string, unknown>;
          // Either cookie may have signed the form (a session can start or end between render and submit).
          const ok =
            csrfTokenMatches(body['_csrf'], cookies[n.session]) ||
            csrfTokenMatches(body['_csrf'], cookies[n.anon]);
          if (!ok) {
            render(res, 'csrf.njk', { pageTitle: 'Your form has expired' }, 403);
            return;
          }
        }
        next();
      };
    },

    errors() {
      return (err, req, res, next) => {
        if (res.headersSent) return next(err);
        if (err instanceof AppError && err.code === 'unauthorized') {
          res.redirect(303, `${opts.signInPath}?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
          return;
        }
        if (err instanceof AppError && (err.code === 'not_found' || err.code === 'validation_failed')) {
          // Missing, malformed and "not yours" read the same.
          render(res, 'not-found.njk', { pageTitle: 'Page not found' }, 404);
          return;
        }
        req.log.error({ err }, 'page failed');
        render(res, 'problem.njk', { pageTitle: 'Sorry, there is a problem with the service' }, 500);
      };
    },

    render,
    sessionToken,
    startSession(res, token, expiresAt) {
      setCookie(res, names().session, token, settings(), expiresAt);
      clearCookie(res, names().anon, settings());
    },
    endSession(res) {
      clearCookie(res, names().session, settings());
    },
  };
}

/**
 * A post-sign-in destination that stays on this site: a path starting with one `/`, else `/`.
 * @example safeNext('//evil.example') // '/'
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const timeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'UTC',
});

/**
 * A date as GOV.UK style writes it ("1 October 2026"); empty for nothing.
 * @example formatDate('2026-10-01') // '1 October 2026'
 */
export function formatDate(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

/**
 * A date and time in GOV.UK style, UTC ("1 October 2026 at 2:30pm UTC").
 * @example formatDateTime('2026-10-01T14:30:00Z') // '1 October 2026 at 2:30pm UTC'
 */
export function formatDateTime(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = timeFmt.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase()} UTC`;
}
