/**
 * `npm run redrive -- <executionArn>`: redrives a failed, timed-out or aborted Standard execution, then follows it
 * to its end, printing each state as it runs and the final status. Talks to `$AWS_ENDPOINT_URL`, else the
 * EdgeEndpoint of `.local/stack-outputs.json` (`npm start` writes it); against AWS, unset both and pass
 * `--aws` to use the default credential chain.
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';

const CLOSING = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const POLL_MS = 500;

/** One line per event worth a reader's attention: states entered and exited, Map Runs, failures, the redrive and the end. */
export function describeEvent(event: HistoryEvent): string | undefined {
  const type = event.type ?? '';
  if (type.endsWith('StateEntered')) return `→ ${event.stateEnteredEventDetails?.name}`;
  if (type.endsWith('StateExited')) return `✓ ${event.stateExitedEventDetails?.name}`;
  if (type === 'ExecutionRedriven') return `redrive #${event.executionRedrivenEventDetails?.redriveCount} started`;
  // A Distributed Map's Map Run redriven in place: only its unsuccessful children run (describe-map-run counts them).
  if (type === 'MapRunRedriven') return `Map Run redrive #${event.mapRunRedrivenEventDetails?.redriveCount}: ${event.mapRunRedrivenEventDetails?.mapRunArn}`;
  if (type === 'MapRunStarted') return `Map Run started: ${event.mapRunStartedEventDetails?.mapRunArn}`;
  if (type === 'MapRunSucceeded') return 'Map Run succeeded';
  const failure = failureOf(event);
  if (failure) return `✗ ${type}: ${failure.error ?? ''}${failure.cause ? ` (${failure.cause})` : ''}`;
  if (CLOSING.has(type)) return type;
  return undefined;
}

function failureOf(event: HistoryEvent): { error?: string; cause?: string } | undefined {
  if (!/(Failed|TimedOut|Aborted)$/.test(event.type ?? '')) return undefined;
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as { error?: string; cause?: string };
  }
  return {};
}

/**
 * Redrives and follows the execution: prints the events appended from ExecutionRedriven on, and resolves with the
 * final status. `clientToken` makes a retried command safe (RedriveExecution keeps the last 10 tokens for 15 minutes).
 */
export async function redriveAndFollow(sfn: SFNClient, executionArn: string, print: (line: string) => void,
  options: { clientToken?: string; pollMs?: number } = {}): Promise<string> {
  const before = await allEvents(sfn, executionArn);
  const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: options.clientToken }));
  print(`Redriven at ${redriveDate?.toISOString()}: ${executionArn}`);
  let seen = before.length;
  for (;;) {
    const events = await allEvents(sfn, executionArn);
    for (const event of events.slice(seen)) {
      const line = describeEvent(event);
      if (line) print(`  ${line}`);
    }
    seen = events.length;
    if (events.length > before.length && CLOSING.has(events.at(-1)?.type ?? '')) break;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? POLL_MS));
  }
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  print(`${described.status} (redriveCount ${described.redriveCount ?? 0})${described.error ? `: ${described.error}` : ''}`);
  return described.status ?? 'UNKNOWN';
}

async function allEvents(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** `$AWS_ENDPOINT_URL`, else the local stack's EdgeEndpoint; undefined with `--aws` (the real service). */
function endpoint(argv: readonly string[]): string | undefined {
  if (argv.includes('--aws')) return undefined;
  if (process.env.AWS_ENDPOINT_URL) return process.env.AWS_ENDPOINT_URL;
  const file = path.join(__dirname, '..', '.local', 'stack-outputs.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { EdgeEndpoint: string }).EdgeEndpoint;
  } catch (error) {
    throw new Error(`No AWS_ENDPOINT_URL and cannot read ${file} (${(error as Error).message}): start the stack with \`npm start\`, or pass --aws`, { cause: error });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const executionArn = argv.find((arg) => arg.startsWith('arn:'));
  if (!executionArn) throw new Error('Usage: npm run redrive -- <executionArn> [--aws]');
  const url = endpoint(argv);
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? executionArn.split(':')[3] ?? 'us-east-1';
  const sfn = new SFNClient(url ? { endpoint: url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : { region });
  try {
    const status = await redriveAndFollow(sfn, executionArn, (line) => process.stdout.write(`${line}\n`));
    if (status !== 'SUCCEEDED') process.exitCode = 1;
  } finally {
    sfn.destroy();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}\n`);
    process.exitCode = 1;
  });
}
