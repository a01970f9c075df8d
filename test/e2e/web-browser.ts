/**
 * Browser helpers for the web-page tests: Debian's chromium through playwright-core (browsers are not
 * downloadable here), axe-core injected into each page, and a check that the page's CSP held.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * Launches headless chromium with a fresh, empty profile (playwright-core creates a new temporary
 * user-data-dir for every `launch`).
 * @example const browser = await launchBrowser();
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and returns the violations, one line each.
 * @example expect(await axeViolations(page)).toEqual([]);
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Not addScriptTag: our CSP (rightly) refuses an inline <script> without the nonce. DevTools evaluation is
  // outside the page's CSP, so axe runs without weakening the policy under test.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations as { id: string; nodes: { target: string[] }[] }[];
  });
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Whether the page's CSP refuses an injected inline script (it must: no 'unsafe-inline').
 * @example expect(await inlineScriptRefused(page)).toBe(true);
 */
export async function inlineScriptRefused(page: Page): Promise<boolean> {
  try {
    await page.addScriptTag({ content: 'window.__inlineRan = true;' });
  } catch {
    // playwright-core rejects when the CSP blocks the script.
  }
  return !(await page.evaluate(
    () => (globalThis as unknown as { __inlineRan?: boolean }).__inlineRan === true,
  ));
}

/**
 * Collects CSP violations and script errors a page reports, for asserting none happened.
 * @example const problems = watchPage(page); … expect(problems).toEqual([]);
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}
