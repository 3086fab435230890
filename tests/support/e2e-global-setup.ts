/**
 * Jest globalSetup of the e2e project (it runs only when e2e tests are selected): settles which browser the suite
 * drives (prepare-browser.ts) and hands the decision to the test workers and the summary through the environment,
 * which workers inherit: CHROMIUM_PATH for the browser found, E2E_SKIP_BANNER when the suite must be skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { systemProbe } from './find-browser';
import { E2E_SKIP_BANNER, type Machine, prepareBrowser } from './prepare-browser';

/** apt-get update and a chromium install; longer than this is a stuck mirror, reported rather than waited on. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const INSTALL_SCRIPT = path.resolve(__dirname, '../../scripts/install-browser.sh');

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const machine: Machine = {
  probe: systemProbe(),
  osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : undefined,
  uid: process.getuid?.(),
  hasCommand,
  // -n: fail rather than prompt, so a test run never waits on a password nobody types.
  sudoWithoutPassword: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0,
  installChromium: () => spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'], timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, CHROMIUM_PATH: '' } }).status === 0,
  log: (line) => process.stdout.write(`${line}\n`),
};

export default function e2eGlobalSetup(): void {
  const decision = prepareBrowser(machine);
  if (decision.kind === 'ready') {
    process.env.CHROMIUM_PATH = decision.executablePath;
    delete process.env[E2E_SKIP_BANNER];
  } else {
    process.env[E2E_SKIP_BANNER] = decision.banner;
    process.stdout.write(`\n${decision.banner}\n\n`);
  }
}
