/**
 * The failures a first `npm start` commonly meets, turned into one paragraph that says what happened and what to do,
 * with no stack trace: a stack trace tells a user nothing about a port LocalStack already holds. startRuntime and
 * cli.ts use it at their boundary; anything not recognised here is a bug and keeps its stack.
 */
import { PackagingError } from './deploy/package-service';

/** The Node major the project's scripts run on (package.json installs it into node_modules/.bin as `node`). */
export const REQUIRED_NODE_MAJOR = 22;

/** A start-up failure the user can act on; its message is the whole story, so it carries no stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    message: string,
    /** The error it explains, for a debugger; never printed. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.stack = message;
  }
}

/** What Node's `server.listen` rejects with. */
interface ListenError extends Error {
  readonly code?: string;
  readonly syscall?: string;
  readonly port?: number;
  readonly address?: string;
}

function portInUse(error: ListenError, port: number): StartupError {
  const where = error.address ? `${error.address}:${error.port ?? port}` : `port ${error.port ?? port}`;
  const shown = error.port ?? port;
  return new StartupError(
    `Cannot start the runtime: ${where} is already in use by another program. ` +
      `LocalStack commonly holds 4566 (\`docker ps\` shows its container; \`docker stop <container>\` frees the port), ` +
      `or an earlier \`npm start\` is still running. Start on another port with \`LOCAL_PORT=${shown === 4566 ? 4567 : 4566} npm start\`, ` +
      'or `npm start -- --port 0` for any free one (the banner and .local/stack-outputs.json say which).',
    error,
  );
}

function portNotAllowed(error: ListenError, port: number): StartupError {
  return new StartupError(
    `Cannot start the runtime: this user may not listen on port ${error.port ?? port} (ports below 1024 need root). ` +
      'Use a higher one, e.g. `LOCAL_PORT=4566 npm start`.',
    error,
  );
}

/**
 * osls ends its output with an `Error:` block, then an `Environment:`/`Docs:` footer; the block is its own error. Where
 * there is none (a crash before osls's handler), the last lines it printed are.
 */
export function packagingErrorText(output: string): string {
  const lines = output.replace(/\r\n/g, '\n').trimEnd().split('\n');
  const start = lines.findLastIndex((line) => /^\s*Error:\s*$/.test(line) || /^\s*Error: /.test(line));
  if (start >= 0) {
    const end = lines.findIndex((line, index) => index > start && /^(Environment|Docs|Support|Bugs):/.test(line.trim()));
    return lines.slice(start, end < 0 ? undefined : end).join('\n').trim();
  }
  return lines.slice(-20).join('\n').trim() || '(it printed nothing)';
}

/** `npx serverless package --stage local --region us-east-1`: what the user types to see the failure again. */
export function reproduceCommand(args: readonly string[]): string {
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 && args[index + 1] ? [name, args[index + 1]] : [];
  };
  return ['npx serverless package', ...option('--stage'), ...option('--region')].join(' ');
}

function packagingFailed(error: PackagingError): StartupError {
  return new StartupError(
    `Cannot start the runtime: \`serverless package\` failed (exit code ${error.exitCode}), so there is nothing to deploy.\n` +
      `${packagingErrorText(error.output)}\n` +
      `Reproduce it with \`${reproduceCommand(error.args)}\` in the project directory; once that succeeds, \`npm start\` will too.`,
    error,
  );
}

/** A one-paragraph StartupError for a failure users commonly meet at start-up, or undefined for anything else. */
export function explainStartupError(error: unknown, context: { readonly port: number }): StartupError | undefined {
  if (error instanceof StartupError) return error;
  if (error instanceof PackagingError) return packagingFailed(error);
  const code = (error as ListenError | undefined)?.code;
  if (code === 'EADDRINUSE') return portInUse(error as ListenError, context.port);
  if (code === 'EACCES' && (error as ListenError).syscall === 'listen') return portNotAllowed(error as ListenError, context.port);
  return undefined;
}

/**
 * Undefined on Node 22 or newer; else why the project's scripts cannot run here. npm puts node_modules/.bin first on
 * PATH for its scripts, so `npm start` runs on the `node` package's Node 22 unless that install is missing or the
 * script is started some other way (`npx tsx local/cli.ts` from an older global Node, say).
 */
export function nodeVersionProblem(version: string = process.versions.node): StartupError | undefined {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_NODE_MAJOR) return undefined;
  return new StartupError(
    `This is Node ${version}; the project's scripts need Node ${REQUIRED_NODE_MAJOR} or newer. \`npm ci\` installs Node ${REQUIRED_NODE_MAJOR} ` +
      'into node_modules/.bin and `npm start` / `npm test` run on it, so run them through npm in the project directory; ' +
      'if they still land here, `npm ci` did not finish installing it (it needs install scripts: no `--ignore-scripts`), ' +
      `or install Node ${REQUIRED_NODE_MAJOR} yourself.`,
  );
}

/** What a command line prints for a failure: the paragraph for a StartupError, the message for usage errors, else the stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
