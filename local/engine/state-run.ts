import type { ExecutionContext, MapItemContext } from './context';
import { isoTime } from './context';
import { StateEvaluationError, StatesError } from './errors';
import type { StateDefinition } from './asl';
import type { BodyResume } from './redrive/redrive-plan';
import type { JsonataScope, PathScope, VariableScope } from './types';

/** The state types that take a Retry field. https://states-language.net/spec.html#retrying-after-error */
const RETRYING_STATE_TYPES = new Set(['Task', 'Map', 'Parallel']);

/**
 * One state being executed: its name, the event id it was entered at, its retry count and task token.
 * It is the scope its fields are evaluated in (`$`, `$$`, variables; `$states` for JSONata), and it turns
 * evaluation failures into the errors AWS reports, naming the state and the event it was entered at.
 * `S` is the state's type in the ASL model; the interpreter narrows it once (states/index.ts) and each state's code
 * then reads its own fields, typed.
 */
export class StateRun<S extends StateDefinition = StateDefinition> implements PathScope {
  retryCount = 0;
  taskToken?: string;
  /**
   * Set on a Parallel or Map that a redrive resumes in place: the branches or iterations it keeps and re-runs.
   * Read once, by the first attempt (`takeBodyResume`); a Retry runs the whole body again.
   */
  bodyResume?: BodyResume;
  /** Set on a Distributed Map that a redrive resumes: the Map Run it redrives. Read once, like `bodyResume`. */
  mapRunRedrive?: string;
  /**
   * Durable mode: a Task resumed after a restart, when its attempt in flight was scheduled; its first attempt here
   * times out (TimeoutSeconds, HeartbeatSeconds) counting from then. Taken once (task.ts), so a retry starts afresh.
   */
  resumedAttemptAt?: number;
  private contextObject?: Record<string, unknown>;

  constructor(
    readonly name: string,
    readonly definition: S,
    readonly enteredEventId: number,
    /** When the state was entered, on the execution's clock (a resumed Wait counts from here). */
    readonly enteredTime: number,
    readonly rawInput: unknown,
    readonly variables: VariableScope,
    private readonly execution: ExecutionContext,
    private readonly mapItem?: MapItemContext,
    /** The execution's clock, read by JSONata's `$now()` and `$millis()`. */
    private readonly clockNow?: () => number,
    /** `$` for JSONPath fields: the raw input until InputPath/Parameters replace it. */
    public input: unknown = rawInput,
  ) {}

  /** `$$`: built only when a field reads it, since most states never do. */
  get context(): Record<string, unknown> {
    if (!this.contextObject) {
      const state: Record<string, unknown> = { EnteredTime: isoTime(this.enteredTime), Name: this.name };
      // Only states that can retry have a RetryCount: AWS gives a Pass state none
      // (sfn-history assign_base.test_base_cases.BASE_PATHS, whose Pass assigns `$$`).
      if (RETRYING_STATE_TYPES.has(this.definition.Type)) state.RetryCount = this.retryCount;
      const context: Record<string, unknown> = {
        Execution: this.execution.Execution,
        State: state,
        StateMachine: this.execution.StateMachine,
      };
      if (this.taskToken !== undefined) context.Task = { Token: this.taskToken };
      if (this.mapItem) context.Map = { Item: this.mapItem };
      this.contextObject = context;
    }
    return this.contextObject;
  }

  /** The redrive's plan for this state's body, for its first attempt only. */
  takeBodyResume(): BodyResume | undefined {
    const resume = this.bodyResume;
    this.bodyResume = undefined;
    return resume;
  }

  /** The Map Run a redrive redrives, for the state's first attempt only (a Retry starts a new Map Run). */
  takeMapRunRedrive(): string | undefined {
    const arn = this.mapRunRedrive;
    this.mapRunRedrive = undefined;
    return arn;
  }

  /** Forget the cached `$$` (the retry count or the task token changed). */
  refreshContext(): void {
    this.contextObject = undefined;
  }

  /** A JSONPath scope whose `$` is some other value (Assign and ResultSelector read the result). */
  pathScope(input: unknown): PathScope {
    return new DerivedPathScope(input, this);
  }

  /** The JSONata scope: `$states.input` is always the state's raw input. */
  jsonataScope(extra?: { result?: unknown; errorOutput?: unknown }): JsonataScope {
    return {
      states: { input: this.rawInput, context: this.context, ...extra },
      variables: this.variables,
      now: this.clockNow,
    };
  }

  /** Turns a field-evaluation failure into the error AWS reports for this state; passes other errors through. */
  toStatesError(error: unknown): StatesError {
    if (error instanceof StateEvaluationError) {
      return new StatesError(
        error.error,
        `An error occurred while executing the state '${this.name}' (entered at the event id #${this.enteredEventId}). ${error.detail}`,
      );
    }
    if (error instanceof StatesError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StatesError('States.Runtime', `An error occurred while executing the state '${this.name}' (entered at the event id #${this.enteredEventId}). ${message}`);
  }
}

/**
 * A JSONPath scope whose `$` is another value than the state's input. `$$` stays unbuilt until a path reads it: most
 * Assign, ResultSelector and Catch scopes never do, and building it (an ISO timestamp per state) eagerly here halved
 * the throughput of a chain of Tasks. A class, so the getter lives on one prototype instead of in each scope.
 */
class DerivedPathScope implements PathScope {
  constructor(
    readonly input: unknown,
    private readonly run: StateRun,
  ) {}

  get context(): unknown {
    return this.run.context;
  }

  get variables(): VariableScope {
    return this.run.variables;
  }
}
