/**
 * Finds a Chrome or Chromium for the e2e suite where people have one: `$CHROMIUM_PATH`, then `PATH`, then the places
 * the usual packages and installers put it on Linux (Debian, Ubuntu, Fedora, Arch), macOS and Windows. Every
 * candidate is checked by running `<it> --version` with a timeout, so a stale path or a wrapper that is not a browser
 * (Ubuntu's `chromium-browser` that only asks for snap) is reported, never launched into a hang.
 *
 * Everything the search touches (environment, platform, file system, process) comes in through `BrowserProbe`, so the
 * unit tests run it against a fake machine.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The executable names Chrome and Chromium packages put on PATH. */
export const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'] as const;

/** `--version` answers in well under a second; a browser that takes this long is not one we can drive. */
export const VERSION_TIMEOUT_MS = 10_000;

/** What the search may look at. */
export interface BrowserProbe {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** True for an executable regular file. */
  isExecutableFile(file: string): boolean;
  /** `<file> --version`: its first line, or why it did not answer like a browser. */
  version(file: string): { readonly version: string } | { readonly failure: string };
}

export type BrowserSearch =
  | { readonly kind: 'found'; readonly executablePath: string; readonly version: string; readonly source: string }
  /** CHROMIUM_PATH names something that is not a working browser: the user asked for it, so this is an error. */
  | { readonly kind: 'bad-chromium-path'; readonly message: string }
  | { readonly kind: 'not-found'; readonly looked: readonly string[]; readonly rejected: readonly string[] };

/** The standard install locations on `platform`, most common first. */
export function standardLocations(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', ...(env.HOME ? [path.posix.join(env.HOME, 'Applications')] : [])];
    return apps.flatMap((dir) => [
      path.posix.join(dir, 'Google Chrome.app/Contents/MacOS/Google Chrome'),
      path.posix.join(dir, 'Chromium.app/Contents/MacOS/Chromium'),
    ]);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', ...(env.LOCALAPPDATA ? [env.LOCALAPPDATA] : [])];
    return roots.flatMap((root) => [
      path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium', // Debian, Arch
    '/usr/bin/chromium-browser', // Ubuntu, Fedora
    '/usr/lib/chromium/chromium', // Debian's binary behind the wrapper
    '/usr/lib64/chromium-browser/chromium-browser', // Fedora's binary behind the wrapper
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome', // Google's .deb and .rpm
    '/snap/bin/chromium',
  ];
}

/** `name` in each PATH directory (with `.exe` on Windows), in PATH order. */
export function pathCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const windows = platform === 'win32';
  const paths = windows ? path.win32 : path.posix;
  const directories = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  return directories.flatMap((directory) => BROWSER_COMMANDS.map((name) => paths.join(directory, windows ? `${name}.exe` : name)));
}

/** Looks for a working browser; see the module comment for the order. */
export function findBrowser(probe: BrowserProbe): BrowserSearch {
  const requested = probe.env.CHROMIUM_PATH;
  if (requested) {
    if (!probe.isExecutableFile(requested)) {
      return { kind: 'bad-chromium-path', message: `CHROMIUM_PATH=${requested} is not an executable file. Point it at a Chrome or Chromium executable, or unset it to let the tests find or install one.` };
    }
    const answer = probe.version(requested);
    if ('failure' in answer) {
      return { kind: 'bad-chromium-path', message: `CHROMIUM_PATH=${requested} is not a Chrome or Chromium: \`${requested} --version\` ${answer.failure}. Point it at a browser executable, or unset it.` };
    }
    return { kind: 'found', executablePath: requested, version: answer.version, source: 'CHROMIUM_PATH' };
  }

  const looked: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  const candidates = [...pathCandidates(probe.platform, probe.env).map((file) => [file, 'PATH'] as const), ...standardLocations(probe.platform, probe.env).map((file) => [file, 'a standard location'] as const)];
  for (const [file, source] of candidates) {
    if (seen.has(file)) continue;
    seen.add(file);
    looked.push(file);
    if (!probe.isExecutableFile(file)) continue;
    const answer = probe.version(file);
    if ('failure' in answer) {
      rejected.push(`${file}: \`--version\` ${answer.failure}`);
      continue;
    }
    return { kind: 'found', executablePath: file, version: answer.version, source };
  }
  return { kind: 'not-found', looked, rejected };
}

/** What a browser prints for `--version`: "Chromium 120.0.6099.224 built on Debian 12.4", "Google Chrome 131.0.6778.85". */
const BROWSER_VERSION = /\b(Chromium|Chrome)\b.*?\d+\.\d+/;

/** Runs `<file> --version` with a timeout; anything but a browser's version line is a failure, described. */
export function browserVersion(file: string, timeoutMs = VERSION_TIMEOUT_MS): { version: string } | { failure: string } {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { failure: `did not answer within ${timeoutMs / 1000} s` };
  if (result.error) return { failure: `could not run (${result.error.message})` };
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const firstLine = output.split('\n')[0] ?? '';
  if (result.status !== 0) return { failure: `exited with ${result.status ?? result.signal}${firstLine ? `: ${firstLine}` : ''}` };
  if (!BROWSER_VERSION.test(firstLine)) return { failure: `printed ${firstLine ? `"${firstLine.slice(0, 120)}"` : 'nothing'}, not a Chrome or Chromium version` };
  return { version: firstLine };
}

/** The real machine. On Windows, chrome.exe prints no version (it opens a window instead), so a file there is trusted. */
export function systemProbe(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserProbe {
  return {
    platform,
    env,
    isExecutableFile(file) {
      try {
        if (!statSync(file).isFile()) return false;
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    version: (file) => (platform === 'win32' ? { version: 'unknown (Windows)' } : browserVersion(file)),
  };
}
