/**
 * Shapes shared by the engine's modules. The engine is pure: evaluation, templates and Retry/Catch do no I/O;
 * everything with a side effect (calling a task, telling the time, keeping history) comes in through a port.
 */

/** Any JSON value. Values flowing through the engine are treated as immutable: never mutate an input in place. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Returned by path readers when a path selects nothing (distinct from a selected `null`). */
export const MISSING: unique symbol = Symbol('MISSING');
export type Missing = typeof MISSING;

/** Workflow variables as one state sees them: its own frame's, then the enclosing frames' (Map, Parallel). */
export interface VariableScope {
  /** The variable's value, or MISSING when no frame in scope has assigned it. */
  get(name: string): unknown | Missing;
}

/** What a JSONPath field of a state can read: `$` (the state's effective input), `$$` (context) and `$name` variables. */
export interface PathScope {
  readonly input: unknown;
  readonly context: unknown;
  readonly variables: VariableScope;
}

/** What a JSONata field of a state can read, exposed as `$states` and the variable bindings. */
export interface JsonataScope {
  readonly states: {
    readonly input: unknown;
    readonly context: unknown;
    readonly result?: unknown;
    readonly errorOutput?: unknown;
  };
  readonly variables: VariableScope;
  /** The execution's clock, for `$now()` and `$millis()`; JSONata's own (the wall clock) when absent. */
  readonly now?: () => number;
}

export type {
  QueryLanguage, StateMachineType, StateDefinition, StateMachineDefinition, StateType, StateOfType, StatesBlock,
} from './asl';
