import { AppError, createSignInLimiter } from '@sp/http-kit';
import { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { fieldErrors, formErrors } from './form-errors.js';
import {
  acceptInvite,
  authenticatePerson,
  findInvitedPerson,
  type PeopleOptions,
  type PeopleStore,
  type PersonRecord,
  signInPerson,
  signOutPerson,
} from './people.js';
import { safeNext, type WebKit } from './web-kit.js';

const zEmail = z.string().trim().toLowerCase().pipe(z.email().max(320));
const zSignInForm = z.object({ email: zEmail, password: z.string().min(1).max(1024) });
const zInviteForm = z.object({ token: z.string().min(1).max(200), password: z.string().min(10).max(1024) });

/**
 * Sign-in, sign-out and accept-an-invite pages for people of an organisation (issuer) or employer
 * (verifier): `GET/POST /sign-in`, `POST /sign-out`, `GET /invite?token=…`, `POST /invite`. After sign-in
 * people go to `?next=` (same site only) or `home`.
 * @example router.use(peoplePages(kit, people, { now, sessionTtlHours: 12 }, '/checks'));
 */
export function peoplePages<P extends PersonRecord>(
  kit: WebKit,
  store: PeopleStore<P>,
  options: PeopleOptions,
  home: string,
): Router {
  const opts: PeopleOptions = { ...options, signInLimiter: options.signInLimiter ?? createSignInLimiter() };
  const r = Router();
  const signInPage = (res: Response, data: Record<string, unknown>, status = 200) =>
    kit.render(res, 'sign-in.njk', { pageTitle: 'Sign in', ...data }, status);

  r.get('/sign-in', (req, res) => signInPage(res, { next: safeNext(req.query['next']) }));
  r.post('/sign-in', async (req, res) => {
    const next = safeNext(req.body?.next);
    const form = { email: req.body?.email };
    const parsed = zSignInForm.safeParse(req.body);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, {
        email: 'Enter your email address in the correct format, like name@example.com',
        password: 'Enter your password',
      });
      return signInPage(res, { next, form, errors }, 400);
    }
    try {
      const { session } = await signInPerson(store, opts, parsed.data, req.ip);
      kit.startSession(res, session.token, session.expiresAt);
      res.redirect(303, next === '/' ? home : next);
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        res.set(err.headers ?? {});
        const errors = fieldErrors({
          email: { text: `${err.detail}, or ask an administrator to reset your password` },
        });
        return signInPage(res, { next, form, errors }, 429);
      }
      if (!(err instanceof AppError && err.code === 'unauthorized')) throw err;
      const errors = fieldErrors({ email: { text: 'Your email address or password is wrong' } });
      signInPage(res, { next, form, errors }, 401);
    }
  });
  r.post('/sign-out', async (req, res) => {
    const token = kit.sessionToken(req, res);
    if (token) await signOutPerson(store, token);
    kit.endSession(res);
    res.redirect(303, '/sign-in');
  });
  r.get('/invite', async (req, res) => {
    const token = typeof req.query['token'] === 'string' ? req.query['token'] : '';
    const person = await findInvitedPerson(store, opts, token);
    kit.render(res, 'invite.njk', { pageTitle: 'Set your password', person, token });
  });
  r.post('/invite', async (req, res) => {
    const parsed = zInviteForm.safeParse(req.body);
    if (!parsed.success) {
      const token = String(req.body?.token ?? '');
      const person = await findInvitedPerson(store, opts, token);
      const errors = formErrors(parsed.error, {
        password: 'Enter a password that is at least 10 characters long',
      });
      return kit.render(res, 'invite.njk', { pageTitle: 'Set your password', person, token, errors }, 400);
    }
    const { session } = await acceptInvite(store, opts, parsed.data);
    kit.startSession(res, session.token, session.expiresAt);
    res.redirect(303, home);
  });
  return r;
}

/**
 * Requires a signed-in person on a page: puts them on `res.locals.person` (and `signedIn` for the
 * navigation); otherwise `unauthorized`, which `kit.errors()` turns into a sign-in redirect.
 * @example router.get('/checks', requirePerson(kit, people, { now }), handler);
 */
export function requirePerson<P extends PersonRecord>(
  kit: WebKit,
  store: PeopleStore<P>,
  opts: Pick<PeopleOptions, 'now'>,
): RequestHandler {
  return async (req, res, next) => {
    const person = await authenticatePerson(store, opts, kit.sessionToken(req, res));
    res.locals['person'] = person;
    res.locals['signedIn'] = true;
    next();
  };
}

/**
 * The person {@link requirePerson} authenticated.
 * @example const person = currentPerson<IssuerPerson>(res);
 */
export function currentPerson<P extends PersonRecord>(res: Response): P {
  const person = res.locals['person'] as P | undefined;
  if (!person) throw new TypeError('currentPerson: route is missing requirePerson');
  return person;
}
