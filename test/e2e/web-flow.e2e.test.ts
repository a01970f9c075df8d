/**
 * The people's pages end to end in a real browser (Debian chromium via playwright-core), on a phone
 * (390×844) and a desktop (1280×800) viewport: a provider issues a record → the worker signs up and adds
 * it in the wallet's pages → shares it → an employer checks it in the verifier's pages → the worker sees
 * the view and withdraws the link. axe-core runs on every page and must report no violations; the CSP
 * must hold (no violations reported, no 'unsafe-inline'); forms without the CSRF token are refused; and a
 * record or check that is someone else's reads exactly like one that does not exist.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, type Stack, startStack } from './harness.js';
import {
  axeViolations,
  DESKTOP,
  inlineScriptRefused,
  launchBrowser,
  PHONE,
  watchPage,
} from './web-browser.js';

let stack: Stack;
let browser: Browser;
let provider: { slug: string; did: string; apiKey: string };
let employer: { accountId: string };
const password = 'correct horse battery staple';
const rand = () => randomBytes(4).toString('hex');

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const slug = `web-${rand()}`;
  const org = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
    token: stack.issuerAdminToken,
    body: { slug, name: 'Acme Care Training', kind: 'training_provider' },
  });
  expect(org.status).toBe(201);
  provider = { slug, did: org.body.organisation.did, apiKey: org.body.apiKey };
  const trusted = await api('POST', `${stack.verifier}/v1/admin/trusted-issuers`, {
    token: stack.verifierAdminToken,
    body: { did: provider.did, name: 'Acme Care Training' },
  });
  expect(trusted.status).toBe(201);
  const acct = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
    token: stack.verifierAdminToken,
    body: { name: 'Sunrise Care Home' },
  });
  expect(acct.status).toBe(201);
  employer = { accountId: acct.body.account.id };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Follows a service-navigation link as a person would: on a phone, open the "Menu" first. */
async function navigate(page: Page, name: string) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.locator('.govuk-service-navigation').getByRole('link', { name, exact: true }).click();
}

/** The scheme operator invites a person of the provider (an organisation admin). */
async function inviteProviderAdmin(): Promise<string> {
  const r = await api('POST', `${stack.issuer}/v1/admin/people`, {
    token: stack.issuerAdminToken,
    body: {
      organisationSlug: provider.slug,
      email: `pat-${rand()}@example.org`,
      name: 'Pat Provider',
      role: 'admin',
    },
  });
  expect(r.status).toBe(201);
  return r.body.inviteUrl as string;
}

/** Opens an invite link, sets a password and lands signed in. */
async function acceptInviteIn(page: Page, url: string, problems: string[]) {
  await page.goto(url);
  await checkPage(page, problems);
  await page.getByLabel('Create a password').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
}

async function invite(email: string): Promise<string> {
  const r = await api('POST', `${stack.verifier}/v1/admin/people`, {
    token: stack.verifierAdminToken,
    body: { accountId: employer.accountId, email, name: 'Mo Manager' },
  });
  expect(r.status).toBe(201);
  return r.body.inviteUrl as string;
}

/** Asserts the page is accessible and its CSP allowed nothing inline. */
async function checkPage(page: Page, problems: string[]) {
  expect(await axeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
}

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('on a %s', (_name, viewport) => {
  let worker: BrowserContext;
  let manager: BrowserContext;
  let trainer: BrowserContext;
  beforeAll(async () => {
    worker = await browser.newContext({ viewport });
    manager = await browser.newContext({ viewport });
    trainer = await browser.newContext({ viewport });
    for (const c of [worker, manager, trainer]) c.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await worker.close();
    await manager.close();
    await trainer.close();
  });

  test('issue → accept in the wallet → share → check in the verifier → see the view → withdraw', async () => {
    const email = `laura-${rand()}@example.org`;
    const page = await worker.newPage();
    const problems = watchPage(page);

    // Worker signs up; a first try with mistakes shows the GOV.UK error summary and field errors.
    const start = await page.goto(stack.wallet);
    const csp = start?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    await checkPage(page, problems);
    // GOV.UK Frontend's own inline script ran (it carries the nonce); an injected one does not.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { body: { className: string } } }).document.body.className,
      ),
    ).toContain('govuk-frontend-supported');
    expect(await inlineScriptRefused(page)).toBe(true);
    problems.length = 0;
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeTruthy();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter your full name');
    expect(await page.title()).toMatch(/^Error: /);
    await checkPage(page, problems);
    await page.getByLabel('Full name').fill('Laura Example');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Create a password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/credentials$/);
    expect(await page.locator('h1').textContent()).toBe('Your training records');
    await checkPage(page, problems);

    // The provider's administrator, invited by the operator, issues the record from the catalogue form.
    const tpage = await trainer.newPage();
    const tproblems = watchPage(tpage);
    await acceptInviteIn(tpage, await inviteProviderAdmin(), tproblems);
    await tpage.waitForURL(/\/credentials$/);
    await checkPage(tpage, tproblems);
    await navigate(tpage, 'Issue');
    await checkPage(tpage, tproblems);
    await tpage.getByRole('button', { name: 'Issue record' }).click();
    expect(await tpage.locator('.govuk-error-summary').textContent()).toContain('Select the training');
    await checkPage(tpage, tproblems);
    await tpage.getByLabel('Training', { exact: true }).selectOption('CORE-MOVING-HANDLING');
    await tpage.getByLabel("Worker's full name").fill('Laura Example');
    await tpage.getByLabel("Worker's email address").fill(email);
    await tpage.getByLabel('Day').fill('1');
    await tpage.getByLabel('Month').fill('10');
    await tpage.getByLabel('Year').fill('2026');
    await tpage.getByLabel('Classroom', { exact: true }).check();
    await tpage.getByLabel('How was the worker assessed?').fill('Observed practice and knowledge test');
    await tpage.getByRole('button', { name: 'Issue record' }).click();
    const offerUri = ((await tpage.locator('#offer-uri').textContent()) ?? '').trim();
    expect(offerUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/);
    expect(await tpage.locator('svg.sp-qr').count()).toBe(1);
    await checkPage(tpage, tproblems);

    // The offer link opens the wallet's accept page with the offer filled in.
    await page.goto(`${stack.wallet}/offers/accept?offer=${encodeURIComponent(offerUri)}`);
    await checkPage(page, problems);
    await page.getByRole('button', { name: 'Add to my records' }).click();
    await page.waitForURL(/\/credentials\/[0-9a-f-]{36}\?added=1$/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Added to your training records',
    );
    expect(await page.locator('h1').textContent()).toBe('Moving and handling (assisting and moving people)');
    await checkPage(page, problems);
    const credentialUrl = page.url().replace('?added=1', '');

    await page.goto(`${stack.wallet}/credentials`);
    const card = page.locator('.sp-card').first();
    expect(await card.textContent()).toContain('Acme Care Training');
    expect(await card.textContent()).toContain('Classroom');
    await checkPage(page, problems);

    // Readiness self-view for a role: the record meets one requirement, the rest are missing.
    await navigate(page, 'Readiness');
    await page.getByLabel('Role').selectOption('new_to_care');
    await page.getByLabel('Care setting').selectOption('home_care');
    await page.getByRole('button', { name: 'Show readiness' }).click();
    const ready = (await page.locator('table').textContent()) ?? '';
    expect(ready).toMatch(/Moving and handling \(assisting and moving people\)\s*Met/);
    expect(ready).toContain('Missing');
    await checkPage(page, problems);
    await page.goto(`${stack.wallet}/credentials`);

    // Share it for a day; the link and its QR code are shown once.
    await page.getByRole('button', { name: 'Share records' }).first().click();
    await checkPage(page, problems);
    await page.getByRole('button', { name: 'Create link' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Select at least one training record',
    );
    await checkPage(page, problems);
    await page.getByLabel('Moving and handling (assisting and moving people)').check();
    await page.getByLabel('1 day').check();
    await page.getByLabel('Who is it for? (optional)').fill('Sunrise Care Home');
    await page.getByRole('button', { name: 'Create link' }).click();
    const shareUrl = ((await page.locator('#share-url').textContent()) ?? '').trim();
    expect(shareUrl).toMatch(new RegExp(`^${stack.wallet}/shares/[A-Za-z0-9_-]{43}$`));
    expect(await page.locator('svg.sp-qr').count()).toBe(1);
    await checkPage(page, problems);
    await page.getByRole('link', { name: 'See who has used this link' }).click();
    const sharePage = page.url();
    expect(await page.locator('main').textContent()).toContain('Nobody has used this link yet');
    await checkPage(page, problems);

    // The employer is invited, sets a password and checks the share link against a role.
    const mpage = await manager.newPage();
    const mproblems = watchPage(mpage);
    await mpage.goto(await invite(`mo-${rand()}@example.org`));
    await checkPage(mpage, mproblems);
    await mpage.getByLabel('Create a password').fill(password);
    await mpage.getByRole('button', { name: 'Set password and sign in' }).click();
    await mpage.waitForURL(/\/checks\/new$/);
    await checkPage(mpage, mproblems);
    await mpage.getByLabel('Share link').fill(shareUrl);
    await mpage.getByLabel('Role').selectOption('new_to_care');
    await mpage.getByLabel('Care setting').selectOption('home_care');
    await mpage.getByRole('button', { name: 'Check records' }).click();
    await mpage.waitForURL(/\/checks\/[0-9a-f-]{36}$/);
    const result = (await mpage.locator('main').textContent()) ?? '';
    expect(result).toContain('Moving and handling (assisting and moving people)');
    expect(result).toContain('Confirmed');
    expect(result).toContain('Not ready for this role');
    expect(result).toContain('What to retrain');
    await checkPage(mpage, mproblems);
    const checkUrl = mpage.url();
    await navigate(mpage, 'Past checks');
    expect(await mpage.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await checkPage(mpage, mproblems);

    // The worker sees the view (who, when) and withdraws the link; the employer can no longer open it.
    await page.goto(sharePage);
    expect(await page.locator('table').textContent()).toContain('Sunrise Care Home');
    await page.getByRole('button', { name: 'Withdraw this link' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'You withdrew this link',
    );
    await checkPage(page, problems);
    await mpage.goto(`${stack.verifier}/checks/new`);
    await mpage.getByLabel('Share link').fill(shareUrl);
    await mpage.getByRole('button', { name: 'Check records' }).click();
    expect(await mpage.locator('.govuk-error-summary').textContent()).toContain(
      'We could not open this share link',
    );
    await checkPage(mpage, mproblems);

    // Export: the JSON bundle carries the signed record; the summary prints.
    await page.goto(`${stack.wallet}/export`);
    await checkPage(page, problems);
    const bundle = await page.request.get(`${stack.wallet}/export/credentials.json`);
    expect(bundle.headers()['content-disposition']).toMatch(
      /^attachment; filename="?training-records-\d{4}-\d{2}-\d{2}\.json/,
    );
    const json = (await bundle.json()) as { credentials: { jwt: string; name: string }[] };
    expect(json.credentials.map((c) => c.name)).toEqual([
      'Moving and handling (assisting and moving people)',
    ]);
    expect(json.credentials[0]?.jwt.split('.')).toHaveLength(3);
    await page.goto(`${stack.wallet}/export/summary`);
    expect(await page.locator('table').textContent()).toContain(
      'Moving and handling (assisting and moving people)',
    );
    await checkPage(page, problems);

    // Someone else's record and check read like missing ones.
    const other = await browser.newContext({ viewport });
    const opage = await other.newPage();
    await opage.goto(`${stack.wallet}/sign-up`);
    await opage.getByLabel('Full name').fill('Someone Else');
    await opage.getByLabel('Email address').fill(`else-${rand()}@example.org`);
    await opage.getByLabel('Create a password').fill(password);
    await opage.getByRole('button', { name: 'Create account' }).click();
    await opage.waitForURL(/\/credentials$/);
    const theirs = await opage.goto(credentialUrl);
    const missing = await opage.goto(`${stack.wallet}/credentials/00000000-0000-4000-8000-000000000000`);
    expect(theirs?.status()).toBe(404);
    expect(missing?.status()).toBe(404);
    expect(await opage.locator('h1').textContent()).toBe('Page not found');
    await checkPage(opage, []);
    await other.close();
    expect((await manager.request.get(checkUrl)).status()).toBe(200);

    // Sign-out ends the session: the records page sends the worker to sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${stack.wallet}/credentials`);
    await page.waitForURL(/\/sign-in\?next=%2Fcredentials$/);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Your email address or password is wrong',
    );
    await checkPage(page, problems);
  }, 120_000);

  test('provider: search, suspend with a reason, keys and DID document, API keys, invite staff, cohort upload', async () => {
    const page = await trainer.newPage();
    const problems = watchPage(page);
    await acceptInviteIn(page, await inviteProviderAdmin(), problems);
    await page.waitForURL(/\/credentials$/);

    // Search finds the record issued in the flow above; its page suspends it with a reason.
    await page.getByLabel('Search').fill('moving and handling');
    await page.getByRole('button', { name: 'Search' }).click();
    await checkPage(page, problems);
    await page.locator('tbody a').first().click();
    await checkPage(page, problems);
    await page.getByRole('button', { name: 'Change status' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select what to do');
    await page.getByLabel('Suspend').check();
    await page.getByLabel('Reason').fill('Assessor under review');
    await page.getByRole('button', { name: 'Change status' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'The record is suspended',
    );
    expect(await page.locator('table').textContent()).toContain('Assessor under review');
    await checkPage(page, problems);

    // Keys and DID document; an API key is created (shown once) and revoked; a member of staff is invited.
    await navigate(page, 'Organisation');
    expect(await page.locator('main').textContent()).toContain(provider.did);
    await checkPage(page, problems);
    await page.getByLabel('Name of a new key').fill('Training system');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = ((await page.locator('#new-key').textContent()) ?? '').trim();
    const withKey = await api('GET', `${stack.issuer}/v1/credentials`, { token: key });
    expect(withKey.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke key Training system' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'The API key is revoked',
    );
    expect((await api('GET', `${stack.issuer}/v1/credentials`, { token: key })).status).toBe(401);
    await page.getByLabel('Full name').fill('Sam Staff');
    await page.getByLabel('Email address').fill(`sam-${rand()}@example.org`);
    await page.getByRole('button', { name: 'Send invite' }).click();
    const staffInvite = ((await page.locator('#invite-url').textContent()) ?? '').trim();
    expect(staffInvite).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
    await checkPage(page, problems);

    // A cohort: one good row, one bad; the bad row is reported by line and column, the good one is issued.
    await navigate(page, 'Upload a cohort');
    await checkPage(page, problems);
    const csv = [
      'email,name,catalogue_code,completion_date,delivery_mode,assessment_method',
      `cohort-${rand()}@example.org,Ana Cohort,CORE-MOVING-HANDLING,2026-10-02,classroom,Observed practice`,
      `not-an-email,Bo Cohort,CORE-MOVING-HANDLING,2026-10-02,classroom,Observed practice`,
    ].join('\n');
    await page.getByLabel('Or paste the CSV').fill(csv);
    await page.getByRole('button', { name: 'Upload and issue' }).click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    // The progress line updates by polling (JavaScript) while the jobs process works the rows.
    const deadline = Date.now() + 30_000;
    while (!((await page.locator('[data-poll-text]').textContent()) ?? '').includes('Finished')) {
      if (Date.now() > deadline) throw new Error('the cohort did not finish in 30 s');
      await page.waitForTimeout(250);
    }
    await page.reload();
    const report = (await page.locator('main').textContent()) ?? '';
    expect(report).toContain('Finished: 1 issued, 1 with problems');
    expect(report).toMatch(/3\s*email/);
    await checkPage(page, problems);
  }, 120_000);

  test('a form posted without its CSRF token is refused and changes nothing', async () => {
    const res = await worker.request.post(`${stack.wallet}/sign-up`, {
      form: { name: 'Mallory', email: `mallory-${rand()}@example.org`, password },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Your form has expired');
    const signIn = await api('POST', `${stack.wallet}/v1/sessions`, {
      body: { email: 'mallory@example.org', password },
    });
    expect(signIn.status).toBe(401);
  });
});

test('usable at 320 px: no page scrolls sideways', async () => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await ctx.newPage();
  for (const url of [
    stack.wallet,
    `${stack.wallet}/sign-up`,
    `${stack.wallet}/sign-in`,
    `${stack.verifier}/sign-in`,
    `${stack.issuer}/sign-in`,
  ]) {
    await page.goto(url);
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect([url, width]).toEqual([url, 320]);
  }
  await ctx.close();
});
