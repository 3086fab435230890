/**
 * One execution environment: a worker thread that loads a function's handler once and serves one invocation at a time.
 *
 * Why worker threads and not child processes: a worker gets its own `process.env` (the `env` option), its own module
 * registry and globals, a V8 heap capped by `resourceLimits` (the function's memory size), and `process.exit` ends
 * only that thread; that is the isolation Lambda gives between functions and between concurrent environments. It starts
 * in tens of milliseconds instead of hundreds, which keeps cold starts and the test suites fast on a small machine.
 * What a thread cannot isolate (the working directory, the process-wide timezone, native signal handlers) no handler
 * in this project relies on.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { exitError, outOfMemoryError, timeoutError } from './platform-errors';
import type { FunctionConfig, LambdaErrorPayload } from './types';

const WORKER_SCRIPT = path.join(__dirname, 'worker.cjs');
/** Lambda gives the init phase of an on-demand function up to 10 s before the invocation's own timeout starts. */
const INIT_LIMIT_MS = 10_000;

export interface SandboxOptions {
  readonly config: FunctionConfig;
  readonly env: Record<string, string>;
  readonly functionVersion: string;
  readonly logGroupName: string;
  /** Receives every line the function prints, already prefixed with the function name. */
  readonly log: (line: string) => void;
}

export interface SandboxInvocation {
  readonly requestId: string;
  /** The event as JSON text. */
  readonly event: string;
  readonly invokedFunctionArn: string;
  readonly traceId: string;
  /** The runtime's clock when it is not the wall clock: the handler's `Date` follows it (worker.cjs). */
  readonly clock?: { readonly now: number; readonly rate: number };
}

export interface SandboxOutcome {
  /** The JSON text of the result or of the error object. */
  readonly payload: string;
  readonly error?: LambdaErrorPayload;
  /** The invocation's log lines (for `LogType: Tail`). */
  readonly logs: string[];
}

interface Pending {
  readonly id: number;
  readonly invocation: SandboxInvocation;
  readonly logs: string[];
  readonly resolve: (outcome: SandboxOutcome) => void;
  timer?: NodeJS.Timeout;
}

type WorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; payload: string }
  | { type: 'error'; id: number; error: LambdaErrorPayload; fatal?: boolean };

let nextInvocationId = 1;

/** Each environment writes its own stream, named as Lambda names them: `2024/01/31/[$LATEST]<32 hex>`. */
function logStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/** A warm or cold Lambda execution environment. After a timeout, crash or init failure it is `dead` and never reused. */
export class Sandbox {
  private readonly worker: Worker;
  private pending?: Pending;
  private exited = false;
  dead = false;
  lastUsed = Date.now();

  constructor(private readonly options: SandboxOptions) {
    const { config } = options;
    this.worker = new Worker(WORKER_SCRIPT, {
      env: options.env,
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(32, config.memorySize) },
      workerData: {
        taskRoot: config.codeDir,
        handlerSpec: config.handler,
        functionName: config.name,
        functionVersion: options.functionVersion,
        memoryLimitInMB: config.memorySize,
        logGroupName: options.logGroupName,
        logStreamName: logStreamName(options.functionVersion),
        timeoutMs: config.timeoutSeconds * 1000,
      },
    });
    this.pipe(this.worker.stdout);
    this.pipe(this.worker.stderr);
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => this.onCrash(error));
    this.worker.on('exit', (code) => this.onExit(code));
    this.worker.unref();
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Runs one invocation; never rejects: every failure is an outcome with an error payload, as Lambda reports it. */
  invoke(invocation: SandboxInvocation): Promise<SandboxOutcome> {
    if (this.pending || this.dead) throw new Error('Sandbox is not available');
    this.worker.ref();
    return new Promise((resolve) => {
      const pending: Pending = { id: nextInvocationId++, invocation, logs: [], resolve };
      this.pending = pending;
      pending.timer = setTimeout(() => this.onTimeout(), INIT_LIMIT_MS + this.timeoutMs);
      this.worker.postMessage({ type: 'invoke', id: pending.id, ...invocation });
    });
  }

  /** Ends the environment (idle reaping, shutdown). A pending invocation fails as a runtime exit. */
  async terminate(): Promise<void> {
    this.dead = true;
    if (!this.exited) await this.worker.terminate();
  }

  private get timeoutMs(): number {
    return this.options.config.timeoutSeconds * 1000;
  }

  private pipe(stream: Readable | null): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => this.writeLog(line));
  }

  private writeLog(line: string): void {
    this.options.log(`[${this.options.config.name}] ${line}`);
    this.pending?.logs.push(line);
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'log') {
      this.writeLog(message.line);
      return;
    }
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return;
    if (message.type === 'started') {
      clearTimeout(pending.timer);
      pending.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
      return;
    }
    if (message.type === 'result') {
      this.finish({ payload: message.payload, logs: pending.logs });
      return;
    }
    if (message.fatal) this.kill();
    this.finish({ payload: JSON.stringify(message.error), error: message.error, logs: pending.logs });
  }

  private onTimeout(): void {
    const pending = this.pending;
    if (!pending) return;
    const error = timeoutError(pending.invocation.requestId, this.options.config.timeoutSeconds);
    this.writeLog(`${new Date().toISOString()} ${pending.invocation.requestId} ${error.errorMessage.split(' Error: ')[1]}`);
    this.kill();
    this.finish({ payload: JSON.stringify(error), error, logs: pending.logs });
  }

  private onCrash(error: Error & { code?: string }): void {
    this.dead = true;
    const pending = this.pending;
    if (!pending) return;
    const payload =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? outOfMemoryError(pending.invocation.requestId)
        : exitError(pending.invocation.requestId, 1);
    this.writeLog(`${error.name}: ${error.message}`);
    this.finish({ payload: JSON.stringify(payload), error: payload, logs: pending.logs });
  }

  private onExit(code: number): void {
    this.exited = true;
    this.dead = true;
    const pending = this.pending;
    if (!pending) return;
    const payload = exitError(pending.invocation.requestId, code);
    this.finish({ payload: JSON.stringify(payload), error: payload, logs: pending.logs });
  }

  private kill(): void {
    this.dead = true;
    if (!this.exited) void this.worker.terminate();
  }

  private finish(outcome: SandboxOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.lastUsed = Date.now();
    if (!this.dead) this.worker.unref();
    pending.resolve(outcome);
  }
}
