/**
 * `npm start` → `tsx local/cli.ts start [--port N] [--no-package]`: starts the offline runtime with serverless.yml
 * deployed into it, prints where and what, and shuts everything down cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { formatBanner } from './deploy/banner';
import { startRuntime } from './runtime';
import { describeFailure, nodeVersionProblem, StartupError } from './startup-errors';

const USAGE = `Usage: tsx local/cli.ts start [--port <port>] [--no-package]
  --port <port>   edge port (default $LOCAL_PORT or 4566; 0 picks a free one)
  --no-package    deploy what .serverless/ already holds instead of running serverless package`;

interface StartArguments {
  port?: number;
  packageFirst: boolean;
}

/** Parses `start`'s flags; throws with the usage on anything else. */
export function parseStartArguments(args: readonly string[]): StartArguments {
  const parsed: StartArguments = { packageFirst: true };
  const rest = [...args];
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    if (arg === '--no-package') parsed.packageFirst = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? rest.shift() : arg.slice('--port='.length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new StartupError(`Invalid port "${value}"\n${USAGE}`);
      parsed.port = port;
    } else throw new StartupError(`Unknown option "${arg}"\n${USAGE}`);
  }
  return parsed;
}

async function start(args: readonly string[]): Promise<void> {
  const tooOld = nodeVersionProblem();
  if (tooOld) throw tooOld;
  const options = parseStartArguments(args);
  process.stdout.write('Packaging serverless.yml (stage local) and starting the runtime...\n');
  const runtime = await startRuntime(options);
  process.stdout.write(`\n${formatBanner(runtime)}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Second ${signal}: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n${signal} received, shutting down...\n`);
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${(error as Error)?.stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: readonly string[]): Promise<void> {
  const [command = 'start', ...rest] = argv;
  if (command === 'start') return start(rest);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  throw new StartupError(`Unknown command "${command}"\n${USAGE}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // A StartupError is one paragraph saying what to do; anything else is a bug, shown with its stack.
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exit(1);
  });
}
