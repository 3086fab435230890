import { randomUUID } from 'node:crypto';
import { isoTime, type ExecutionContext } from './context';
import { StatesError } from './errors';
import { Frame, type ExecutionRuntime } from './frame';
import { History, type RecordedEvent } from './history';
import { appendInSequence, EXECUTION_START_LINK } from './history-links';
import { systemClock } from '../platform/clock';
import { planRedrive, planResume, type FrameResume } from './redrive/redrive-plan';
import type { MapItemContext } from './context';
import type { Clock, MapRunHost, ObjectStorage, TaskIntegrations } from './ports';
import { TaskTokens } from './task-tokens';
import type { StateMachineDefinition, StateMachineType } from './types';
import { FrameVariables } from './variables';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionOutcome {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export interface ExecutionOptions {
  input?: unknown;
  type?: StateMachineType;
  name?: string;
  stateMachineArn?: string;
  executionArn?: string;
  roleArn?: string;
  region?: string;
  integrations?: TaskIntegrations;
  clock?: Clock;
  tokens?: TaskTokens;
  /**
   * Task TimeoutSeconds to use instead of the definition's, by state name: lets a test run a 24 h callback timeout
   * in seconds without editing the ASL.
   */
  taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /** Keep history events (default: Standard yes, Express no, as only Standard has a history API). */
  keepHistory?: boolean;
  /** The version and alias the execution was started through, which ExecutionStarted records (ExecutionStartedEventDetails). */
  startedThrough?: { readonly stateMachineVersionArn?: string; readonly stateMachineAliasArn?: string };
  /** Durable mode: told of every history event as it is recorded, ExecutionStarted included. */
  onEvent?: (event: RecordedEvent) => void;
  /**
   * Durable mode: the history of an execution that a stopped runtime left behind. The execution is rebuilt from it
   * (the history is the source of truth): closed, it only answers Describe and GetExecutionHistory; still running, it
   * runs on from where each frame stopped (the redrive plan), its Wait with the time left. Its `input`, `startDate`
   * and redrives come from the events; the options' input is ignored.
   */
  restore?: readonly RecordedEvent[];
  /** Where Distributed Map runs and their children are registered (the Step Functions service). */
  mapRuns?: MapRunHost;
  /** S3 for Distributed Map item readers and result writers. */
  objectStorage?: ObjectStorage;
  /** A Distributed Map child's `$$.Map.Item`. */
  mapItem?: MapItemContext;
}

const CLOSING_STATUS: Record<string, Exclude<ExecutionStatus, 'RUNNING'>> = {
  ExecutionSucceeded: 'SUCCEEDED', ExecutionFailed: 'FAILED', ExecutionAborted: 'ABORTED', ExecutionTimedOut: 'TIMED_OUT',
};

const noIntegrations: TaskIntegrations = {
  invoke: async ({ resource }) => {
    throw new StatesError('States.Runtime', `No integration is configured for resource '${resource.arn}'`);
  },
};

/** Cancels the execution's timeout timer once it has ended (a reason avoids building a DOMException). */
const EXECUTION_OVER = new Error('Execution over');

/** Stops an execution from outside (StopExecution): the error and cause it is recorded with. */
class ExecutionStopped extends Error {
  constructor(readonly error?: string, readonly stopCause?: string) {
    super('Execution stopped');
  }
}

/**
 * One execution of a state machine: a root frame plus the history that records it. Its status is read from
 * how the root frame ended; `done` settles once, with the outcome, and never rejects.
 */
export class Execution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly type: StateMachineType;
  readonly startDate: number;
  readonly history: History;
  readonly input: unknown;
  status: ExecutionStatus = 'RUNNING';
  stopDate?: number;
  outcome?: ExecutionOutcome;
  /** Redrives that started (ExecutionRedrivenEventDetails.redriveCount) and when the last one did. */
  redriveCount = 0;
  redriveDate?: number;
  /** Settles with the outcome of the current run: the first, or the last redrive's. */
  done: Promise<ExecutionOutcome>;
  private controller = new AbortController();
  private readonly runtime: ExecutionRuntime;
  private readonly clock: Clock;
  private readonly mapItem?: MapItemContext;

  constructor(readonly definition: StateMachineDefinition, options: ExecutionOptions = {}) {
    const region = options.region ?? 'us-east-1';
    const clock = options.clock ?? systemClock;
    this.type = options.type ?? 'STANDARD';
    this.name = options.name ?? randomUUID();
    this.stateMachineArn = options.stateMachineArn ?? `arn:aws:states:${region}:000000000000:stateMachine:local`;
    this.executionArn = options.executionArn
      ?? `${this.stateMachineArn.replace(':stateMachine:', this.type === 'EXPRESS' ? ':express:' : ':execution:')}:${this.name}`;
    const restore = options.restore;
    const started = restore?.[0];
    if (restore && started?.type !== 'ExecutionStarted') throw new Error(`A restored history must begin with ExecutionStarted (${this.executionArn})`);
    this.input = started ? started.details?.input : (options.input ?? {});
    this.startDate = started ? started.timestamp : clock.now();
    this.history = new History(clock.now, options.keepHistory ?? this.type === 'STANDARD');
    const context: ExecutionContext = {
      Execution: {
        Id: this.executionArn,
        Input: this.input,
        Name: this.name,
        RoleArn: (started?.details?.roleArn as string | undefined) ?? options.roleArn ?? 'arn:aws:iam::000000000000:role/local',
        StartTime: isoTime(this.startDate),
        RedriveCount: 0,
      },
      StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').pop() ?? '' },
    };
    this.runtime = {
      executionArn: this.executionArn,
      region,
      history: this.history,
      clock,
      integrations: options.integrations ?? noIntegrations,
      tokens: options.tokens ?? new TaskTokens(),
      taskTimeoutOverrides: options.taskTimeoutOverrides,
      context,
      mapRuns: options.mapRuns,
      objectStorage: options.objectStorage,
      mapRunRecords: new Map(),
    };
    this.mapItem = options.mapItem;
    this.clock = clock;
    if (restore) {
      this.history.load(restore);
      this.history.onAdd = options.onEvent;
      this.done = this.resume(restore);
      return;
    }
    this.history.onAdd = options.onEvent;
    this.history.add('ExecutionStarted', EXECUTION_START_LINK, { input: this.input, roleArn: context.Execution.RoleArn, ...options.startedThrough });
    this.done = this.run(this.rootFrame(EXECUTION_START_LINK), clock);
  }

  /** A restored execution: closed as its last event says, or run on from where its history stopped. */
  private resume(events: readonly RecordedEvent[]): Promise<ExecutionOutcome> {
    const redriven = events.filter((event) => event.type === 'ExecutionRedriven');
    const lastRedrive = redriven.at(-1);
    this.redriveCount = redriven.length;
    if (lastRedrive) {
      this.redriveDate = lastRedrive.timestamp;
      this.runtime.context.Execution.RedriveCount = this.redriveCount;
      this.runtime.context.Execution.RedriveTime = isoTime(lastRedrive.timestamp);
    }
    const last = events.at(-1);
    const closed = last ? CLOSING_STATUS[last.type] : undefined;
    if (last && closed) {
      const details = last.details ?? {};
      const outcome: ExecutionOutcome = closed === 'SUCCEEDED'
        ? { status: closed, output: details.output }
        : { status: closed, error: details.error as string | undefined, cause: details.cause as string | undefined };
      this.outcome = outcome;
      this.status = closed;
      this.stopDate = last.timestamp;
      return Promise.resolve(outcome);
    }
    // Every state that had not exited, at any depth, resumes from when it was entered (a Wait waits only what was
    // left; a Task's timeouts count on from its attempt in flight).
    const resume = planResume(events, this.definition);
    // The resumed root frame links to the run's start (ExecutionStarted or the last ExecutionRedriven), a root-frame event.
    const link = (lastRedrive ?? events[0])?.id ?? EXECUTION_START_LINK;
    return this.run(this.rootFrame(link), this.clock, resume, this.clock.now() - (this.redriveDate ?? this.startDate));
  }

  private rootFrame(lastEventId: number): Frame {
    return new Frame(this.runtime, this.definition, this.definition.QueryLanguage ?? 'JSONPath', new FrameVariables(), this.controller.signal, lastEventId, this.mapItem);
  }

  /**
   * RedriveExecution, once the caller has checked that the execution may be redriven: appends ExecutionRedriven
   * and runs again from where the history shows each frame stopped (redrive/redrive-plan.ts), with fresh Retry
   * counters, task timeouts and execution timeout. Same ARN, definition and history; event ids continue.
   * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
   */
  redrive(): void {
    if (this.status === 'RUNNING' || this.status === 'SUCCEEDED') throw new Error(`Execution is ${this.status} and cannot be redriven.`);
    const plan = planRedrive(this.history.events, this.definition);
    this.redriveCount += 1;
    this.redriveDate = this.clock.now();
    // $$.Execution.RedriveCount and RedriveTime (the latter only once redriven), as the context object documents.
    this.runtime.context.Execution.RedriveCount = this.redriveCount;
    this.runtime.context.Execution.RedriveTime = isoTime(this.redriveDate);
    const redriven = this.history.add('ExecutionRedriven', this.history.size, { redriveCount: this.redriveCount });
    this.status = 'RUNNING';
    this.outcome = undefined;
    this.stopDate = undefined;
    this.controller = new AbortController();
    this.done = this.run(this.rootFrame(redriven), this.clock, plan);
  }

  /** StopExecution: aborts every frame; the execution ends ABORTED. */
  stop(error?: string, cause?: string): void {
    if (this.status === 'RUNNING') this.controller.abort(new ExecutionStopped(error, cause));
  }

  /** `elapsed`: how long the run had already lasted (a restored execution's), taken off its TimeoutSeconds. */
  private async run(root: Frame, clock: Clock, resume?: FrameResume, elapsed = 0): Promise<ExecutionOutcome> {
    const timeoutSeconds = this.definition.TimeoutSeconds;
    const timer = timeoutSeconds === undefined ? undefined : new AbortController();
    if (timer) {
      clock.sleep((timeoutSeconds ?? 0) * 1000 - elapsed, timer.signal).then(
        () => this.controller.abort(new StatesError('States.Timeout', `The execution timed out after ${timeoutSeconds} seconds.`)),
        () => undefined,
      );
    }
    let outcome: ExecutionOutcome;
    try {
      const output = await root.run(this.input, resume);
      outcome = { status: 'SUCCEEDED', output };
      this.record('ExecutionSucceeded', root, { output });
    } catch (thrown) {
      outcome = this.failure(thrown, root);
    } finally {
      timer?.abort(EXECUTION_OVER);
    }
    this.stopDate = clock.now();
    this.outcome = outcome;
    this.status = outcome.status;
    return outcome;
  }

  private failure(thrown: unknown, root: Frame): ExecutionOutcome {
    const reason = this.controller.signal.aborted ? this.controller.signal.reason : thrown;
    if (reason instanceof ExecutionStopped) {
      this.record('ExecutionAborted', root, { error: reason.error, cause: reason.stopCause });
      return { status: 'ABORTED', error: reason.error, cause: reason.stopCause };
    }
    if (reason instanceof StatesError && reason.error === 'States.Timeout' && this.controller.signal.aborted) {
      this.record('ExecutionTimedOut', root, { error: reason.error, cause: reason.cause });
      return { status: 'TIMED_OUT', error: reason.error, cause: reason.cause };
    }
    const error = reason instanceof StatesError ? reason : new StatesError('States.Runtime', reason instanceof Error ? reason.message : String(reason));
    const name = error.error === '' ? undefined : error.error;
    this.record('ExecutionFailed', root, { error: name, cause: error.cause });
    return { status: 'FAILED', error: name, cause: error.cause };
  }

  private record(type: string, root: Frame, details: Record<string, unknown>): void {
    try {
      appendInSequence(this.history, root, type, details);
    } catch {
      // The history is full: the outcome is still reported through the execution's status.
    }
  }
}

/** Starts an execution; it runs in the background and `execution.done` resolves with its outcome. */
export function startExecution(definition: StateMachineDefinition, options?: ExecutionOptions): Execution {
  return new Execution(definition, options);
}
