/** Which browser the e2e suite drives, on fake machines: found, installed once, skipped with a banner, or a failure. */
import type { BrowserProbe } from '../../support/find-browser';
import { BrowserSetupError, enableCommand, type Machine, prepareBrowser } from '../../support/prepare-browser';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const CHROMIUM_VERSION = 'Chromium 131.0.6778.85 built on Debian GNU/Linux 12 (bookworm)';

interface FakeOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  osRelease?: string;
  uid?: number;
  commands?: string[];
  sudoWithoutPassword?: boolean;
  /** Browsers present before anything runs. */
  browsers?: string[];
  /** What installChromium does: puts /usr/bin/chromium there and succeeds, or fails. */
  install?: 'works' | 'fails';
}

/** A machine whose browsers, sudo and installer are what the test says; it records installs and log lines. */
function fakeMachine(options: FakeOptions): Machine & { installs: number; lines: string[] } {
  const browsers = new Set(options.browsers ?? []);
  const probe: BrowserProbe = {
    platform: options.platform ?? 'linux',
    env: options.env ?? { PATH: '/usr/bin' },
    isExecutableFile: (file) => browsers.has(file),
    version: () => ({ version: CHROMIUM_VERSION }),
  };
  const machine = {
    probe,
    osRelease: options.osRelease,
    uid: options.uid,
    installs: 0,
    lines: [] as string[],
    hasCommand: (name: string) => (options.commands ?? ['apt-get', 'sudo']).includes(name),
    sudoWithoutPassword: () => options.sudoWithoutPassword ?? false,
    installChromium: () => {
      machine.installs += 1;
      if (options.install !== 'works') return false;
      browsers.add('/usr/bin/chromium');
      return true;
    },
    log: (line: string) => machine.lines.push(line),
  };
  return machine;
}

describe('prepareBrowser', () => {
  it('uses a browser the machine has and installs nothing', () => {
    // Prepare
    const machine = fakeMachine({ osRelease: DEBIAN, uid: 0, browsers: ['/usr/bin/google-chrome'], install: 'works' });

    // Act
    const decision = prepareBrowser(machine);

    // Assess
    expect(decision).toEqual({ kind: 'ready', executablePath: '/usr/bin/google-chrome', version: CHROMIUM_VERSION, installed: false });
    expect(machine.installs).toBe(0);
  });

  it.each([
    ['as root on Debian', { osRelease: DEBIAN, uid: 0 }],
    ['with passwordless sudo on Ubuntu', { osRelease: UBUNTU, uid: 1000, sudoWithoutPassword: true }],
  ])('installs Debian\'s chromium once, saying so, %s', (_case, options) => {
    // Prepare
    const machine = fakeMachine({ ...options, install: 'works' });

    // Act
    const first = prepareBrowser(machine);
    const second = prepareBrowser(machine);

    // Assess
    expect(first).toEqual({ kind: 'ready', executablePath: '/usr/bin/chromium', version: CHROMIUM_VERSION, installed: true });
    expect(second).toEqual({ kind: 'ready', executablePath: '/usr/bin/chromium', version: CHROMIUM_VERSION, installed: false });
    expect(machine.installs).toBe(1);
    expect(machine.lines[0]).toMatch(/^e2e: no Chrome or Chromium found .*; installing Debian's chromium once with scripts\/install-browser\.sh/);
    expect(machine.lines[1]).toBe(`e2e: installed ${CHROMIUM_VERSION} at /usr/bin/chromium`);
  });

  it.each([
    ['sudo asks for a password', { osRelease: DEBIAN, uid: 1000, sudoWithoutPassword: false }, 'this user is not root and sudo asks for a password', 'sudo bash scripts/install-browser.sh'],
    ['there is no sudo', { osRelease: UBUNTU, uid: 1000, commands: ['apt-get'] }, 'this user is not root and there is no sudo', 'sudo bash scripts/install-browser.sh'],
    ['it is Fedora', { osRelease: FEDORA, uid: 0 }, 'this is not Debian or Ubuntu', 'sudo dnf install chromium'],
    ['it is a Mac', { platform: 'darwin' as const, env: { PATH: '/usr/bin', HOME: '/Users/ada' } }, 'this is not Debian or Ubuntu', 'brew install --cask chromium'],
    ['the install fails', { osRelease: DEBIAN, uid: 0, install: 'fails' as const }, 'installing Debian\'s chromium failed (its output is above)', 'sudo bash scripts/install-browser.sh'],
  ])('skips the suite with a banner saying why and the one command that enables it when %s', (_case, options, why, command) => {
    // Prepare
    const machine = fakeMachine(options);

    // Act
    const decision = prepareBrowser(machine);

    // Assess
    expect(decision.kind).toBe('skip');
    const banner = decision.kind === 'skip' ? decision.banner : '';
    expect(banner).toContain('e2e suite SKIPPED: no Chrome or Chromium found on PATH or in the standard locations');
    expect(banner).toContain(why);
    expect(banner).toContain(`Enable it with:  ${command}`);
    expect(banner).toContain('Every other suite runs as usual.');
  });

  it('fails the run under CI=true when there is no browser, naming the command', () => {
    // Prepare
    const machine = fakeMachine({ env: { PATH: '/usr/bin', CI: 'true' }, osRelease: DEBIAN, uid: 1000 });

    // Act
    const preparing = () => prepareBrowser(machine);

    // Assess
    expect(preparing).toThrow(BrowserSetupError);
    expect(preparing).toThrow(/^CI=true and the e2e suite has no browser: no Chrome or Chromium found .* Run `sudo bash scripts\/install-browser\.sh` before `npm test`/);
  });

  it('installs under CI=true where it can, and goes on', () => {
    // Prepare
    const machine = fakeMachine({ env: { PATH: '/usr/bin', CI: 'true' }, osRelease: DEBIAN, uid: 0, install: 'works' });

    // Act
    const decision = prepareBrowser(machine);

    // Assess
    expect(decision).toEqual(expect.objectContaining({ kind: 'ready', installed: true }));
  });

  it('fails, naming the path, for a CHROMIUM_PATH that points at nothing, rather than installing or skipping', () => {
    // Prepare
    const machine = fakeMachine({ env: { CHROMIUM_PATH: '/opt/chrome/missing' }, osRelease: DEBIAN, uid: 0, install: 'works', browsers: ['/usr/bin/chromium'] });

    // Act
    const preparing = () => prepareBrowser(machine);

    // Assess
    expect(preparing).toThrow('CHROMIUM_PATH=/opt/chrome/missing is not an executable file.');
    expect(machine.installs).toBe(0);
  });
});

describe('enableCommand', () => {
  it.each([
    ['linux', DEBIAN, 'sudo bash scripts/install-browser.sh'],
    ['linux', 'ID=arch\n', 'sudo pacman -S chromium'],
    ['linux', 'ID=alpine\n', 'CHROMIUM_PATH=/path/to/chrome npm test'],
    ['win32', undefined, 'winget install Google.Chrome'],
  ] as const)('on %s (%s) is %s', (platform, osRelease, command) => {
    // Act
    const enable = enableCommand({ probe: { platform, env: {}, isExecutableFile: () => false, version: () => ({ failure: '' }) }, osRelease });

    // Assess
    expect(enable).toBe(command);
  });
});
