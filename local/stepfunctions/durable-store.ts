/**
 * Durable mode for Step Functions (`<state dir>/stepfunctions/`): the history is the source of truth.
 * - `state-machines.json`: every state machine, rewritten whole (write, fsync, rename) on each change;
 * - `executions/<sha1 of the ARN>.jsonl`: one Standard execution, append-only: a header line (ARN, the definition it
 *   runs, how it was started), then one line per history event, plus a line whenever a task token opens, closes or
 *   gets a heartbeat.
 *   Lines are appended in batches: one write per turn of the event loop, then an fdatasync off the event loop (in
 *   libuv's thread pool; one at a time per file, the next covering whatever was written meanwhile). The write alone
 *   survives a kill -9, since the operating system keeps what a process wrote; the sync is for a power cut. Syncing
 *   on the event loop cost about 10 ms of a blocked runtime per order (7 syncs of 1.5 ms) and most of durable mode's
 *   overhead in `npm run bench -- --only durable`.
 *
 * - `express.jsonl`: Express executions as they start and end (ARNs only; their histories are not kept, as on AWS),
 *   so that those a stop cut short are reported as lost at the next start.
 *
 * At start every log is read back. A crash can tear only the last line (an append in progress): it is detected
 * (no newline at the end, or a line that does not parse), dropped with a warning, and the file is rewritten without
 * it, so the execution resumes from the last whole event. A log damaged anywhere else, or whose events do not count
 * up from 1, is refused with a warning naming the file, and nothing of it is loaded.
 */
import { createHash } from 'node:crypto';
import { closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { RecordedEvent } from '../engine/history';
import { writeFileAtomically } from '../platform/state-dir';

/** A state machine as persisted (what DescribeStateMachine needs; the definition is parsed again at load). */
export interface StoredMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definitionText: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly loggingConfiguration: unknown;
  readonly tracingConfiguration: unknown;
  readonly revisionId?: string;
}

/** The first line of an execution's log. */
export interface ExecutionHeader {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  /** The state machine's name, for LOCAL_TASK_TIMEOUTS. */
  readonly machineName: string;
  readonly definitionText: string;
  readonly roleArn: string;
  readonly revisionId?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

export interface StoredExecution {
  readonly header: ExecutionHeader;
  readonly events: RecordedEvent[];
  /** Task tokens open when the runtime stopped, in the order they opened. */
  readonly openTokens: string[];
  /** The last heartbeat (epoch ms on the runtime clock) of open tokens that had one. */
  readonly lastHeartbeats: Readonly<Record<string, number>>;
}

type Line =
  | { readonly header: ExecutionHeader }
  | { readonly event: RecordedEvent }
  | { readonly token: string; readonly open: boolean }
  | { readonly token: string; readonly heartbeatAt: number };

/** The key under which Express starts and ends are queued (never an ARN). */
const EXPRESS = 'express';

const CLOSING = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

export class DurableStepFunctionsStore {
  private readonly executionsDir: string;
  private readonly machinesFile: string;
  private readonly pending = new Map<string, string[]>();
  private readonly fds = new Map<string, number>();
  /** Files with an fdatasync in flight: whether another is due when it ends, and whether to close the file then. */
  private readonly syncing = new Map<number, { again: boolean; closeAfter: boolean }>();
  private flushScheduled = false;
  private closed = false;
  private readonly expressFile: string;

  constructor(readonly dir: string, private readonly log: (line: string) => void) {
    this.executionsDir = path.join(dir, 'executions');
    this.machinesFile = path.join(dir, 'state-machines.json');
    this.expressFile = path.join(dir, 'express.jsonl');
    mkdirSync(this.executionsDir, { recursive: true });
  }

  loadMachines(): StoredMachine[] {
    let text: string;
    try {
      text = readFileSync(this.machinesFile, 'utf8');
    } catch {
      return [];
    }
    try {
      const machines = JSON.parse(text) as unknown;
      if (!Array.isArray(machines)) throw new Error('not a list');
      return machines as StoredMachine[];
    } catch (error) {
      // Written whole and renamed, so only an outside edit gets here.
      this.log(`Step Functions durable state: ${this.machinesFile} cannot be read (${(error as Error).message}); no state machine is loaded from it.`);
      return [];
    }
  }

  saveMachines(machines: readonly StoredMachine[]): void {
    writeFileAtomically(this.machinesFile, `${JSON.stringify(machines)}\n`);
  }

  /** Every execution log that reads back whole (a torn last line dropped); damaged ones are reported and skipped. */
  loadExecutions(): StoredExecution[] {
    const loaded: StoredExecution[] = [];
    for (const file of readdirSync(this.executionsDir).filter((name) => name.endsWith('.jsonl')).sort()) {
      const stored = this.readLog(path.join(this.executionsDir, file));
      if (stored) loaded.push(stored);
    }
    return loaded;
  }

  private readLog(file: string): StoredExecution | undefined {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    // A whole log ends with a newline, so the last piece is empty; anything else is a line torn by a crash.
    let torn = lines.pop() !== '';
    const parsed: Line[] = [];
    for (const [index, line] of lines.entries()) {
      try {
        parsed.push(JSON.parse(line) as Line);
      } catch {
        if (index === lines.length - 1 && !torn) {
          torn = true; // A last line cut short by the crash, but ending in a newline byte it happened to hold.
          continue;
        }
        this.log(`Step Functions durable state: ${file} is damaged at line ${index + 1} (not the last line, so not a torn append); the execution in it is NOT loaded. Remove the file to start without it.`);
        return undefined;
      }
    }
    const first = parsed[0];
    if (!first || !('header' in first)) {
      this.log(`Step Functions durable state: ${file} has no execution header${torn ? ' (its only line was torn by a crash)' : ''}; it is NOT loaded.`);
      return undefined;
    }
    const events: RecordedEvent[] = [];
    const tokens = new Set<string>();
    const lastHeartbeats: Record<string, number> = {};
    for (const line of parsed.slice(1)) {
      if ('event' in line) events.push(line.event);
      else if ('heartbeatAt' in line) lastHeartbeats[line.token] = line.heartbeatAt;
      else if ('token' in line) {
        if (line.open) tokens.add(line.token);
        else {
          tokens.delete(line.token);
          delete lastHeartbeats[line.token];
        }
      }
    }
    if (events.length === 0 || events.some((event, index) => event.id !== index + 1) || events[0]?.type !== 'ExecutionStarted') {
      this.log(`Step Functions durable state: ${file} does not hold a history counting up from ExecutionStarted; the execution in it is NOT loaded.`);
      return undefined;
    }
    if (torn) {
      this.log(`Step Functions durable state: ${file} ended in a line torn by a crash; it was dropped, and ${first.header.executionArn} resumes from its last whole event (#${events.length}).`);
      writeFileAtomically(file, parsed.map((line) => `${JSON.stringify(line)}\n`).join(''));
    }
    return { header: first.header, events, openTokens: [...tokens], lastHeartbeats };
  }

  /**
   * Express executions the last runtime started and did not see end, reported in the log as lost; the record starts
   * afresh. Best effort: a line torn by a crash only changes the count.
   */
  reportLostExpress(): number {
    let text: string;
    try {
      text = readFileSync(this.expressFile, 'utf8');
    } catch {
      return 0;
    }
    const running = new Set<string>();
    for (const line of text.split('\n')) {
      try {
        const change = JSON.parse(line) as { started?: string; ended?: string };
        if (change.started) running.add(change.started);
        if (change.ended) running.delete(change.ended);
      } catch {
        // A torn last line (or the empty piece after the last newline).
      }
    }
    writeFileAtomically(this.expressFile, '');
    if (running.size > 0) {
      const shown = [...running].slice(0, 5).join(', ');
      this.log(`Step Functions durable state: ${running.size} Express executions were running when the runtime stopped and are lost (Express executions are not durable, as on AWS): ${shown}${running.size > 5 ? ', ...' : ''}.`);
    }
    return running.size;
  }

  expressStarted(executionArn: string): void {
    this.append(EXPRESS, { started: executionArn });
  }

  expressEnded(executionArn: string): void {
    this.append(EXPRESS, { ended: executionArn });
  }

  /** Starts an execution's log with its header. */
  begin(header: ExecutionHeader): void {
    this.append(header.executionArn, { header });
  }

  event(executionArn: string, event: RecordedEvent): void {
    this.append(executionArn, { event });
    if (CLOSING.has(event.type)) this.flush(executionArn, true);
  }

  token(executionArn: string, token: string, open: boolean): void {
    if (this.pending.has(executionArn) || this.fds.has(executionArn)) this.append(executionArn, { token, open });
  }

  /** A heartbeat on an open token, so that HeartbeatSeconds counts on from it after a restart. */
  heartbeat(executionArn: string, token: string, at: number): void {
    if (this.pending.has(executionArn) || this.fds.has(executionArn)) this.append(executionArn, { token, heartbeatAt: at });
  }

  /** Writes everything appended so far (synced in the background). */
  flushAll(): void {
    for (const arn of [...this.pending.keys()]) this.flush(arn, false);
  }

  /** Flushes, then closes every open log. */
  close(): void {
    this.flushAll();
    this.closed = true;
    // What is still open or syncing in the background is synced here, before the runtime reports itself closed.
    for (const fd of new Set([...this.fds.values(), ...this.syncing.keys()])) {
      fdatasyncSync(fd);
      closeSync(fd);
    }
    this.fds.clear();
    this.syncing.clear();
  }

  private fileOf(executionArn: string): string {
    if (executionArn === EXPRESS) return this.expressFile;
    return path.join(this.executionsDir, `${createHash('sha1').update(executionArn).digest('hex')}.jsonl`);
  }

  private append(executionArn: string, line: Line | { started: string } | { ended: string }): void {
    if (this.closed) return;
    const queue = this.pending.get(executionArn) ?? [];
    queue.push(`${JSON.stringify(line)}\n`);
    this.pending.set(executionArn, queue);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushAll();
      });
    }
  }

  private flush(executionArn: string, closeAfter: boolean): void {
    const queue = this.pending.get(executionArn);
    this.pending.delete(executionArn);
    let fd = this.fds.get(executionArn);
    if (queue && queue.length > 0) {
      if (fd === undefined) {
        fd = openSync(this.fileOf(executionArn), 'a');
        this.fds.set(executionArn, fd);
      }
      writeSync(fd, queue.join(''));
    }
    if (fd === undefined || (!queue?.length && !closeAfter)) return;
    if (closeAfter) this.fds.delete(executionArn);
    this.syncInBackground(fd, closeAfter);
  }

  /** fdatasync off the event loop, one at a time per file; the file is closed after the last one if asked. */
  private syncInBackground(fd: number, closeAfter: boolean): void {
    const inFlight = this.syncing.get(fd);
    if (inFlight) {
      inFlight.again = true;
      inFlight.closeAfter ||= closeAfter;
      return;
    }
    this.syncing.set(fd, { again: false, closeAfter });
    const sync = () => fdatasync(fd, () => {
      const state = this.syncing.get(fd);
      // Gone: close() synced and closed the file meanwhile.
      if (!state) return;
      if (state.again) {
        state.again = false;
        sync();
        return;
      }
      this.syncing.delete(fd);
      if (state.closeAfter) closeSync(fd);
    });
    sync();
  }
}
