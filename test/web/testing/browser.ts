import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DASHBOARD_DIST } from '../../../src/dashboard/dashboardStatic.ts';

/** Where the browser tests leave their screenshots (CI keeps them as artifacts). */
export const ARTIFACTS = join(import.meta.dirname, '../../../test-artifacts/web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Debian's Chromium, headless, through playwright-core (no browser download). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH`,
    );
  if (!existsSync(join(DASHBOARD_DIST, 'index.html')))
    throw new Error('The dashboard is not built: npm run build:web (npm test does it first)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A page in a fresh context (its own storage: one person), collecting console errors and uncaught exceptions. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  // Chromium logs a failed load without its address; the response listener names it.
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(
        /^Failed to load resource/.test(message.text())
          ? `${message.text()} (${failed.at(-1) ?? '?'})`
          : message.text(),
      );
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; impact: string; help: string; nodes: unknown[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} ×${v.nodes.length}`);
}

/** Saves a full-page screenshot as `test-artifacts/web/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The origin a member's node serves the dashboard on. */
export const dashboardOrigin = (fhirBaseUrl: string) => fhirBaseUrl.replace(/\/fhir\/R4$/, '');

/** Signs in as staff with a bearer token on the sign-in page, landing on `hash` (default: the patients page). */
export async function signInAsStaff(
  page: Page,
  origin: string,
  name: string,
  token: string,
  hash = '',
): Promise<void> {
  await page.goto(`${origin}/${hash}`);
  const form = page.getByRole('form', { name: 'Staff sign-in' });
  await form.getByLabel('Your name').fill(name);
  await form.getByLabel('Bearer token').fill(token);
  await form.getByRole('button', { name: 'Sign in as staff' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
