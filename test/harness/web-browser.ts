import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The browser suites' shared launch: Debian's Chromium (never a downloaded browser), headless, with the flags issue 15
// names. `.ci/run` installs chromium with apt when it is missing.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export const SCREENSHOTS = process.env.WEB_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'chat-web-screens-'));

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh temporary user-data dir of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** Polls until `check` holds (Playwright's own expect is not part of playwright-core). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

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
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { name, context, page, errors };
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

export const screenshot = (p: Person, name: string) => p.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** Start-up hooks (the whole system and Chromium): JEST_TIMEOUT_MS gives a busy machine more room, as for tests. */
export const SETUP_TIMEOUT_MS = Math.max(120_000, Number(process.env.JEST_TIMEOUT_MS ?? 0));
