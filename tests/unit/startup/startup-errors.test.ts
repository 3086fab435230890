/**
 * Start-up failures as a user meets them: each becomes one paragraph saying what to do, with no stack trace, from
 * startRuntime and from `npm start`'s command line alike. The port and packaging cases are provoked for real.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageService } from '../../../local/deploy/package-service';
import { startRuntime } from '../../../local/runtime';
import { describeFailure, explainStartupError, nodeVersionProblem, packagingErrorText, StartupError } from '../../../local/startup-errors';

const projectDir = path.resolve(__dirname, '../../..');
/** The Node 22 that `npm ci` installs and `npm start` runs on. */
const projectNode = path.join(projectDir, 'node_modules', '.bin', 'node');
/** osls resolving a config takes a few seconds; more on a busy shared machine. */
const OSLS_TIMEOUT_MS = 60_000;

/** Holds a port as LocalStack would; resolves with the server and its port. */
function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

/** A paragraph a user reads: no stack frames. */
const hasNoStack = (text: string) => !/^\s+at /m.test(text);

describe('port in use', () => {
  let held: { server: Server; port: number };
  beforeAll(async () => {
    held = await holdPort();
  });
  afterAll(() => new Promise((resolve) => held.server.close(resolve)));

  it('comes out of startRuntime as a StartupError naming the port, LocalStack and LOCAL_PORT', async () => {
    // Act
    const starting = startRuntime({ port: held.port, packageFirst: false, outputsFile: false, log: () => undefined });

    // Assess
    const error = await starting.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as StartupError).message;
    expect(message).toContain(`Cannot start the runtime: 127.0.0.1:${held.port} is already in use by another program.`);
    expect(message).toContain('LocalStack commonly holds 4566');
    expect(message).toContain('LOCAL_PORT=4566 npm start');
    expect(message).toContain('npm start -- --port 0');
    expect(describeFailure(error)).toBe(message);
  });

  it('is what `npm start` prints: one paragraph on stderr, no stack trace, exit code 1', async () => {
    // Act
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(projectNode, ['--import', 'tsx', 'local/cli.ts', 'start', '--port', String(held.port), '--no-package'], { cwd: projectDir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr }));
    });

    // Assess
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(new RegExp(`^Cannot start the runtime: 127\\.0\\.0\\.1:${held.port} is already in use by another program\\. .*LOCAL_PORT=4566 npm start.*$`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, OSLS_TIMEOUT_MS);

  it('suggests another port than 4566 when 4566 is the one taken', () => {
    // Act
    const explained = explainStartupError(Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4566'), { code: 'EADDRINUSE', port: 4566, address: '127.0.0.1' }), { port: 4566 });

    // Assess
    expect(explained?.message).toContain('127.0.0.1:4566 is already in use');
    expect(explained?.message).toContain('LOCAL_PORT=4567 npm start');
  });
});

describe('serverless package failed', () => {
  let serviceDir: string;
  beforeAll(() => {
    // Prepare: a service whose serverless.yml refers to a variable that does not exist, with the project's plugins.
    serviceDir = mkdtempSync(path.join(tmpdir(), 'startup-errors-'));
    symlinkSync(path.join(projectDir, 'node_modules'), path.join(serviceDir, 'node_modules'), 'dir');
    mkdirSync(path.join(serviceDir, 'functions'));
    writeFileSync(path.join(serviceDir, 'serverless.yml'), 'service: broken\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: functions/a.handler\n    environment:\n      TABLE: ${self:custom.tableName}\n');
  });
  afterAll(() => rmSync(serviceDir, { recursive: true, force: true }));

  it('shows osls\'s own error first, then the command that reproduces it', async () => {
    // Act
    const failure = await packageService({ serviceDir, stage: 'local', region: 'us-east-1' }).catch((error: unknown) => error);
    const explained = explainStartupError(failure, { port: 4566 });

    // Assess
    expect(explained).toBeInstanceOf(StartupError);
    const message = explained?.message ?? '';
    expect(message).toMatch(/^Cannot start the runtime: `serverless package` failed \(exit code 1\), so there is nothing to deploy\.\nError:\n/);
    const ownError = message.indexOf('Cannot resolve variable at "functions.a.environment.TABLE"');
    const reproduce = message.indexOf('Reproduce it with `npx serverless package --stage local --region us-east-1` in the project directory');
    expect(ownError).toBeGreaterThan(0);
    expect(reproduce).toBeGreaterThan(ownError);
    expect(message).not.toContain('Environment: ');
    expect(hasNoStack(message)).toBe(true);
  }, OSLS_TIMEOUT_MS);

  it.each([
    ['an Error: block and a footer', 'Packaging broken\n\nError:\nNo file matches include / exclude patterns\n\nEnvironment: linux, node 22\nDocs: x', 'Error:\nNo file matches include / exclude patterns'],
    ['a one-line Error:', 'TypeError at load\nError: Cannot find module \'serverless-esbuild\'\n', 'Error: Cannot find module \'serverless-esbuild\''],
    ['no Error: at all', 'Killed', 'Killed'],
    ['nothing', '', '(it printed nothing)'],
  ])('takes osls\'s error out of its output with %s', (_case, output, expected) => {
    // Act
    const text = packagingErrorText(output);

    // Assess
    expect(text).toBe(expected);
  });
});

describe('Node too old', () => {
  it.each([['20.20.2'], ['18.19.0']])('explains Node %s, naming Node 22, node_modules/.bin and npm ci', (version) => {
    // Act
    const problem = nodeVersionProblem(version);

    // Assess
    expect(problem).toBeInstanceOf(StartupError);
    expect(problem?.message).toMatch(new RegExp(`^This is Node ${version.replace(/\./g, '\\.')}; the project's scripts need Node 22 or newer\\.`));
    expect(problem?.message).toContain('`npm ci` installs Node 22 into node_modules/.bin');
  });

  it.each([['22.23.3'], ['24.0.0']])('has nothing to say about Node %s', (version) => {
    // Act
    const problem = nodeVersionProblem(version);

    // Assess
    expect(problem).toBeUndefined();
  });
});

describe('anything else', () => {
  it('is left alone, so a bug keeps its stack', () => {
    // Prepare
    const bug = new TypeError('Cannot read properties of undefined');

    // Act
    const explained = explainStartupError(bug, { port: 4566 });

    // Assess
    expect(explained).toBeUndefined();
    expect(describeFailure(bug)).toMatch(/^TypeError: Cannot read properties of undefined\n\s+at /);
  });
});
