import { randomUUID } from 'node:crypto';
import { isoTime, type ExecutionContext } from './context';
import { StatesError } from './errors';
import { Frame, type ExecutionRuntime } from './frame';
import { History } from './history';
import { appendInSequence, EXECUTION_START_LINK } from './history-links';
import { systemClock } from '../platform/clock';
import type { Clock, TaskIntegrations } from './ports';
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
}

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
  readonly done: Promise<ExecutionOutcome>;
  private readonly controller = new AbortController();

  constructor(readonly definition: StateMachineDefinition, options: ExecutionOptions = {}) {
    const region = options.region ?? 'us-east-1';
    const clock = options.clock ?? systemClock;
    this.type = options.type ?? 'STANDARD';
    this.name = options.name ?? randomUUID();
    this.stateMachineArn = options.stateMachineArn ?? `arn:aws:states:${region}:000000000000:stateMachine:local`;
    this.executionArn = options.executionArn
      ?? `${this.stateMachineArn.replace(':stateMachine:', this.type === 'EXPRESS' ? ':express:' : ':execution:')}:${this.name}`;
    this.input = options.input ?? {};
    this.startDate = clock.now();
    this.history = new History(clock.now, options.keepHistory ?? this.type === 'STANDARD');
    const context: ExecutionContext = {
      Execution: {
        Id: this.executionArn,
        Input: this.input,
        Name: this.name,
        RoleArn: options.roleArn ?? 'arn:aws:iam::000000000000:role/local',
        StartTime: isoTime(this.startDate),
        RedriveCount: 0,
      },
      StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').pop() ?? '' },
    };
    const runtime: ExecutionRuntime = {
      executionArn: this.executionArn,
      region,
      history: this.history,
      clock,
      integrations: options.integrations ?? noIntegrations,
      tokens: options.tokens ?? new TaskTokens(),
      taskTimeoutOverrides: options.taskTimeoutOverrides,
      context,
    };
    this.history.add('ExecutionStarted', EXECUTION_START_LINK, { input: this.input, roleArn: context.Execution.RoleArn, ...options.startedThrough });
    const root = new Frame(runtime, definition, definition.QueryLanguage ?? 'JSONPath', new FrameVariables(), this.controller.signal, EXECUTION_START_LINK);
    this.done = this.run(root, clock);
  }

  /** StopExecution: aborts every frame; the execution ends ABORTED. */
  stop(error?: string, cause?: string): void {
    if (this.status === 'RUNNING') this.controller.abort(new ExecutionStopped(error, cause));
  }

  private async run(root: Frame, clock: Clock): Promise<ExecutionOutcome> {
    const timeoutSeconds = this.definition.TimeoutSeconds;
    const timer = timeoutSeconds === undefined ? undefined : new AbortController();
    if (timer) {
      clock.sleep((timeoutSeconds ?? 0) * 1000, timer.signal).then(
        () => this.controller.abort(new StatesError('States.Timeout', `The execution timed out after ${timeoutSeconds} seconds.`)),
        () => undefined,
      );
    }
    let outcome: ExecutionOutcome;
    try {
      const output = await root.run(this.input);
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
