/**
 * Runs `serverless package` (osls with serverless-step-functions and serverless-esbuild) exactly as a deploy would, so
 * the local runtime deploys the same template and the same bundles as AWS gets. Packaging needs no AWS credentials.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { withDirectoryLock } from './package-lock-dir';

export interface PackageOptions {
  /** The directory holding serverless.yml. */
  readonly serviceDir: string;
  readonly stage: string;
  readonly region: string;
  /** Where the package goes (osls's `--package`); `.serverless/` under serviceDir by default. */
  readonly packageDir?: string;
  /** Where osls's progress goes; silent by default. */
  readonly log?: (text: string) => void;
  /** The child's environment; this process's by default (tests pass one without credentials to prove none are needed). */
  readonly env?: NodeJS.ProcessEnv;
}

/** `serverless package` exited non-zero; carries what it printed, so start-up can show its own error first. */
export class PackagingError extends Error {
  override readonly name = 'PackagingError';
  constructor(
    /** The arguments after osls's entry: `package --stage local --region ... --package ...`. */
    readonly args: readonly string[],
    readonly exitCode: number | null,
    /** Everything osls printed, stdout and stderr interleaved. */
    readonly output: string,
  ) {
    super(`serverless ${args.join(' ')} exited with ${exitCode}:\n${output.trim()}`);
  }
}

/** osls's CLI entry, run with the current Node so no shell or npx is involved. */
function serverlessBin(serviceDir: string): string {
  return require.resolve('serverless/bin/serverless.js', { paths: [serviceDir] });
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log?: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log?.(chunk.toString());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new PackagingError(args.slice(1), code, output));
    });
  });
}

/**
 * Runs `work` while no other process packages this service (or reads a package mid-write): serverless-esbuild builds
 * in a fixed `.esbuild/` folder, so parallel test workers or `npm start` beside `npm test` would clobber each other.
 */
export function withPackageLock<T>(serviceDir: string, work: () => Promise<T>): Promise<T> {
  return withDirectoryLock(path.join(serviceDir, '.local', 'package.lock'), work);
}

/** Packages the service into `packageDir` and returns that directory. Call it inside withPackageLock. */
export async function packageService(options: PackageOptions): Promise<string> {
  const packageDir = path.resolve(options.serviceDir, options.packageDir ?? '.serverless');
  const args = [serverlessBin(options.serviceDir), 'package', '--stage', options.stage, '--region', options.region, '--package', packageDir];
  await run(process.execPath, args, options.serviceDir, options.env ?? process.env, options.log);
  return packageDir;
}
