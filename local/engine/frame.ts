import type { ExecutionContext, MapItemContext } from './context';
import { StatesError } from './errors';
import type { History } from './history';
import { appendInSequence, recordEvaluationFailure } from './history-links';
import type { Clock, MapRunHost, ObjectStorage, TaskIntegrations } from './ports';
import { exceedsPayloadLimit } from './size';
import { StateRun } from './state-run';
import { executeState, type StepOutcome } from './states';
import type { TaskTokens } from './task-tokens';
import type { StatesBlock } from './asl';
import type { FrameResume } from './redrive/redrive-plan';
import type { MapRun } from './distributed/map-run-record';
import type { QueryLanguage } from './types';
import { FrameVariables } from './variables';

/** What every frame of one execution shares: its history, clock, ports and identity. */
export interface ExecutionRuntime {
  readonly executionArn: string;
  readonly region: string;
  readonly history: History;
  readonly clock: Clock;
  readonly integrations: TaskIntegrations;
  readonly tokens: TaskTokens;
  readonly context: ExecutionContext;
  /** TimeoutSeconds overrides by Task state name (tests). */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /** Where Distributed Map runs and their children are registered (the Step Functions service); none for the bare engine. */
  readonly mapRuns?: MapRunHost;
  /** S3 for Distributed Map item readers and result writers. */
  readonly objectStorage?: ObjectStorage;
  /**
   * This execution's Map Runs by ARN, kept with the execution so that its redrive redrives them (in memory only: an
   * execution rebuilt from its history in durable mode has none, and its Distributed Maps run again whole).
   */
  readonly mapRunRecords?: Map<string, MapRun>;
}

export type { StatesBlock } from './asl';

/**
 * One interpreter for every frame: the execution, a Parallel branch, a Map iteration. A loop, not recursion:
 * each turn enters a state, runs it and records its exit. States that need no I/O complete synchronously,
 * so a chain of Pass or Choice states never waits on the event loop.
 */
export class Frame {
  constructor(
    readonly runtime: ExecutionRuntime,
    readonly block: StatesBlock,
    readonly language: QueryLanguage,
    readonly variables: FrameVariables,
    /** Aborted when the execution stops or a sibling branch/iteration fails. */
    readonly signal: AbortSignal,
    /** The event this frame's first event follows. */
    public lastEventId: number,
    readonly mapItem?: MapItemContext,
  ) {}

  /**
   * Runs the frame to its end; resolves with its output or rejects with the StatesError that failed it. With
   * `resume` (a redrive), it starts at the state that had not exited, with that state's input and the variables the
   * exited states had assigned, instead of at StartAt.
   */
  async run(input: unknown, resume?: FrameResume): Promise<unknown> {
    const { history, clock } = this.runtime;
    let name = resume?.stateName ?? this.block.StartAt;
    if (resume) {
      input = resume.input;
      this.variables.restore(resume.variables);
    }
    let bodyResume = resume?.body;
    let mapRunRedrive = resume?.mapRunArn;
    // Only the resumed state keeps its first entry's time; any later state is entered now.
    let resumedEntry = resume?.enteredAt;
    let resumedAttempt = resume?.attemptStartedAt;
    for (;;) {
      if (this.signal.aborted) throw this.signal.reason;
      const definition = this.block.States[name];
      // Validation refuses a StartAt or Next that names no state, so this only fires on an unvalidated definition.
      if (!definition) throw new Error(`Frame.run: no state named '${name}' in this block (was the definition validated?)`);
      const enteredId = appendInSequence(history, this, `${definition.Type}StateEntered`, { name, input });
      const run = new StateRun(name, definition, enteredId, resumedEntry ?? clock.now(), input, this.variables, this.runtime.context, this.mapItem, clock.now);
      // Only the resumed state's body is partial; any later state runs in full.
      run.bodyResume = bodyResume;
      bodyResume = undefined;
      run.mapRunRedrive = mapRunRedrive;
      mapRunRedrive = undefined;
      if (resumedAttempt !== undefined) run.resumedAttemptAt = resumedAttempt;
      resumedAttempt = undefined;
      resumedEntry = undefined;
      let outcome: StepOutcome | Promise<StepOutcome>;
      try {
        outcome = executeState(this, run);
        if (outcome instanceof Promise) outcome = await outcome;
      } catch (thrown) {
        if (this.signal.aborted) throw this.signal.reason;
        const error = run.toStatesError(thrown);
        recordEvaluationFailure(history, this, run, thrown, error);
        throw error;
      }
      if (exceedsPayloadLimit(outcome.output)) {
        throw new StatesError('States.DataLimitExceeded', `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
      }
      if (outcome.assigned) this.variables.assign(outcome.assigned, name);
      appendInSequence(history, this, `${definition.Type}StateExited`, exitDetails(name, outcome));
      if (outcome.next === undefined) return outcome.output;
      name = outcome.next;
      input = outcome.output;
    }
  }

  /**
   * A frame for a Parallel branch or Map iteration: it reads this frame's variables and assigns its own. With
   * `history`, it records there instead (a Distributed Map's child execution has a history of its own).
   */
  child(block: StatesBlock, language: QueryLanguage, signal: AbortSignal, lastEventId: number, mapItem?: MapItemContext, history?: History): Frame {
    const runtime = history ? { ...this.runtime, history } : this.runtime;
    return new Frame(runtime, block, languageOfBlock(block, language), new FrameVariables(this.variables), signal, lastEventId, mapItem);
  }
}

const languageOfBlock = (block: StatesBlock, inherited: QueryLanguage): QueryLanguage => block.QueryLanguage ?? inherited;

function exitDetails(name: string, outcome: StepOutcome): Record<string, unknown> {
  const details: Record<string, unknown> = { name, output: outcome.output };
  // AWS omits assignedVariables when Assign is empty (assign_base.test_base_cases.BASE_EMPTY).
  if (outcome.assigned && Object.keys(outcome.assigned).length > 0) {
    const assignedVariables: Record<string, string> = {};
    for (const key of Object.keys(outcome.assigned)) assignedVariables[key] = JSON.stringify(outcome.assigned[key]);
    details.assignedVariables = assignedVariables;
    details.assignedVariablesDetails = { truncated: false };
  }
  return details;
}
