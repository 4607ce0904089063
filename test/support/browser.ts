/**
 * A headless Debian chromium driven by playwright-core: no browser download, a fresh profile
 * per test file (so no codec setting or cookie leaks between runs), and screenshots kept under
 * test-output/ui/ (git-ignored) for a person to look at after the run.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Installed by `scripts/setup.sh --for-tests` (Debian package `chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output/ui');

// Quiet and local: nothing phones home (updates, sync, QUIC probes) from a test run.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  page: Page;
  /** Saves a full-page screenshot as test-output/ui/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium is not at ${CHROMIUM_PATH}: run \`npm test\` (its set-up installs Debian's chromium) or set CHROMIUM_PATH`);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'signon-rotation-chromium-'));
  let context: BrowserContext;
  try {
    // launchPersistentContext, because only it takes the profile directory we own and remove.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
      timezoneId: 'UTC',
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
