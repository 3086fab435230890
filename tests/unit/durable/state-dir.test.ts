import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCK_FILE, openStateDir, STATE_LAYOUT_VERSION, VERSION_FILE } from '../../../local/platform/state-dir';
import { startPlatform } from '../../../local/platform/compose';
import { systemClock } from '../../../local/platform/clock';
import type { EmulatedService, RuntimeContext } from '../../../local/platform/service';
import { StartupError } from '../../../local/startup-errors';

describe('state directory (durable mode switch and guard)', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'state-dir-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates a missing directory, locks it with the pid and stamps the layout version', () => {
    const dir = path.join(base, 'nested', 'state');
    const state = openStateDir(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(JSON.parse(readFileSync(path.join(dir, VERSION_FILE), 'utf8'))).toEqual({ layout: STATE_LAYOUT_VERSION });
    expect(state.dirFor('dynamodb')).toBe(path.join(dir, 'dynamodb'));
    expect(existsSync(path.join(dir, 'dynamodb'))).toBe(true);
    state.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    openStateDir(dir).release(); // reopened once released
  });

  it('refuses a directory held by a live runtime, naming the directory and the pid', () => {
    const held = openStateDir(base);
    try {
      expect(() => openStateDir(base)).toThrow(StartupError);
      expect(() => openStateDir(base)).toThrow(new RegExp(`${base}.*in use by another runtime \\(pid ${process.pid}`));
    } finally {
      held.release();
    }
  });

  it('takes over a stale lock left by a killed runtime', () => {
    writeFileSync(path.join(base, LOCK_FILE), '999999\n');
    writeFileSync(path.join(base, VERSION_FILE), JSON.stringify({ layout: STATE_LAYOUT_VERSION }));
    const lines: string[] = [];
    const state = openStateDir(base, { isAlive: () => false, log: (line) => lines.push(line) });
    expect(readFileSync(path.join(base, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(lines.join('\n')).toMatch(/taking over the lock of runtime 999999/);
    state.release();
  });

  it('refuses a file, an unwritable directory and a foreign directory', () => {
    const file = path.join(base, 'a-file');
    writeFileSync(file, 'x');
    expect(() => openStateDir(file)).toThrow(/a-file .*is a file, not a directory/);
    expect(() => openStateDir(path.join(file, 'below'))).toThrow(/cannot be created/);
    const foreign = path.join(base, 'foreign');
    openStateDir(foreign).release();
    rmSync(path.join(foreign, VERSION_FILE));
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    expect(() => openStateDir(foreign)).toThrow(/no state-version\.json/);
    expect(existsSync(path.join(foreign, LOCK_FILE))).toBe(false); // a refusal frees the lock
    if (process.getuid?.() !== 0) {
      const locked = path.join(base, 'locked');
      openStateDir(locked).release();
      chmodSync(locked, 0o500);
      try {
        expect(() => openStateDir(locked)).toThrow(/locked .*is not writable/);
      } finally {
        chmodSync(locked, 0o700);
      }
    }
  });

  it('refuses state from another layout version with a message naming the directory', () => {
    openStateDir(base).release();
    writeFileSync(path.join(base, VERSION_FILE), JSON.stringify({ layout: STATE_LAYOUT_VERSION + 1 }));
    expect(() => openStateDir(base)).toThrow(new RegExp(`${base} .*layout ${STATE_LAYOUT_VERSION + 1} by another version.*rm -rf`));
  });

  it('gives every service <dir>/<service>/ through the RuntimeContext, and undefined in memory mode', async () => {
    let seen: RuntimeContext | undefined;
    const probe: EmulatedService = { name: 'probe', routes: [], start: (context) => void (seen = context) };
    const state = openStateDir(base);
    const durable = await startPlatform({ services: [probe], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined, stateDir: state });
    expect(seen?.stateDirFor('probe')).toBe(path.join(base, 'probe'));
    await durable.close();
    state.release();
    const memory = await startPlatform({ services: [probe], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined });
    expect(seen?.stateDirFor('probe')).toBeUndefined();
    await memory.close();
  });
});
