/** Finding a Chrome or Chromium on a fake machine: CHROMIUM_PATH, PATH, each platform's standard locations, bad input. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserVersion, type BrowserProbe, findBrowser } from '../../support/find-browser';
import { defined } from '../../support/defined';

const CHROMIUM_VERSION = 'Chromium 131.0.6778.85 built on Debian GNU/Linux 12 (bookworm)';

/** A machine with exactly `files` (path → what `--version` prints, or a failure) and nothing else. */
function fakeMachine(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, files: Record<string, string | { failure: string }>): BrowserProbe & { versionAsked: string[] } {
  const versionAsked: string[] = [];
  return {
    platform,
    env,
    versionAsked,
    isExecutableFile: (file) => file in files,
    version: (file) => {
      versionAsked.push(file);
      // findBrowser asks only for files that isExecutableFile found, so `file` is one of `files`.
      const answer = defined(files[file], `the fake file ${file}`);
      return typeof answer === 'string' ? { version: answer } : answer;
    },
  };
}

describe('findBrowser', () => {
  it.each([
    ['CHROMIUM_PATH first, even with a browser on PATH', 'linux', { CHROMIUM_PATH: '/opt/chromium/chrome', PATH: '/usr/bin' }, ['/opt/chromium/chrome', '/usr/bin/chromium'], '/opt/chromium/chrome', 'CHROMIUM_PATH'],
    ['chromium on PATH before the standard locations', 'linux', { PATH: '/home/ada/bin:/usr/bin' }, ['/home/ada/bin/chromium', '/usr/bin/chromium'], '/home/ada/bin/chromium', 'PATH'],
    ['google-chrome-stable on PATH', 'linux', { PATH: '/usr/local/bin' }, ['/usr/local/bin/google-chrome-stable'], '/usr/local/bin/google-chrome-stable', 'PATH'],
    ['Debian\'s /usr/bin/chromium with an empty PATH', 'linux', { PATH: '' }, ['/usr/bin/chromium'], '/usr/bin/chromium', 'a standard location'],
    ['Fedora\'s chromium-browser', 'linux', {}, ['/usr/lib64/chromium-browser/chromium-browser'], '/usr/lib64/chromium-browser/chromium-browser', 'a standard location'],
    ['Google\'s .deb in /opt', 'linux', {}, ['/opt/google/chrome/chrome'], '/opt/google/chrome/chrome', 'a standard location'],
    ['Chrome in /Applications on a Mac', 'darwin', { PATH: '/usr/bin:/bin', HOME: '/Users/ada' }, ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'a standard location'],
    ['Chromium in ~/Applications on a Mac', 'darwin', { HOME: '/Users/ada' }, ['/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium'], '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium', 'a standard location'],
    ['Chrome in Program Files on Windows', 'win32', { PROGRAMFILES: 'C:\\Program Files' }, ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'], 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'a standard location'],
    ['Chrome in Program Files (x86) on Windows', 'win32', {}, ['C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'], 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe', 'a standard location'],
    ['chrome.exe on a Windows PATH', 'win32', { PATH: 'C:\\tools;C:\\Windows' }, ['C:\\tools\\chrome.exe'], 'C:\\tools\\chrome.exe', 'PATH'],
  ] as const)('finds %s', (_case, platform, env, browsers, expected, source) => {
    // Prepare
    const machine = fakeMachine(platform, env, Object.fromEntries(browsers.map((file) => [file, CHROMIUM_VERSION])));

    // Act
    const search = findBrowser(machine);

    // Assess
    expect(search).toEqual({ kind: 'found', executablePath: expected, version: CHROMIUM_VERSION, source });
  });

  it('passes over a PATH entry that is not a browser, says why, and takes the next one', () => {
    // Prepare: Ubuntu's chromium-browser without snapd is a script that only asks for snap.
    const machine = fakeMachine('linux', { PATH: '/usr/bin' }, {
      '/usr/bin/chromium-browser': { failure: 'exited with 1: Command \'/usr/bin/chromium-browser\' requires the chromium snap to be installed.' },
      '/opt/google/chrome/chrome': 'Google Chrome 131.0.6778.85',
    });

    // Act
    const search = findBrowser(machine);

    // Assess
    expect(search).toEqual({ kind: 'found', executablePath: '/opt/google/chrome/chrome', version: 'Google Chrome 131.0.6778.85', source: 'a standard location' });
    expect(machine.versionAsked).toEqual(['/usr/bin/chromium-browser', '/opt/google/chrome/chrome']);
  });

  it('reports every place it looked when there is no browser, and what it rejected', () => {
    // Prepare
    const machine = fakeMachine('linux', { PATH: '/usr/local/bin:/usr/bin' }, { '/snap/bin/chromium': { failure: 'did not answer within 10 s' } });

    // Act
    const search = findBrowser(machine);

    // Assess
    expect(search.kind).toBe('not-found');
    if (search.kind !== 'not-found') return;
    expect(search.looked).toEqual(expect.arrayContaining(['/usr/local/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/chrome', '/usr/lib/chromium/chromium', '/opt/google/chrome/chrome']));
    expect(search.looked.filter((file) => file === '/usr/bin/chromium')).toHaveLength(1);
    expect(search.rejected).toEqual(['/snap/bin/chromium: `--version` did not answer within 10 s']);
  });

  it.each([
    ['points at nothing', {}, 'CHROMIUM_PATH=/opt/nothing/chrome is not an executable file.'],
    ['points at something that is not a browser', { '/opt/nothing/chrome': { failure: 'printed "hello", not a Chrome or Chromium version' } }, 'CHROMIUM_PATH=/opt/nothing/chrome is not a Chrome or Chromium: `/opt/nothing/chrome --version` printed "hello"'],
  ])('names CHROMIUM_PATH when it %s, and never falls back to another browser', (_case, files, message) => {
    // Prepare
    const machine = fakeMachine('linux', { CHROMIUM_PATH: '/opt/nothing/chrome', PATH: '/usr/bin' }, { ...files, '/usr/bin/chromium': CHROMIUM_VERSION });

    // Act
    const search = findBrowser(machine);

    // Assess
    expect(search.kind).toBe('bad-chromium-path');
    expect(search.kind === 'bad-chromium-path' && search.message).toContain(message);
  });
});

describe('browserVersion', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'find-browser-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, body: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it.each([
    ['a browser', 'echo "Chromium 131.0.6778.85 built on Debian GNU/Linux 12 (bookworm)"', { version: 'Chromium 131.0.6778.85 built on Debian GNU/Linux 12 (bookworm)' }],
    ['a program that is not a browser', 'echo "GNU bash, version 5.2.15"', { failure: 'printed "GNU bash, version 5.2.15", not a Chrome or Chromium version' }],
    ['a program that fails', 'echo "requires the chromium snap" >&2; exit 1', { failure: 'exited with 1: requires the chromium snap' }],
    ['a program that prints nothing', 'true', { failure: 'printed nothing, not a Chrome or Chromium version' }],
  ])('tells %s by its --version', (name, body, expected) => {
    // Prepare
    const file = script(name.replace(/\W+/g, '-'), body);

    // Act
    const answer = browserVersion(file);

    // Assess
    expect(answer).toEqual(expected);
  });

  it('gives up on a program that does not answer, within the timeout', () => {
    // Prepare
    const file = script('hangs', 'exec sleep 30');
    const started = Date.now();

    // Act
    const answer = browserVersion(file, 300);

    // Assess
    expect(answer).toEqual({ failure: 'did not answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
