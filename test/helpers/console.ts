import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../infra/local/rewrites';
import { launchChromium } from './browser';
import { TEST_PASSWORD, type TestUser } from './auth';

const hosting = path.join(repoRoot(), 'infra', 'hosting');
/** Screenshots of every main page, for a reviewer to look at (git-ignored). */
export const SCREENSHOTS = path.join(repoRoot(), 'test-results', 'console');

function newest(entry: string): number {
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(
    info.mtimeMs,
    ...readdirSync(entry).map((name) => newest(path.join(entry, name))),
  );
}

/**
 * Builds the web console with Vite unless the Hosting public folder is newer than its sources:
 * `npm test` does not run `npm run build`, and the local functions host serves that folder.
 */
export function ensureConsoleBuilt(): void {
  const sources = Math.max(
    newest(path.join(hosting, 'src')),
    newest(path.join(hosting, 'index.html')),
    newest(path.join(hosting, 'vite.config.mjs')),
  );
  const built = (() => {
    try {
      return statSync(path.join(hosting, 'public', 'index.html')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built > sources) return;
  // On this process's Node (24), whatever `node` the PATH holds.
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot(), 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(hosting, 'vite.config.mjs'),
    ],
    { stdio: 'inherit' },
  );
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run browser tests through npm test`);
  return value;
}

/** The console's origin: the local functions host, which also serves `/api/v1` (same origin). */
export function consoleOrigin(): string {
  return env('PATHWISE_BASE_URL');
}

/** Chromium allowed to reach the host, the Auth and Firestore emulators and Storage. */
export function launchForConsole(): Promise<Browser> {
  const port = (url: string) => Number(new URL(url).port);
  return launchChromium([
    port(consoleOrigin()),
    port(`http://${env('FIREBASE_AUTH_EMULATOR_HOST')}`),
    port(`http://${env('FIRESTORE_EMULATOR_HOST')}`),
    port(env('PATHWISE_STORAGE_URL')),
  ]);
}

/** A person's own browser context, signed in through the console's sign-in form. */
export async function signInToConsole(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Each step waits for what a person would see; a missing one fails in seconds, not minutes.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // The page's own errors end up in the test output, where a failing step needs them.
  page.on('pageerror', (error) =>
    process.stderr.write(`[${user.email} page error] ${error.message}\n`),
  );
  page.on('console', (message) => {
    if (message.type() === 'error')
      process.stderr.write(`[${user.email} console] ${message.text()}\n`);
  });
  await page.goto(`${consoleOrigin()}/`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

/** Serious and critical accessibility violations on the page as it is now, with their targets. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A screenshot for the reviewer and the accessibility scan, on each main page. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}

/**
 * The Chromium of one console test file, for the console as built: launched before the file's
 * tests and closed after them (one browser per file: launching costs about a second).
 */
export function consoleBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchForConsole();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('The console browser starts in beforeAll: use it in a test');
      return browser;
    },
  };
}
