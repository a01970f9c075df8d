import { resolve } from 'node:path';
import { listRoleCategories, listSettings } from '@sp/care-catalogue';
import { AppError, type SignInLimiter } from '@sp/http-kit';
import {
  createWebKit,
  currentPerson,
  formErrors,
  fieldErrors,
  peoplePages,
  requirePerson,
} from '@sp/web-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { PersonStore, VerifierPerson } from '../store/person-store.js';
import { createVerification, type VerificationDeps } from '../use-cases/create-verification.js';
import { getVerification } from '../use-cases/get-verification.js';
import { listVerifications } from '../use-cases/list-verifications.js';
import { describeReport, SETTING_NAMES } from '../use-cases/describe-report.js';
import { zVerificationRequest } from './schemas.js';

const viewsDir = resolve(import.meta.dirname, '../../views');

/** How long a person's sign-in lasts, in hours. */
const SESSION_TTL_HOURS = 12;

/**
 * The employer's pages: sign in (people invited by the scheme operator), check a new starter's share link
 * or a pasted presentation against a role category and setting, a result a manager reads at a glance
 * (printable), and the history of checks. Mount after the API routes.
 * @example app.use(verifierPages({ ...verificationDeps, people, baseUrl: () => url }));
 */
export function verifierPages(
  deps: VerificationDeps & { people: PersonStore; baseUrl: () => string; signInLimiter?: SignInLimiter },
): Router {
  const kit = createWebKit({
    service: 'verifier',
    serviceName: 'Check training records',
    viewsDir,
    baseUrl: deps.baseUrl,
    signInPath: '/sign-in',
    nav: [
      { href: '/checks/new', text: 'New check' },
      { href: '/checks', text: 'Past checks' },
    ],
  });
  const opts = {
    now: deps.now,
    sessionTtlHours: SESSION_TTL_HOURS,
    ...(deps.signInLimiter ? { signInLimiter: deps.signInLimiter } : {}),
  };
  const signedIn = requirePerson(kit, deps.people, opts);
  const account = (res: Parameters<typeof currentPerson>[0]) => {
    const p = currentPerson<VerifierPerson>(res);
    return { id: p.accountId, name: p.accountName };
  };
  const choices = {
    roleCategories: listRoleCategories().map((r) => ({ value: r.id, text: r.name })),
    settings: listSettings().map((s) => ({ value: s, text: SETTING_NAMES[s] ?? s })),
  };

  const r = Router();
  r.use(kit.assets());
  r.use(kit.pages());
  r.use(peoplePages(kit, deps.people, opts, '/checks/new'));
  r.get('/', (_req, res) => res.redirect(303, '/checks/new'));

  r.get('/checks/new', signedIn, (req, res) => {
    const share = typeof req.query['share'] === 'string' ? req.query['share'] : '';
    kit.render(res, 'check-new.njk', {
      pageTitle: 'Check training records',
      ...choices,
      form: { shareUrl: share },
    });
  });
  r.post('/checks/new', signedIn, async (req, res) => {
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const readiness = {
      ...(opt(b['roleCategory']) ? { roleCategory: opt(b['roleCategory']) } : {}),
      ...(opt(b['setting']) ? { setting: opt(b['setting']) } : {}),
    };
    const body = opt(b['presentation'])
      ? {
          presentation: opt(b['presentation']),
          audience: opt(b['audience']),
          nonce: opt(b['nonce']),
          ...readiness,
        }
      : { shareUrl: opt(b['shareUrl']), ...readiness };
    const page = (errors: ReturnType<typeof fieldErrors>, status: number) =>
      kit.render(
        res,
        'check-new.njk',
        { pageTitle: 'Check training records', ...choices, form: b, errors },
        status,
      );
    const parsed = zVerificationRequest.safeParse(body);
    if (!parsed.success)
      return page(
        formErrors(parsed.error, {
          shareUrl: 'Enter the share link the worker gave you, starting with https://',
          presentation: 'Paste the presentation',
          audience: 'Enter the audience the presentation was made for',
          nonce: 'Enter the nonce the presentation was made with',
          roleCategory: 'Select the role, or leave both role and setting empty',
          setting: 'Select the care setting, or leave both role and setting empty',
        }),
        400,
      );
    try {
      const { report } = await createVerification(
        deps,
        account(res),
        parsed.data as z.output<typeof zVerificationRequest>,
      );
      req.log.info({ verificationId: report.id, verified: report.verified }, 'verification stored (page)');
      res.redirect(303, `/checks/${report.id}`);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'unprocessable')) throw err;
      page(
        fieldErrors({
          shareUrl: {
            text: 'We could not open this share link. It may have expired or been withdrawn: ask the worker for a new one',
          },
        }),
        422,
      );
    }
  });
  r.get('/checks', signedIn, async (req, res) => {
    const cursor = typeof req.query['after'] === 'string' ? req.query['after'] : undefined;
    const page = await listVerifications(deps.verifications, account(res), {
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    kit.render(res, 'checks.njk', {
      pageTitle: 'Past checks',
      checks: page.items.map((report) => describeReport(report)),
      nextCursor: page.nextCursor,
    });
  });
  r.get('/checks/:id', signedIn, async (req, res) => {
    const id = z.uuid().safeParse(req.params['id']);
    const report = await getVerification(deps.verifications, account(res), id.success ? id.data : undefined);
    kit.render(res, 'check.njk', { pageTitle: 'Check result', check: describeReport(report) });
  });
  r.use(kit.errors());
  return r;
}
