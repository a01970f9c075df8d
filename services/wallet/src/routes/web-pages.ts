import { resolve } from 'node:path';
import { AppError } from '@sp/http-kit';
import { getItem, listRoleCategories, listSettings, zSetting } from '@sp/care-catalogue';
import {
  createWebKit,
  describeRequirements,
  fieldErrors,
  formErrors,
  qrSvg,
  safeNext,
  type WebKit,
} from '@sp/web-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { WalletContext } from '../context.js';
import {
  zAcceptOfferRequest,
  zCreateAccountRequest,
  zCreateShareRequest,
  zSignInRequest,
} from '../schemas.js';
import { acceptOffer } from '../use-cases/accept-offer.js';
import { assessOwnReadiness } from '../use-cases/assess-own-readiness.js';
import { createAccount } from '../use-cases/create-account.js';
import { createShare } from '../use-cases/create-share.js';
import { describeCredential } from '../use-cases/describe-credential.js';
import { getCredential, listCredentials } from '../use-cases/list-credentials.js';
import { getShare, listShares, withdrawShare } from '../use-cases/list-shares.js';
import { signIn, signOut } from '../use-cases/sign-in.js';
import { requireWebWorker, webWorker } from './web-auth.js';

const viewsDir = resolve(import.meta.dirname, '../../views');

/** Share lifetimes offered on the form, in minutes (the API allows 5 minutes to 30 days). */
const EXPIRY_CHOICES = [
  { value: '60', text: '1 hour' },
  { value: '1440', text: '1 day' },
  { value: '10080', text: '7 days' },
  { value: '43200', text: '30 days' },
];

const zId = z.object({ id: z.uuid() });

const SETTING_TEXT: Record<string, string> = {
  residential: 'Residential care home',
  nursing: 'Nursing home',
  home_care: 'Care at home',
  supported_living: 'Supported living',
  day_services: 'Day services',
};

/**
 * The web kit of the wallet (cookie names, navigation, views). One per running wallet.
 * @example const kit = walletWebKit(ctx);
 */
export function walletWebKit(ctx: WalletContext): WebKit {
  return createWebKit({
    service: 'wallet',
    serviceName: 'Your training records',
    viewsDir,
    baseUrl: () => ctx.baseUrl,
    signInPath: '/sign-in',
    nav: [
      { href: '/credentials', text: 'Training records' },
      { href: '/offers/accept', text: 'Add a record' },
      { href: '/sharing', text: 'Sharing' },
      { href: '/readiness', text: 'Readiness' },
      { href: '/export', text: 'Download' },
    ],
  });
}

/**
 * The worker's pages (phone first): sign up and in, accept an offer, credential cards and detail, share
 * with link and QR code, share views, withdraw, export. Mount after the API routes.
 * @example app.use(walletPages(ctx, walletWebKit(ctx)));
 */
export function walletPages(ctx: WalletContext, kit: WebKit): Router {
  const r = Router();
  const signedIn = requireWebWorker(ctx, kit);
  r.use(kit.assets());
  r.use(kit.pages());

  r.get('/', async (req, res) => {
    if (kit.sessionToken(req, res)) return res.redirect(303, '/credentials');
    kit.render(res, 'start.njk', { pageTitle: 'Keep your care training records in one place' });
  });

  // ── accounts ──
  r.get('/sign-up', (req, res) => {
    kit.render(res, 'sign-up.njk', { pageTitle: 'Create your account', next: safeNext(req.query['next']) });
  });
  r.post('/sign-up', async (req, res) => {
    const next = safeNext(req.body?.next);
    const parsed = zCreateAccountRequest.safeParse(req.body);
    const form = { name: req.body?.name, email: req.body?.email };
    if (!parsed.success) {
      return kit.render(
        res,
        'sign-up.njk',
        {
          pageTitle: 'Create your account',
          next,
          form,
          errors: formErrors(parsed.error, {
            name: 'Enter your full name',
            email: 'Enter an email address in the correct format, like name@example.com',
            password: 'Enter a password that is at least 10 characters long',
          }),
        },
        400,
      );
    }
    try {
      const { session } = await createAccount(ctx, parsed.data);
      kit.startSession(res, session.token, new Date(session.expiresAt));
      res.redirect(303, next === '/' ? '/credentials' : next);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
      kit.render(
        res,
        'sign-up.njk',
        {
          pageTitle: 'Create your account',
          next,
          form,
          errors: fieldErrors({
            email: { text: 'There is already an account with this email address. Sign in instead' },
          }),
        },
        409,
      );
    }
  });
  r.get('/sign-in', (req, res) => {
    kit.render(res, 'sign-in.njk', { pageTitle: 'Sign in', next: safeNext(req.query['next']) });
  });
  r.post('/sign-in', async (req, res) => {
    const next = safeNext(req.body?.next);
    const parsed = zSignInRequest.safeParse(req.body);
    const form = { email: req.body?.email };
    if (!parsed.success) {
      return kit.render(
        res,
        'sign-in.njk',
        {
          pageTitle: 'Sign in',
          next,
          form,
          errors: formErrors(parsed.error, {
            email: 'Enter your email address',
            password: 'Enter your password',
          }),
        },
        400,
      );
    }
    try {
      const session = await signIn(ctx, parsed.data, req.ip);
      kit.startSession(res, session.token, new Date(session.expiresAt));
      res.redirect(303, next === '/' ? '/credentials' : next);
    } catch (err) {
      const limited = err instanceof AppError && err.code === 'rate_limited';
      if (!limited && !(err instanceof AppError && err.code === 'unauthorized')) throw err;
      if (limited) res.set(err.headers ?? {});
      kit.render(
        res,
        'sign-in.njk',
        {
          pageTitle: 'Sign in',
          next,
          form,
          errors: fieldErrors({
            email: { text: limited ? err.detail : 'Your email address or password is wrong' },
          }),
        },
        limited ? 429 : 401,
      );
    }
  });
  r.post('/sign-out', async (req, res) => {
    const token = kit.sessionToken(req, res);
    if (token) await signOut(ctx, token);
    kit.endSession(res);
    res.redirect(303, '/');
  });

  // ── offers ──
  r.get('/offers/accept', signedIn, (req, res) => {
    const offer = typeof req.query['offer'] === 'string' ? req.query['offer'] : '';
    kit.render(res, 'accept-offer.njk', { pageTitle: 'Add a training record', form: { offer } });
  });
  r.post('/offers/accept', signedIn, async (req, res) => {
    const body = { offer: req.body?.offer?.trim(), txCode: req.body?.txCode?.trim() || undefined };
    const parsed = zAcceptOfferRequest.safeParse(body);
    const render = (errors: ReturnType<typeof fieldErrors>, status: number) =>
      kit.render(res, 'accept-offer.njk', { pageTitle: 'Add a training record', form: body, errors }, status);
    if (!parsed.success)
      return render(
        formErrors(parsed.error, {
          offer: 'Paste the link from your training provider',
          txCode: 'Enter the code your training provider sent you',
        }),
        400,
      );
    try {
      const { credential } = await acceptOffer(ctx, webWorker(res), parsed.data);
      res.redirect(303, `/credentials/${credential.id}?added=1`);
    } catch (err) {
      if (!(err instanceof AppError) || !['bad_request', 'gone', 'bad_gateway'].includes(err.code)) throw err;
      const reason = (err.extra?.['reason'] as string | undefined) ?? '';
      const message: Record<string, { text: string }> =
        reason === 'tx_code_required'
          ? { txCode: { text: 'Enter the code your training provider sent you' } }
          : err.code === 'gone'
            ? {
                offer: {
                  text: 'This link has already been used or has expired. Ask your training provider for a new one',
                },
              }
            : err.code === 'bad_gateway'
              ? {
                  offer: { text: 'We could not get your record from the training provider. Try again later' },
                }
              : { offer: { text: 'This is not a link we can use. Check you copied the whole link' } };
      render(fieldErrors(message), err.status);
    }
  });

  // ── credentials ──
  r.get('/credentials', signedIn, async (_req, res) => {
    const now = ctx.now();
    const cards = (await listCredentials(ctx, webWorker(res).id)).map((c) => describeCredential(c, now));
    kit.render(res, 'credentials.njk', { pageTitle: 'Your training records', cards });
  });
  r.get('/credentials/:id', signedIn, async (req, res) => {
    const { id } = parseId(req.params);
    const { summary, vc } = await getCredential(ctx, webWorker(res).id, id);
    kit.render(res, 'credential.njk', {
      pageTitle: summary.name,
      card: describeCredential(summary, ctx.now()),
      added: req.query['added'] === '1',
      vcJson: JSON.stringify(vc, null, 2),
    });
  });

  // ── sharing ──
  r.get('/sharing', signedIn, async (_req, res) => {
    const shares = await listShares(ctx, webWorker(res).id);
    kit.render(res, 'shares.njk', { pageTitle: 'Sharing your records', shares });
  });
  r.get('/sharing/new', signedIn, async (_req, res) => {
    const cards = await listCredentials(ctx, webWorker(res).id);
    kit.render(res, 'share-new.njk', {
      pageTitle: 'Share your records',
      cards,
      expiryChoices: EXPIRY_CHOICES,
      form: { expiresInMinutes: '10080', credentialIds: [] },
    });
  });
  r.post('/sharing/new', signedIn, async (req, res) => {
    const worker = webWorker(res);
    const ids = req.body?.credentialIds;
    const body = {
      credentialIds: Array.isArray(ids) ? ids : ids ? [ids] : [],
      expiresInMinutes: Number(req.body?.expiresInMinutes),
      label: req.body?.label?.trim() || undefined,
    };
    const parsed = zCreateShareRequest.safeParse(body);
    if (!parsed.success) {
      const cards = await listCredentials(ctx, worker.id);
      return kit.render(
        res,
        'share-new.njk',
        {
          pageTitle: 'Share your records',
          cards,
          expiryChoices: EXPIRY_CHOICES,
          form: { ...body, expiresInMinutes: String(req.body?.expiresInMinutes ?? '') },
          errors: formErrors(parsed.error, {
            credentialIds: 'Select at least one training record to share',
            expiresInMinutes: 'Select how long the link should work',
            label: 'The note must be 200 characters or fewer',
          }),
        },
        400,
      );
    }
    const share = await createShare(ctx, worker.id, parsed.data);
    // The link exists only now (its token is not stored), so this page is rendered, not redirected to.
    kit.render(res, 'share-created.njk', {
      pageTitle: 'Your share link is ready',
      share,
      qr: await qrSvg(share.url),
    });
  });
  r.get('/sharing/:id', signedIn, async (req, res) => {
    const worker = webWorker(res);
    const share = await getShare(ctx, worker.id, parseId(req.params).id);
    const names = new Map((await listCredentials(ctx, worker.id)).map((c) => [c.id, c.name]));
    kit.render(res, 'share.njk', {
      pageTitle: share.label ?? 'Share link',
      share,
      credentialNames: share.credentialIds.map((id) => names.get(id) ?? 'A record you have deleted'),
      withdrawn: req.query['withdrawn'] === '1',
    });
  });
  r.post('/sharing/:id/withdraw', signedIn, async (req, res) => {
    const { id } = parseId(req.params);
    await withdrawShare(ctx, webWorker(res).id, id);
    res.redirect(303, `/sharing/${id}?withdrawn=1`);
  });

  // ── readiness (self-view) ──
  r.get('/readiness', signedIn, async (req, res) => {
    const worker = webWorker(res);
    const roleCategory =
      typeof req.query['roleCategory'] === 'string' && req.query['roleCategory']
        ? req.query['roleCategory']
        : undefined;
    const setting = zSetting.safeParse(req.query['setting']).data;
    const known = roleCategory ? listRoleCategories().some((c) => c.id === roleCategory) : true;
    const choice = {
      roleCategory: roleCategory ?? worker.roleCategory ?? '',
      setting: setting ?? worker.setting ?? '',
    };
    const page = {
      pageTitle: 'Are you ready for a role?',
      roleCategories: listRoleCategories().map((c) => ({ value: c.id, text: c.name })),
      settings: listSettings().map((s) => ({ value: s, text: SETTING_TEXT[s] ?? s })),
      form: choice,
    };
    if (!known || !choice.roleCategory || !zSetting.safeParse(choice.setting).success)
      return kit.render(res, 'readiness.njk', page);
    const view = await assessOwnReadiness(ctx, worker, {
      roleCategory: choice.roleCategory,
      setting: zSetting.parse(choice.setting),
    });
    const nameOf = (code: string) => getItem(code)?.name ?? code;
    kit.render(res, 'readiness.njk', {
      ...page,
      readiness: {
        ready: view.current.summary.ready,
        notice: view.notice,
        requirements: describeRequirements(view.current.requirements, nameOf),
        retrain: view.current.retrain.map(nameOf),
        dueSoon: view.dueSoon,
        next: view.next
          ? {
              name:
                listRoleCategories().find((c) => c.id === view.next?.roleCategory)?.name ??
                view.next.roleCategory,
              retrain: view.next.retrain.map(nameOf),
            }
          : null,
      },
    });
  });

  // ── export ──
  r.get('/export', signedIn, async (_req, res) => {
    kit.render(res, 'export.njk', { pageTitle: 'Download your records' });
  });
  r.get('/export/credentials.json', signedIn, async (_req, res) => {
    const worker = webWorker(res);
    const summaries = await listCredentials(ctx, worker.id);
    const credentials = [];
    for (const s of summaries) {
      const { jwt, vc } = await getCredential(ctx, worker.id, s.id);
      credentials.push({ name: s.name, issuer: s.issuerName ?? s.issuerDid, format: 'jwt_vc_json', jwt, vc });
    }
    const bundle = { exportedAt: ctx.now().toISOString(), holder: worker.did, credentials };
    res
      .type('application/json')
      .attachment(`training-records-${bundle.exportedAt.slice(0, 10)}.json`)
      .send(JSON.stringify(bundle, null, 2));
  });
  r.get('/export/summary', signedIn, async (_req, res) => {
    const worker = webWorker(res);
    const now = ctx.now();
    const cards = (await listCredentials(ctx, worker.id)).map((c) => describeCredential(c, now));
    kit.render(res, 'summary.njk', {
      pageTitle: `Training records of ${worker.name}`,
      cards,
      printedAt: now.toISOString(),
      holder: worker.did,
    });
  });

  r.use(kit.errors());
  return r;
}

/** A malformed id names nothing: the same "not found" page as a missing or someone else's record. */
function parseId(params: unknown): { id: string } {
  const parsed = zId.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', { detail: 'No such page' });
  return parsed.data;
}
