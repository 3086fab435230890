/**
 * Durable mode's one directory (`LOCAL_STATE_DIR`, `startRuntime({ stateDir })`): every service that persists writes
 * under `<dir>/<service>/` (RuntimeContext.stateDirFor), so there is one switch, one lock and one version marker for
 * the whole runtime. Without a state directory everything stays in memory.
 *
 * - `runtime.lock` holds the pid of the runtime using the directory: two runtimes never share one. A lock whose pid is
 *   no longer alive (the runtime was killed with kill -9) is stale and taken over.
 * - `state-version.json` names the layout the files were written in; state from another layout is refused rather
 *   than read wrong.
 */
import { accessSync, constants, closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-errors';

/** The layout of the files under a state directory; bump it when a service changes what it writes. */
export const STATE_LAYOUT_VERSION = 1;
export const LOCK_FILE = 'runtime.lock';
export const VERSION_FILE = 'state-version.json';

export interface StateDir {
  /** The directory, absolute. */
  readonly root: string;
  /** `<root>/<service>/`, created on first use. */
  dirFor(service: string): string;
  /** Frees the lock; safe to call more than once. */
  release(): void;
}

export interface OpenStateDirOptions {
  /** The pid written into the lock (tests); this process's by default. */
  readonly pid?: number;
  /** Whether a pid names a live process; `process.kill(pid, 0)` by default. */
  readonly isAlive?: (pid: number) => boolean;
  /** Where a stale lock's takeover is reported. */
  readonly log?: (line: string) => void;
}

/** Creates (if missing), checks, locks and version-stamps a state directory; any refusal is a StartupError naming it. */
export function openStateDir(dir: string, options: OpenStateDirOptions = {}): StateDir {
  const root = path.resolve(dir);
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  ensureWritableDirectory(root);
  takeLock(root, pid, isAlive, options.log ?? (() => undefined));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (readLockPid(path.join(root, LOCK_FILE)) === pid) unlinkSync(path.join(root, LOCK_FILE));
    } catch {
      // Already gone: nothing to free.
    }
  };
  try {
    checkVersion(root);
  } catch (error) {
    release();
    throw error;
  }
  return {
    root,
    dirFor(service) {
      const serviceDir = path.join(root, service);
      mkdirSync(serviceDir, { recursive: true });
      return serviceDir;
    },
    release,
  };
}

function refuse(root: string, why: string, what: string, cause?: unknown): StartupError {
  return new StartupError(`Cannot start the runtime: the state directory ${root} (LOCAL_STATE_DIR) ${why}. ${what}`, cause);
}

function ensureWritableDirectory(root: string): void {
  let stats;
  try {
    stats = statSync(root, { throwIfNoEntry: false });
  } catch (error) {
    throw refuse(root, 'cannot be read', 'Check its permissions, or point LOCAL_STATE_DIR at another directory.', error);
  }
  if (stats && !stats.isDirectory()) {
    throw refuse(root, 'is a file, not a directory', 'Point LOCAL_STATE_DIR at a directory (it is created if missing), or remove the file.');
  }
  if (!stats) {
    try {
      mkdirSync(root, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw refuse(
        root,
        code === 'ENOTDIR' || code === 'EEXIST' ? 'cannot be created: a file stands where one of its parents should be' : `cannot be created (${code ?? 'error'})`,
        'Point LOCAL_STATE_DIR at a directory this user may create or write.',
        error,
      );
    }
  }
  try {
    accessSync(root, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (error) {
    throw refuse(root, 'is not writable by this user', 'Fix its permissions (`chmod u+rwx`), or point LOCAL_STATE_DIR at another directory.', error);
  }
}

function readLockPid(file: string): number | undefined {
  const text = readFileSync(file, 'utf8').trim();
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function takeLock(root: string, pid: number, isAlive: (pid: number) => boolean, log: (line: string) => void): void {
  const file = path.join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeFileSync(fd, `${pid}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw refuse(root, 'cannot hold a lock file', 'Check that the directory is writable.', error);
      }
    }
    let holder: number | undefined;
    try {
      holder = readLockPid(file);
    } catch {
      continue; // Removed between our open and read: try again.
    }
    if (holder !== undefined && isAlive(holder)) {
      throw refuse(
        root,
        `is in use by another runtime (pid ${holder}, ${LOCK_FILE})`,
        'Two runtimes never share one state directory: stop that one, or start this one with another LOCAL_STATE_DIR.',
      );
    }
    log(`State directory ${root}: taking over the lock of runtime ${holder ?? '(unreadable pid)'}, which is no longer running.`);
    try {
      unlinkSync(file);
    } catch {
      // Another starter took it over first; the next attempt finds its lock.
    }
  }
  throw refuse(root, 'is being locked by another runtime starting at the same time', 'Start one runtime per state directory.');
}

function checkVersion(root: string): void {
  const file = path.join(root, VERSION_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(root, `has an unreadable ${VERSION_FILE}`, 'Check its permissions.', error);
  }
  if (text === undefined) {
    const others = readdirSync(root).filter((name) => name !== LOCK_FILE);
    if (others.length > 0) {
      throw refuse(
        root,
        `holds files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}) but no ${VERSION_FILE}, so it is not a runtime state directory`,
        'Point LOCAL_STATE_DIR at an empty or new directory.',
      );
    }
    writeFileAtomically(file, `${JSON.stringify({ layout: STATE_LAYOUT_VERSION })}\n`);
    return;
  }
  let layout: unknown;
  try {
    layout = (JSON.parse(text) as { layout?: unknown }).layout;
  } catch {
    layout = undefined;
  }
  if (layout !== STATE_LAYOUT_VERSION) {
    throw refuse(
      root,
      `holds state written in layout ${typeof layout === 'number' ? layout : '(unreadable)'} by another version of the runtime; this one reads layout ${STATE_LAYOUT_VERSION}`,
      'Start the version that wrote it, or reset the state with `rm -rf` on the directory (everything in it is lost).',
    );
  }
}

/** Writes a whole file so that a crash leaves the old content or the new one, never half: write, fsync, rename. */
export function writeFileAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
