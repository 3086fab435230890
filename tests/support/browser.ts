/**
 * A real headless browser for the end-to-end suite: a Chrome or Chromium the machine has (found, or installed once, by
 * the e2e project's globalSetup, which sets CHROMIUM_PATH; never downloaded by Playwright) driven through playwright-core. Each session gets a fresh, empty profile directory, removed
 * on close. The flags keep Chromium off the network except for the pages a test opens: without the background
 * networking flags it keeps dialling Google's services, which a closed CI network refuses (see README, "Two commands").
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The switches a test browser needs here: no sandbox (CI runs as root, where Chromium's sandbox cannot start), no GPU,
 * and nothing Chromium would fetch on its own (QUIC, first-run pages, component updates, sync, background requests).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Raised when there is no browser to drive; the message says how to install one. */
export class BrowserMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `No Chromium at ${executablePath}. Run the e2e suite through \`npm test\` or \`npx jest --selectProjects e2e\`, which ` +
        'find a browser or install Debian\'s chromium (`sudo bash scripts/install-browser.sh`), or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
    this.name = 'BrowserMissingError';
  }
}

/** `$CHROMIUM_PATH` (set by the e2e globalSetup to the browser it found), else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export interface BrowserSession {
  readonly context: BrowserContext;
  /** The session's first tab. */
  readonly page: Page;
  /** The fresh profile directory this browser runs with. */
  readonly userDataDir: string;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Context settings a test may choose (viewport, `javaScriptEnabled: false`, ...). */
export type BrowserSessionOptions = Pick<BrowserContextOptions, 'viewport' | 'javaScriptEnabled' | 'deviceScaleFactor' | 'colorScheme' | 'locale'>;

/** Launches headless Chromium with a fresh profile and returns its first page; throws BrowserMissingError without one. */
export async function openBrowser(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new BrowserMissingError(executablePath);
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      locale: 'en-US',
      timezoneId: 'UTC',
      ...options,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    userDataDir,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
