/**
 * Screenshots of the people's pages at phone (390 px) and desktop (1280 px) widths, for docs/screenshots/.
 * Starts the whole stack (as the end-to-end tests do), walks a provider, a worker and an employer through
 * issue → accept → share → check in Debian's chromium, and saves one viewport-sized PNG per page and width.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sp_e2e node --import tsx scripts/screenshots.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, startStack } from '../test/e2e/harness.js';
import { DESKTOP, launchBrowser, PHONE } from '../test/e2e/web-browser.js';

const out = resolve(import.meta.dirname, '../docs/screenshots');
const password = 'correct horse battery staple';
const rand = () => randomBytes(4).toString('hex');

async function shoot(page: Page, name: string, width: string) {
  // Viewport only (not the full page), so each image stays small.
  await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: false });
}

async function signInByInvite(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Create a password').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForLoadState();
}

async function main() {
  await mkdir(out, { recursive: true });
  const stack = await startStack();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const slug = `acme-${rand()}`;
    const org = await api('POST', `${stack.issuer}/v1/admin/organisations`, {
      token: stack.issuerAdminToken,
      body: { slug, name: 'Acme Care Training', kind: 'training_provider' },
    });
    await api('POST', `${stack.verifier}/v1/admin/trusted-issuers`, {
      token: stack.verifierAdminToken,
      body: { did: org.body.organisation.did, name: 'Acme Care Training' },
    });
    const acct = await api('POST', `${stack.verifier}/v1/admin/accounts`, {
      token: stack.verifierAdminToken,
      body: { name: 'Sunrise Care Home' },
    });

    for (const [width, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();

      // Provider: sign in by invite, issue one record.
      const pInvite = await api('POST', `${stack.issuer}/v1/admin/people`, {
        token: stack.issuerAdminToken,
        body: {
          organisationSlug: slug,
          email: `pat-${rand()}@example.org`,
          name: 'Pat Provider',
          role: 'admin',
        },
      });
      await signInByInvite(page, pInvite.body.inviteUrl);
      const email = `laura-${rand()}@example.org`;
      await page.goto(`${stack.issuer}/offers/new`);
      await page.getByLabel('Training', { exact: true }).selectOption('CORE-MOVING-HANDLING');
      await page.getByLabel("Worker's full name").fill('Laura Example');
      await page.getByLabel("Worker's email address").fill(email);
      await page.getByLabel('Day').fill('1');
      await page.getByLabel('Month').fill('10');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Classroom', { exact: true }).check();
      await page.getByLabel('How was the worker assessed?').fill('Observed practice and knowledge test');
      await shoot(page, 'issuer-issue-form', width);
      await page.getByRole('button', { name: 'Issue record' }).click();
      const offerUri = ((await page.locator('#offer-uri').textContent()) ?? '').trim();
      await shoot(page, 'issuer-offer-ready', width);
      await page.goto(`${stack.issuer}/organisation`);
      await shoot(page, 'issuer-organisation', width);
      await page.context().clearCookies();

      // Worker: sign up, add the record, share it.
      await page.goto(stack.wallet);
      await shoot(page, 'wallet-start', width);
      await page.goto(`${stack.wallet}/sign-up`);
      await page.getByLabel('Full name').fill('Laura Example');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Create a password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/credentials$/);
      await page.goto(`${stack.wallet}/offers/accept?offer=${encodeURIComponent(offerUri)}`);
      await page.getByRole('button', { name: 'Add to my records' }).click();
      await page.waitForURL(/added=1/);
      await page.goto(`${stack.wallet}/credentials`);
      await shoot(page, 'wallet-records', width);
      await page.goto(`${stack.wallet}/sharing/new`);
      await page.locator('input[name="credentialIds"]').first().check();
      await page.getByLabel('1 day').check();
      await page.getByLabel('Who is it for? (optional)').fill('Sunrise Care Home');
      await page.getByRole('button', { name: 'Create link' }).click();
      const shareUrl = ((await page.locator('#share-url').textContent()) ?? '').trim();
      await shoot(page, 'wallet-share-link', width);
      const sharePage =
        (await page.getByRole('link', { name: 'See who has used this link' }).getAttribute('href')) ?? '';
      await page.context().clearCookies();

      // Employer: sign in by invite, check the share link against a role.
      const mInvite = await api('POST', `${stack.verifier}/v1/admin/people`, {
        token: stack.verifierAdminToken,
        body: { accountId: acct.body.account.id, email: `mo-${rand()}@example.org`, name: 'Mo Manager' },
      });
      await signInByInvite(page, mInvite.body.inviteUrl);
      await page.getByLabel('Share link').fill(shareUrl);
      await page.getByLabel('Role').selectOption('new_to_care');
      await page.getByLabel('Care setting').selectOption('home_care');
      await shoot(page, 'verifier-check-form', width);
      await page.getByRole('button', { name: 'Check records' }).click();
      await page.waitForURL(/\/checks\/[0-9a-f-]{36}$/);
      await shoot(page, 'verifier-result', width);
      await page.context().clearCookies();

      // Worker again: who looked.
      await page.goto(`${stack.wallet}/sign-in`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/credentials$/);
      await page.goto(`${stack.wallet}${sharePage}`);
      await shoot(page, 'wallet-share-views', width);
      await ctx.close();
    }
    console.log(`screenshots written to ${out}`);
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

await main();
