/**
 * Decides, before the e2e suite runs, which browser it drives, so that `npm test` alone passes on a fresh machine:
 * 1. a Chrome or Chromium the machine has (find-browser.ts);
 * 2. else, where the machine can install one without asking anyone (Debian or Ubuntu, as root or with passwordless
 *    `sudo -n`), Debian's chromium through scripts/install-browser.sh, once: the next run finds it;
 * 3. else the e2e suite is skipped, with a banner saying why and the one command that enables it;
 *    under CI (`CI=true`) that is a failure instead, so CI can never go green without the browser tests.
 * A CHROMIUM_PATH that is not a browser is always an error naming it: the user asked for that browser.
 *
 * The machine is passed in (`Machine`), so every branch is unit-tested without installing anything.
 */
import type { BrowserProbe, BrowserSearch } from './find-browser';
import { findBrowser } from './find-browser';

/** What deciding needs to know about the machine beyond the browser search. */
export interface Machine {
  readonly probe: BrowserProbe;
  /** /etc/os-release's text, where there is one. */
  readonly osRelease?: string;
  /** The effective user id (POSIX only). */
  readonly uid?: number;
  hasCommand(name: string): boolean;
  /** `sudo -n true` succeeds: sudo without a password prompt. */
  sudoWithoutPassword(): boolean;
  /** Runs scripts/install-browser.sh with its output shown; true when it exited 0. */
  installChromium(): boolean;
  readonly log: (line: string) => void;
}

/** The environment variable that carries the skip banner from globalSetup to the e2e files and the summary reporter. */
export const E2E_SKIP_BANNER = 'E2E_SKIP_BANNER';

export type BrowserDecision =
  | { readonly kind: 'ready'; readonly executablePath: string; readonly version: string; readonly installed: boolean }
  | { readonly kind: 'skip'; readonly banner: string };

/** Raised for a CHROMIUM_PATH that is not a browser, and under CI for a missing browser. */
export class BrowserSetupError extends Error {
  override readonly name = 'BrowserSetupError';
  constructor(message: string) {
    super(message);
    // The message says everything a user can act on; Jest prints the stack, which here would only be noise.
    this.stack = `${this.name}: ${message}`;
  }
}

/** True when CI says so (`CI=true`, as GitHub Actions, GitLab and most others set it; or `CI=1`). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1)$/i.test(env.CI ?? '');
}

/** `ID` and `ID_LIKE` of an os-release file, lower case. */
function distributionIds(osRelease: string | undefined): string[] {
  const ids: string[] = [];
  for (const line of (osRelease ?? '').split('\n')) {
    const value = /^(ID|ID_LIKE)=["']?([^"'\n]*)["']?\s*$/.exec(line.trim())?.[2];
    if (value !== undefined) ids.push(...value.toLowerCase().split(/\s+/).filter(Boolean));
  }
  return ids;
}

const isDebianFamily = (osRelease: string | undefined) => distributionIds(osRelease).some((id) => id === 'debian' || id === 'ubuntu');

/** Why this machine cannot install Debian's chromium without asking, or undefined when it can. */
export function whyNoAutomaticInstall(machine: Machine): string | undefined {
  if (machine.probe.platform !== 'linux' || !isDebianFamily(machine.osRelease)) return 'this is not Debian or Ubuntu, where the tests know how to install one';
  if (!machine.hasCommand('apt-get')) return 'there is no apt-get here';
  if (machine.uid === 0) return undefined;
  if (!machine.hasCommand('sudo')) return 'this user is not root and there is no sudo';
  if (!machine.sudoWithoutPassword()) return 'this user is not root and sudo asks for a password';
  return undefined;
}

/** The one command that gives this machine a browser the suite finds. */
export function enableCommand(machine: Pick<Machine, 'probe' | 'osRelease'>): string {
  const { platform } = machine.probe;
  if (platform === 'darwin') return 'brew install --cask chromium   (or install Google Chrome into /Applications)';
  if (platform === 'win32') return 'winget install Google.Chrome';
  const ids = distributionIds(machine.osRelease);
  if (ids.includes('debian') || ids.includes('ubuntu')) return 'sudo bash scripts/install-browser.sh';
  if (ids.includes('fedora') || ids.includes('rhel')) return 'sudo dnf install chromium';
  if (ids.includes('arch')) return 'sudo pacman -S chromium';
  return 'CHROMIUM_PATH=/path/to/chrome npm test';
}

function skipBanner(reason: string, enable: string): string {
  const rule = '='.repeat(100);
  return [
    rule,
    `e2e suite SKIPPED: ${reason}.`,
    `Enable it with:  ${enable}`,
    'Or point CHROMIUM_PATH at a Chrome or Chromium you have. Every other suite runs as usual.',
    rule,
  ].join('\n');
}

function describeNotFound(search: Extract<BrowserSearch, { kind: 'not-found' }>): string {
  const rejected = search.rejected.length > 0 ? ` (found but not usable: ${search.rejected.join('; ')})` : '';
  return `no Chrome or Chromium found on PATH or in the standard locations${rejected}`;
}

/** Finds, installs or gives up on a browser, as the module comment says. */
export function prepareBrowser(machine: Machine): BrowserDecision {
  const ci = isCi(machine.probe.env);
  let search = findBrowser(machine.probe);
  if (search.kind === 'bad-chromium-path') throw new BrowserSetupError(search.message);
  if (search.kind === 'found') return { kind: 'ready', executablePath: search.executablePath, version: search.version, installed: false };

  let reason = describeNotFound(search);
  const cannotInstall = whyNoAutomaticInstall(machine);
  if (cannotInstall === undefined) {
    machine.log(`e2e: ${reason}; installing Debian's chromium once with scripts/install-browser.sh (apt-get)...`);
    const installed = machine.installChromium();
    search = findBrowser(machine.probe);
    if (search.kind === 'found') {
      machine.log(`e2e: installed ${search.version} at ${search.executablePath}`);
      return { kind: 'ready', executablePath: search.executablePath, version: search.version, installed: true };
    }
    reason = installed ? `scripts/install-browser.sh ran but ${describeNotFound(search as Extract<BrowserSearch, { kind: 'not-found' }>)}` : `${reason}, and installing Debian's chromium failed (its output is above)`;
  } else {
    reason = `${reason}, and ${cannotInstall}`;
  }

  const enable = enableCommand(machine);
  if (ci) throw new BrowserSetupError(`CI=true and the e2e suite has no browser: ${reason}. Run \`${enable}\` before \`npm test\`, or set CHROMIUM_PATH.`);
  return { kind: 'skip', banner: skipBanner(reason, enable) };
}
