import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The browser suites' shared pieces (not re-exported by ./index.js, so suites without a browser never load
// playwright-core): Debian's Chromium (never a downloaded browser; `.ci/run` installs it with apt when missing),
// launched headless with a fresh user-data dir, and the polling Playwright's own expect would otherwise give.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every browser suite launches with (issue 15). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `describe`, or `describe.skip` with the reason printed when Chromium is not installed. */
export function describeWithBrowser(tag: string): typeof describe | typeof describe.skip {
  if (existsSync(CHROMIUM)) return describe;
  process.stdout.write(`[${tag}] browser suite skipped: ${CHROMIUM} not found (apt-get install -y chromium)\n`);
  return describe.skip;
}

/** Playwright gives every launch a fresh temporary user-data dir of its own. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Where a suite saves its screenshots: WEB_SCREENSHOTS_DIR, or a new temporary directory. */
export function screenshotsDir(prefix: string): string {
  return process.env.WEB_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Polls until `check` holds (Playwright's own expect is not part of playwright-core). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Logs in through the app's form at `path`; on the chat screen, waits until its socket is online. */
export async function logInThroughForm(page: Page, baseUrl: string, login: string, password: string, path = '/'): Promise<void> {
  await page.goto(new URL(path, baseUrl).href);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  if (path === '/') await page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
}

/** Collects the page's console errors and uncaught exceptions (a suite expects none). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Start-up hooks (the whole system and Chromium): JEST_TIMEOUT_MS gives a busy machine more room, as for tests. */
export const SETUP_TIMEOUT_MS = Math.max(240_000, Number(process.env.JEST_TIMEOUT_MS ?? 0));

/** One user in a browser context of their own, with the console errors the page logged. */
export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function newPerson(browser: Browser, name: string, viewport = { width: 1200, height: 800 }): Promise<Person> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { name, context, page, errors: collectErrors(page) };
}

/** Registers through the client's form and waits until its socket is online. */
export async function registerInBrowser(p: Person, baseUrl: string): Promise<void> {
  await p.page.goto(baseUrl);
  await p.page.getByRole('button', { name: 'No account? Register' }).click();
  await p.page.getByLabel('Username').fill(p.name);
  await p.page.getByLabel('Email').fill(`${p.name}@example.com`);
  await p.page.getByLabel('Password').fill('correct horse battery');
  await p.page.getByRole('button', { name: 'Register', exact: true }).click();
  await p.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
}

/** `shot(person, name)` saving `<dir>/<name>.png`. */
export function screenshotter(dir: string): (p: Person, name: string) => Promise<Buffer> {
  return (p, name) => p.page.screenshot({ path: join(dir, `${name}.png`) });
}
