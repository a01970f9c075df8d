import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { getItem, listItems } from '@sp/care-catalogue';
import { AppError, type SignInLimiter } from '@sp/http-kit';
import {
  createWebKit,
  currentPerson,
  fieldErrors,
  formErrors,
  peoplePages,
  qrSvg,
  requirePerson,
  type WebKit,
} from '@sp/web-kit';
import { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { BatchContext } from '../batch-context.js';
import { BATCH_CSV_COLUMNS, BATCH_REQUIRED_COLUMNS } from '../batch-schemas.js';
import type { IssuerContext } from '../context.js';
import { csvBatchRows } from '../internal/batch-source.js';
import { zCreateOfferRequest } from '../schemas.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import type { IssuerPerson, PersonStore } from '../store/person-store.js';
import { changeCredentialStatus } from '../use-cases/change-credential-status.js';
import { createApiKey } from '../use-cases/create-api-key.js';
import { createCredentialOffer } from '../use-cases/create-credential-offer.js';
import { getBatchStatus } from '../use-cases/get-batch-status.js';
import { getDidDocument } from '../use-cases/get-organisation-documents.js';
import { invitePerson } from '../use-cases/invite-person.js';
import { listIssuedCredentials } from '../use-cases/list-issued-credentials.js';
import { listSigningKeys } from '../use-cases/list-signing-keys.js';
import { listStatusEvents } from '../use-cases/list-status-events.js';
import { receiveBatch } from '../use-cases/receive-batch.js';
import { scanLink } from '../internal/offer-link.js';

const viewsDir = resolve(import.meta.dirname, '../../views');

/** How long a person's sign-in lasts, in hours. */
const SESSION_TTL_HOURS = 12;
/** The search looks through this many of the newest credentials. */
const SEARCH_WINDOW = 500;

const DELIVERY_MODES = [
  { value: 'classroom', text: 'Classroom' },
  { value: 'e_learning', text: 'Online learning' },
  { value: 'blended', text: 'Online and classroom' },
  { value: 'observed_practice', text: 'Observed at work' },
];

const zUuid = z.uuid();
const CSV_HELP = {
  requiredColumns: [...BATCH_REQUIRED_COLUMNS],
  optionalColumns: Object.keys(BATCH_CSV_COLUMNS).filter(
    (c) => !(BATCH_REQUIRED_COLUMNS as readonly string[]).includes(c),
  ),
};
const zStatusForm = z.object({
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  reason: z.string().trim().min(3).max(500),
});
const zInviteForm = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  role: z.enum(['admin', 'staff']),
});
const zKeyForm = z.object({ keyName: z.string().trim().min(1).max(100) });

/**
 * The training provider's pages: sign in as a person of the organisation, issue one credential from a
 * catalogue-driven form (link + QR code for the worker), upload a cohort CSV and watch its progress with the
 * row-level error report, search issued credentials, revoke/suspend/reinstate with a reason, and see keys,
 * the DID document, API keys and people (admins create/revoke keys and invite staff). Mount after the API.
 * @example app.use(issuerPages(ctx, batches, people));
 */
export function issuerPages(
  ctx: IssuerContext,
  bctx: BatchContext,
  people: PersonStore,
  signInLimiter?: SignInLimiter,
): Router {
  const kit = createWebKit({
    service: 'issuer',
    serviceName: 'Issue training records',
    viewsDir,
    baseUrl: () => ctx.config.baseUrl,
    signInPath: '/sign-in',
    nav: [
      { href: '/offers/new', text: 'Issue' },
      { href: '/batches/new', text: 'Upload a cohort' },
      { href: '/credentials', text: 'Issued records' },
      { href: '/organisation', text: 'Organisation' },
    ],
    apiPrefixes: ['/v1/', '/.well-known/', '/orgs/'],
  });
  const opts = {
    now: ctx.now,
    sessionTtlHours: SESSION_TTL_HOURS,
    ...(signInLimiter ? { signInLimiter } : {}),
  };
  const auth = requirePerson(kit, people, opts);
  const withOrg = withOrganisation(ctx);
  const signedIn: RequestHandler = (req, res, next) =>
    auth(req, res, (err?: unknown) => {
      if (err) return next(err);
      Promise.resolve(withOrg(req, res, next)).catch(next);
    });
  const adminOnly: RequestHandler = (_req, res, next) => {
    if (currentPerson<IssuerPerson>(res).role !== 'admin')
      throw new AppError('not_found', { detail: 'No such page' });
    next();
  };

  const r = Router();
  r.use(kit.assets());
  r.use(kit.pages());
  r.use(peoplePages(kit, people, opts, '/credentials'));
  r.get('/', (_req, res) => res.redirect(303, '/credentials'));

  // ── issue one ──
  r.get('/offers/new', signedIn, (_req, res) => {
    renderOfferForm(kit, res, orgOf(res), { deliveryMode: 'classroom' });
  });
  r.post('/offers/new', signedIn, async (req, res) => {
    const org = orgOf(res);
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const completionDate = isoDate(b['completion-day'], b['completion-month'], b['completion-year']);
    const body = {
      worker: { email: b['email']?.trim(), name: b['name']?.trim() },
      catalogueCode: b['catalogueCode'],
      completionDate,
      deliveryMode: b['deliveryMode'],
      assessmentMethod: b['assessmentMethod']?.trim(),
      ...(b['txCode'] === 'yes' ? { txCode: true } : {}),
    };
    const parsed = zCreateOfferRequest.safeParse(body);
    if (!parsed.success) {
      // The schema nests the worker; the form has flat fields named after the last path segment.
      const flat = {
        ...parsed.error,
        issues: parsed.error.issues.map((i) => ({ ...i, path: [String(i.path.at(-1))] })),
      };
      const errors = formErrors(flat as z.ZodError, {
        catalogueCode: 'Select the training',
        name: 'Enter the worker’s full name',
        email: 'Enter the worker’s email address, like name@example.com',
        completionDate: 'Enter the date the training was completed, like 27 3 2026',
        deliveryMode: 'Select how the training was delivered',
        assessmentMethod: 'Enter how the worker was assessed',
      });
      if (errors.fields['completionDate']) {
        errors.fields['completion'] = errors.fields['completionDate'];
        for (const s of errors.summary) if (s.href === '#completionDate') s.href = '#completion-day';
      }
      return renderOfferForm(kit, res, org, b, errors, 400);
    }
    try {
      const offer = await createCredentialOffer(ctx, org, parsed.data);
      kit.render(res, 'offer-created.njk', {
        pageTitle: 'Record ready for the worker',
        offer,
        item: getItem(parsed.data.catalogueCode),
        worker: parsed.data.worker,
        scanLink: scanLink(offer.offer_uri, ctx.config.walletOfferUrl),
        qr: await qrSvg(scanLink(offer.offer_uri, ctx.config.walletOfferUrl)),
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
      renderOfferForm(kit, res, org, b, fieldErrors({ catalogueCode: { text: err.detail } }), 400);
    }
  });

  // ── issued credentials ──
  r.get('/credentials', signedIn, async (req, res) => {
    const org = orgOf(res);
    const q = typeof req.query['q'] === 'string' ? req.query['q'].trim().toLowerCase() : '';
    const { items } = await listIssuedCredentials(ctx, org, { limit: SEARCH_WINDOW });
    const rows = items
      .map((c) => ({ ...c, name: getItem(c.catalogueCode)?.name ?? c.catalogueCode }))
      .filter(
        (c) => !q || [c.id, c.catalogueCode, c.name, c.holderDid].some((v) => v.toLowerCase().includes(q)),
      );
    kit.render(res, 'credentials.njk', { pageTitle: 'Issued records', rows, q });
  });
  r.get('/credentials/:id', signedIn, async (req, res) => {
    await renderCredential(kit, ctx, res, String(req.params['id']));
  });
  r.post('/credentials/:id/status', signedIn, async (req, res) => {
    const id = String(req.params['id']);
    const person = currentPerson<IssuerPerson>(res);
    const parsed = zStatusForm.safeParse(req.body);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, {
        action: 'Select what to do',
        reason: 'Enter the reason, in at least 3 characters',
      });
      return renderCredential(kit, ctx, res, id, { errors, form: req.body }, 400);
    }
    try {
      // The audit trail names who acted: for the pages that is the person (their id, marked "person").
      await changeCredentialStatus(
        ctx,
        { org: orgOf(res), apiKey: { id: person.id, prefix: 'person' } },
        checkedId(id, zCredentialId),
        parsed.data.action,
        parsed.data.reason,
      );
      res.redirect(303, `/credentials/${id}?changed=${parsed.data.action}`);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
      await renderCredential(
        kit,
        ctx,
        res,
        id,
        { errors: fieldErrors({ action: { text: err.detail } }), form: req.body },
        409,
      );
    }
  });

  // ── cohort upload ──
  r.get('/batches/new', signedIn, (_req, res) => {
    kit.render(res, 'batch-new.njk', { pageTitle: 'Upload a cohort', ...CSV_HELP });
  });
  r.post('/batches/new', signedIn, async (req, res) => {
    const csv = typeof req.body?.csv === 'string' ? req.body.csv.trim() : '';
    if (!csv) {
      const errors = fieldErrors({ csv: { text: 'Paste the spreadsheet as CSV, or choose a CSV file' } });
      return kit.render(res, 'batch-new.njk', { pageTitle: 'Upload a cohort', ...CSV_HELP, errors }, 400);
    }
    try {
      const { status } = await receiveBatch(bctx, orgOf(res), csvBatchRows(Readable.from([`${csv}\n`])), {});
      res.redirect(303, `/batches/${status.id}`);
    } catch (err) {
      if (
        !(
          err instanceof AppError &&
          ['validation_failed', 'bad_request', 'payload_too_large'].includes(err.code)
        )
      )
        throw err;
      const errors = fieldErrors({ csv: { text: `We could not read this file: ${err.detail}` } });
      kit.render(res, 'batch-new.njk', { pageTitle: 'Upload a cohort', ...CSV_HELP, errors, csv }, 400);
    }
  });
  r.get('/batches/:id', signedIn, async (req, res) => {
    const status = await batchStatus(bctx, orgOf(res), String(req.params['id']));
    kit.render(res, 'batch.njk', { pageTitle: 'Cohort upload', status, progress: progressOf(status) });
  });
  r.get('/batches/:id/progress.json', signedIn, async (req, res) => {
    const status = await batchStatus(bctx, orgOf(res), String(req.params['id']));
    res.json(progressOf(status));
  });

  // ── organisation: keys, DID document, API keys, people ──
  r.get('/organisation', signedIn, async (_req, res) => {
    await renderOrganisation(kit, ctx, people, res);
  });
  r.post('/organisation/api-keys', signedIn, adminOnly, async (req, res) => {
    const parsed = zKeyForm.safeParse(req.body);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, {
        keyName: 'Enter a name for the key, like “Training system”',
      });
      return renderOrganisation(kit, ctx, people, res, { errors }, 400);
    }
    const created = await createApiKey(ctx, orgOf(res).slug, parsed.data.keyName);
    await renderOrganisation(kit, ctx, people, res, { createdKey: created });
  });
  r.post('/organisation/api-keys/:id/revoke', signedIn, adminOnly, async (req, res) => {
    if (!(await people.revokeApiKey(orgOf(res).id, checkedId(String(req.params['id'])), ctx.now())))
      throw new AppError('not_found', { detail: 'No such key' });
    res.redirect(303, '/organisation?revoked=1');
  });
  r.post('/organisation/people', signedIn, adminOnly, async (req, res) => {
    const parsed = zInviteForm.safeParse(req.body);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, {
        name: 'Enter their full name',
        email: 'Enter their email address, like name@example.com',
        role: 'Select what they can do',
      });
      return renderOrganisation(kit, ctx, people, res, { errors, form: req.body }, 400);
    }
    try {
      const invited = await invitePerson(
        { people, baseUrl: ctx.config.baseUrl, now: ctx.now },
        { organisationId: orgOf(res).id, ...parsed.data },
      );
      await renderOrganisation(kit, ctx, people, res, { invited });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
      const errors = fieldErrors({
        email: { text: 'Someone with this email address already has an account' },
      });
      await renderOrganisation(kit, ctx, people, res, { errors, form: req.body }, 409);
    }
  });

  r.use(kit.errors());
  return r;
}

/** Puts the signed-in person's organisation on `res.locals.org`. */
function withOrganisation(ctx: IssuerContext): RequestHandler {
  return async (_req, res, next) => {
    const org = await ctx.orgs.findById(currentPerson<IssuerPerson>(res).organisationId);
    if (!org) throw new AppError('unauthorized', { detail: 'No organisation' });
    res.locals['org'] = org;
    next();
  };
}

function orgOf(res: Response): OrganisationRecord {
  return res.locals['org'] as OrganisationRecord;
}

/** Issued credential ids are URNs (`urn:uuid:…`). */
const zCredentialId = z.string().min(1).max(200);

/**
 * A malformed id names nothing: the same "not found" page as a missing or another organisation's one.
 * Credential ids are URNs; every other id on these pages is a UUID.
 */
function checkedId(id: string, schema: z.ZodType<string> = zUuid): string {
  const parsed = schema.safeParse(id);
  if (!parsed.success) throw new AppError('not_found', { detail: 'No such page' });
  return parsed.data;
}

/** Day, month and year fields (GOV.UK date input) as YYYY-MM-DD, or undefined when not a real date. */
function isoDate(day?: string, month?: string, year?: string): string | undefined {
  const [d, m, y] = [day, month, year].map((v) => Number.parseInt(v?.trim() ?? '', 10));
  if (!d || !m || !y || y < 1900 || y > 2999) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

function renderOfferForm(
  kit: WebKit,
  res: Response,
  org: OrganisationRecord,
  form: Record<string, unknown>,
  errors?: unknown,
  status = 200,
) {
  const items = listItems()
    .filter((i) => i.issuerKinds.includes(org.kind))
    .map((i) => ({ value: i.code, text: i.name }));
  kit.render(
    res,
    'offer-new.njk',
    { pageTitle: 'Issue a training record', items, deliveryModes: DELIVERY_MODES, form, errors },
    status,
  );
}

async function renderCredential(
  kit: WebKit,
  ctx: IssuerContext,
  res: Response,
  id: string,
  extra: Record<string, unknown> = {},
  status = 200,
) {
  const org = orgOf(res);
  const events = await listStatusEvents(ctx, org, checkedId(id, zCredentialId));
  const changed = res.req.query['changed'];
  kit.render(
    res,
    'credential.njk',
    {
      pageTitle: 'Issued record',
      id,
      events,
      changed: typeof changed === 'string' ? changed : undefined,
      form: {},
      ...extra,
    },
    status,
  );
}

async function batchStatus(bctx: BatchContext, org: OrganisationRecord, id: string) {
  const batch = await bctx.batches.findForOrganisation(checkedId(id), org.id);
  if (!batch) throw new AppError('not_found', { detail: 'No such batch' });
  return getBatchStatus(bctx, batch);
}

/** What the progress bar and its polling need. */
function progressOf(status: Awaited<ReturnType<typeof getBatchStatus>>) {
  const c = status.counts;
  const done = c.done + c.failed + c.invalid + c.duplicate;
  const finished = status.state === 'completed';
  return {
    total: status.totalRows,
    done,
    finished,
    text: finished
      ? `Finished: ${c.done} issued, ${c.failed + c.invalid + c.duplicate} with problems`
      : `${done} of ${status.totalRows} rows done`,
  };
}

async function renderOrganisation(
  kit: WebKit,
  ctx: IssuerContext,
  people: PersonStore,
  res: Response,
  extra: Record<string, unknown> = {},
  status = 200,
) {
  const org = orgOf(res);
  const person = currentPerson<IssuerPerson>(res);
  const [didDocument, keys, apiKeys, staff] = await Promise.all([
    getDidDocument(ctx, org.slug),
    listSigningKeys(ctx, org),
    person.role === 'admin' ? people.listApiKeys(org.id) : Promise.resolve([]),
    people.list(org.id),
  ]);
  kit.render(
    res,
    'organisation.njk',
    {
      pageTitle: org.name,
      org,
      isAdmin: person.role === 'admin',
      did: didDocument.id,
      didJson: JSON.stringify(didDocument, null, 2),
      keys: keys.keys,
      apiKeys: apiKeys.map((k) => ({
        ...k,
        createdAt: k.createdAt.toISOString(),
        revokedAt: k.revokedAt?.toISOString(),
      })),
      staff,
      revoked: res.req.query['revoked'] === '1',
      form: {},
      ...extra,
    },
    status,
  );
}
