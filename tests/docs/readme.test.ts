/**
 * README proven: runs the commands of README's "Run it locally" and manager-approval "Try it locally" blocks as written
 * (read from README by their `<!-- doc-test: ... -->` markers, never copied here) against a runtime on a free port,
 * and checks what README says they show: the order CONFIRMED, the confirmation mail in the inbox, the manager's mail
 * and its link to the approval page. When README and behaviour part ways, this fails.
 *
 * How the commands are run:
 * - `npm start` is the one command not run: this test starts the same runtime itself (startRuntime, as cli.ts does) on
 *   a free port, writing the outputs file README's commands read (`.local/stack-outputs.json`; a file already there,
 *   from a user's `npm start`, is put back afterwards).
 * - Every other command runs in bash in the project directory, with the variables earlier commands assigned (as in
 *   one terminal), and must exit 0.
 * - `open <url>` is translated: a shell function records the URL, which the test fetches.
 * - A command whose comment says `then <STATUS>` (`curl -s "$API/orders/order-1"   # PENDING, then CONFIRMED`) is run
 *   again until its answer has that status, as a reader would; an answer with a status the comment does not name fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRuntime, type Runtime } from '../../local/runtime';
import { eventually } from '../support/order-stack';
import { commandsOf, markedBlock, type ReadmeCommand } from '../support/readme-commands';

const projectDir = path.resolve(__dirname, '../..');
const outputsFile = path.join(projectDir, '.local', 'stack-outputs.json');
/** Packaging (osls + esbuild) and starting the runtime on a shared machine. */
const START_TIMEOUT_MS = 180_000;
/** One README command (seeding starts tsx; curl is quick). */
const COMMAND_TIMEOUT_MS = 60_000;
jest.setTimeout(120_000);

const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8');
const isNpmStart = (command: string) => /^npm start(\s|$)/.test(command);
/** `NAME=value` or `export NAME=value`: state a reader's terminal keeps for the next commands. */
const isAssignment = (command: string) => /^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(command);

interface CommandRun {
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A reader's terminal: commands run one after another, keeping the variables they assign. */
class Terminal {
  private readonly assignments: string[] = [];
  readonly openedFile: string;

  constructor(private readonly workDir: string) {
    this.openedFile = path.join(workDir, 'opened.txt');
    writeFileSync(this.openedFile, '');
  }

  /** Asynchronous on purpose: the runtime serves the command from this very process. */
  async run(command: string): Promise<CommandRun> {
    const script = [
      'set -eo pipefail',
      // `open` (macOS) / a browser: record the URL for the test to fetch.
      'open() { printf "%s\\n" "$1" >> "$DOC_TEST_OPENED"; }',
      ...this.assignments,
      command,
    ].join('\n');
    const child = spawn('bash', ['-c', script], {
      cwd: projectDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm run puts node_modules/.bin first on PATH; a reader's `node -p` and `npm run seed` get the project's Node.
      env: { ...process.env, DOC_TEST_OPENED: this.openedFile, PATH: `${path.join(projectDir, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(doc test: no answer within ${COMMAND_TIMEOUT_MS / 1000} s, killed)`;
      child.kill('SIGKILL');
    }, COMMAND_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', (error) => {
        stderr += error.message;
        resolve(null);
      });
      child.on('close', resolve);
    });
    clearTimeout(timer);
    if (code === 0 && isAssignment(command)) this.assignments.push(command);
    return { command, code, stdout, stderr };
  }

  opened(): string[] {
    return readFileSync(this.openedFile, 'utf8').split('\n').filter(Boolean);
  }
}

/** Runs `command`, failing with its output when it does not exit 0. */
async function runOk(terminal: Terminal, command: string): Promise<CommandRun> {
  const run = await terminal.run(command);
  if (run.code !== 0) throw new Error(`README command failed (exit ${run.code}): ${command}\n${run.stderr}${run.stdout}`);
  return run;
}

const parseJson = (run: CommandRun): Record<string, unknown> => {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`README command did not answer JSON: ${run.command}\n${run.stdout}`);
  }
};

/** Runs a block's commands in order; returns each run, with `then <STATUS>` commands repeated until they reach it. */
async function runBlock(terminal: Terminal, commands: readonly ReadmeCommand[]): Promise<CommandRun[]> {
  const runs: CommandRun[] = [];
  for (const { command, comment } of commands) {
    if (isNpmStart(command)) continue; // the runtime this test started stands for it
    const finalStatus = /\bthen ([A-Z_]+)\b/.exec(comment)?.[1];
    if (!finalStatus) {
      runs.push(await runOk(terminal, command));
      continue;
    }
    // The statuses the comment names ("PENDING, then CONFIRMED"): any other answer fails at once, showing it.
    const named: string[] = comment.match(/\b[A-Z][A-Z_]{2,}\b/g) ?? [];
    runs.push(await eventually(`\`${command}\` to answer ${finalStatus}`, async () => {
      const run = await runOk(terminal, command);
      const { status } = parseJson(run);
      if (!named.includes(String(status))) throw new Error(`README says \`${command}\` answers ${named.join(', then ')}; it answered ${run.stdout}`);
      return status === finalStatus ? run : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 }));
  }
  return runs;
}

/** The block's `curl -X POST` run: the order it places. */
function postIn(runs: readonly CommandRun[]): CommandRun {
  const post = runs.find((run) => /^curl\b.*-X POST/.test(run.command));
  if (!post) throw new Error('The README block has no `curl -s -X POST "$API/orders"` any more: update this test with it');
  return post;
}

describe('README, run as written', () => {
  let runtime: Runtime;
  let workDir: string;
  let terminal: Terminal;
  let savedOutputs: string | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'readme-doc-test-'));
    terminal = new Terminal(workDir);
    savedOutputs = existsSync(outputsFile) ? readFileSync(outputsFile, 'utf8') : undefined;
    mkdirSync(path.dirname(outputsFile), { recursive: true });
    runtime = await startRuntime({ port: 0, outputsFile, log: (line) => logs.push(line) });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await runtime?.close();
    if (savedOutputs !== undefined) writeFileSync(outputsFile, savedOutputs);
    else rmSync(outputsFile, { force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('"Run it locally": seeds, places order-1, which ends CONFIRMED, and its confirmation mail is in the inbox opened', async () => {
    // Prepare
    const commands = commandsOf(markedBlock(readme, 'run-locally'));
    expect(isNpmStart(commands[0]?.command ?? '')).toBe(true);

    // Act
    const runs = await runBlock(terminal, commands);
    const opened = terminal.opened();
    const pages = await Promise.all(opened.map(async (url) => {
      const response = await fetch(url);
      return { url, status: response.status, html: await response.text() };
    }));

    // Assess: POST /orders answers {"orderId", "executionArn", "statusUrl"} (README, just below the block).
    const placed = parseJson(postIn(runs));
    expect(placed).toEqual({ orderId: 'order-1', executionArn: expect.stringContaining(':execution:'), statusUrl: expect.stringMatching(/\/orders\/order-1$/) });
    expect(runs.map((run) => run.command)).toContain('npm run seed');
    expect(opened).toEqual([`${runtime.url}/_runtime/inbox`]);
    expect(pages[0]?.status).toBe(200);
    expect(pages[0]?.html).toContain('ada@example.org');
  });

  it('"Try it locally" (manager approval): order-2 waits for a manager, whose mail in the inbox links to its approval page', async () => {
    // Prepare
    const commands = commandsOf(markedBlock(readme, 'try-approval'));

    // Act: the block, then what README's prose says to do: open the inbox, the manager's mail, its link.
    const runs = await runBlock(terminal, commands);
    const placed = parseJson(postIn(runs));
    const mail = await eventually('the manager\'s mail', async () => {
      const { messages } = (await (await fetch(`${runtime.outputs.EdgeEndpoint}/_aws/ses`)).json()) as { messages: { Subject?: string; Body?: { text_part?: string | null } }[] };
      return messages.find((message) => /approval/i.test(message.Subject ?? '') && (message.Subject ?? '').includes('order-2'));
    });
    const inbox = await (await fetch(`${runtime.outputs.EdgeEndpoint}/_runtime/inbox`)).text();
    const link = /https?:\/\/\S+\/approvals\/\S+/.exec(mail.Body?.text_part ?? '')?.[0] ?? '';
    const page = await fetch(link);
    const pageHtml = await page.text();
    const order = await fetch(`${runtime.outputs.ApiUrl}/orders/order-2`);

    // Assess
    expect(placed).toEqual(expect.objectContaining({ orderId: 'order-2' }));
    expect(inbox).toContain(mail.Subject);
    expect(link.startsWith(`${runtime.outputs.ApiUrl}/approvals/`)).toBe(true);
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('order-2');
    expect(pageHtml).toMatch(/<button[^>]*>\s*Approve/);
    expect(((await order.json()) as { status?: string }).status).toBe('AWAITING_APPROVAL');
  });
});
