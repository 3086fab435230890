/**
 * How each history event links to the one before it (`previousEventId`), as AWS records it. Every state type
 * records its events through these functions, so the rules live here and nowhere else.
 *
 * The model: each frame (the execution, a Parallel branch, a Map iteration) has a cursor, the event its next
 * event follows. Most events follow the cursor and become it ("in sequence"): StateEntered → StateExited,
 * TaskScheduled → TaskStarted → TaskSucceeded, a retried task's next TaskScheduled after its TaskFailed. The
 * exceptions below are not guessable; each cites the cases of ../shared/conformance/sfn-history (recorded on AWS)
 * that show it.
 *
 * | event                                   | previousEventId                                        | moves the cursor |
 * |-----------------------------------------|--------------------------------------------------------|------------------|
 * | ExecutionStarted                        | 0                                                      | no               |
 * | the execution's first StateEntered      | 0, not ExecutionStarted's 1                            | yes              |
 * | StateEntered, StateExited, Task*, ...   | the frame's cursor                                     | yes              |
 * | EvaluationFailed                        | what the failing StateEntered links to (Wait: to it)   | yes              |
 * | MapIterationStarted, index 0            | MapStateStarted                                        | (the iteration's)|
 * | MapIterationStarted, index n > 0        | iteration n-1's last event so far                      | (the iteration's)|
 * | MapIterationSucceeded / Failed          | the iteration's last event                             | no               |
 * | MapRunStarted, MapRunSucceeded / Failed | the cursor (Distributed Map: no iterations inline)     | yes              |
 * | MapStateSucceeded, ParallelStateSucceeded | the body's last event (see `closeBody`)              | no: StateExited links to the same event |
 * | MapStateFailed, ParallelStateFailed     | the failing iteration's or branch's last event         | yes              |
 * | ExecutionSucceeded / Failed / ...       | the execution frame's cursor                           | -                |
 *
 * Which events are recorded at all, and their details, follow the same corpus; each rule is written where it is
 * applied, with its evidence:
 * - EvaluationFailed for an uncaught States.QueryEvaluationError (`recordEvaluationFailure` below);
 * - MapStateFailed/ParallelStateFailed only after the last attempt, never between retries (`markBodyFailure`,
 *   states/error-handling.ts); MapStateFailed when a Map's Items fail to evaluate (states/map.ts);
 * - MapStateStarted before an invalid ToleratedFailureCount/Percentage fails the state (states/map.ts);
 * - a Distributed Map's parent records MapRunStarted/MapRunSucceeded, its children's events stay in their own
 *   histories (states/map.ts);
 * - `assignedVariables` on every state that assigns, omitted for an empty Assign (frame.ts; Wait: states/wait.ts);
 * - no `RetryCount` in the context object of a state that cannot retry, such as Pass (state-run.ts);
 * - causes in AWS's words, e.g. ErrorPath/CausePath that select nothing (states/fail.ts).
 */
import { StateEvaluationError, type StatesError } from './errors';
import type { History } from './history';

/** A frame's position in the history: the event its next event follows. */
export interface EventCursor {
  lastEventId: number;
}

/**
 * ExecutionStarted links to nothing, and neither does the execution's first StateEntered: AWS records
 * `previousEventId: 0` for both (every case of the corpus, e.g. base__test_state_pass: event 2 PassStateEntered
 * links to 0). A Parallel branch or Map iteration, by contrast, starts after its ParallelStateStarted or
 * MapIterationStarted.
 */
export const EXECUTION_START_LINK = 0;

/** Records an event that follows the cursor, and makes it the cursor. */
export function appendInSequence(history: History, cursor: EventCursor, type: string, details?: Record<string, unknown>): number {
  cursor.lastEventId = history.add(type, cursor.lastEventId, details);
  return cursor.lastEventId;
}

/**
 * EvaluationFailed (a JSONata field failed with States.QueryEvaluationError) links to the event the failing
 * state's StateEntered links to, not to the StateEntered itself; what follows (MapStateFailed, ExecutionFailed)
 * links to it. Evidence: assign_reference_variables.test_undefined_reference.BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES
 * (6 PassStateEntered → 5; 7 EvaluationFailed → 5; 8 ExecutionFailed → 7),
 * scenarios__test_map_state_items_eval_jsonata_fail.* (2 MapStateEntered → 0; 3 EvaluationFailed → 0; 4 MapStateFailed → 3).
 * A Wait state is the exception: its EvaluationFailed for a Timestamp that is no valid date links to the
 * WaitStateEntered (scenarios__test_wait_timestamp_jsonata.*: 2 WaitStateEntered → 0; 3 EvaluationFailed → 2).
 */
function evaluationFailedLink(history: History, state: { definition: { Type: string }; enteredEventId: number }): number {
  return EVALUATION_FAILED_AFTER_ENTERED.has(state.definition.Type) ? state.enteredEventId : history.linkOf(state.enteredEventId);
}

const EVALUATION_FAILED_AFTER_ENTERED = new Set(['Wait']);

/**
 * MapIterationStarted: the first iteration's links to MapStateStarted; each later one to the previous
 * iteration's last event so far, not to its MapIterationSucceeded. Evidence: assign_base.test_base_cases.BASE_SCOPE_MAP
 * (8 PassStateExited, 9 MapIterationSucceeded → 8, 10 MapIterationStarted → 8) and scenarios__test_map_state_nested.
 * Under concurrency iteration n-1 has always started before n (items are taken in order), so the link names an
 * event that exists; with MaxConcurrency 1, as in the corpus, it is that iteration's last event.
 */
export function iterationStartLink(mapStarted: number, previousIteration: EventCursor | undefined): number {
  return previousIteration === undefined ? mapStarted : previousIteration.lastEventId;
}

/**
 * MapIterationSucceeded / MapIterationFailed link to the iteration's last event and do not become its cursor:
 * a MapStateFailed after a failed iteration links to the iteration's last event, not to MapIterationFailed.
 * Evidence: scenarios__test_map_state_break_condition (33 FailStateEntered; 34 MapIterationFailed → 33;
 * 35 MapStateFailed → 33). Returns the id of the event recorded.
 */
export function appendIterationClosed(history: History, iteration: EventCursor, type: 'MapIterationSucceeded' | 'MapIterationFailed', details: Record<string, unknown>): number {
  return history.add(type, iteration.lastEventId, details);
}

/**
 * The last event of a Map's or Parallel's body once every iteration or branch has succeeded: the latest of the
 * events that closed them (an inline Map's last MapIterationSucceeded, a Parallel branch's last StateExited, a
 * Distributed Map's MapRunSucceeded), or the state's own Started event when the body recorded nothing (an
 * empty Map). Evidence: BASE_SCOPE_MAP (17 MapIterationSucceeded; 18 MapStateSucceeded → 17; 19 MapStateExited → 17),
 * scenarios__test_parallel_state_order (13 ParallelStateExited → 11, the last branch event),
 * scenarios__test_map_state_items_input_array.empty (MapStateExited → MapStateStarted),
 * scenarios__test_map_state_label (MapStateSucceeded and MapStateExited → MapRunSucceeded).
 */
export function closeBody(cursor: EventCursor, lastBodyEvents: Iterable<number>): void {
  for (const id of lastBodyEvents) if (id > cursor.lastEventId) cursor.lastEventId = id;
}

/**
 * MapStateSucceeded / ParallelStateSucceeded link to the body's last event (`closeBody`) and do not move the
 * cursor: the state's StateExited links to the same event as they do (evidence on `closeBody`).
 */
export function appendBodySucceeded(history: History, cursor: EventCursor, type: 'MapStateSucceeded' | 'ParallelStateSucceeded'): void {
  history.add(type, cursor.lastEventId);
}

/**
 * A Map or Parallel whose iteration or branch failed: the cursor moves to the failing event (that iteration's or
 * branch's last event), and what follows links there: the next attempt's MapStateStarted/ParallelStateStarted when
 * a retrier matches, else MapStateFailed/ParallelStateFailed (recorded once, after the last attempt: AWS records
 * none between attempts). Evidence: scenarios__test_parallel_state_retry (4 FailStateEntered; 5 ParallelStateStarted → 4;
 * ...; 8 FailStateEntered; 9 ParallelStateFailed → 8), scenarios__test_map_state_retry_multiple_retriers
 * (7 FailStateEntered, 8 MapIterationFailed → 7, 9 MapStateStarted → 7, ..., 21 MapStateFailed → 19).
 */
export function failBody(cursor: EventCursor, failingEvent: number): void {
  cursor.lastEventId = failingEvent;
}

/**
 * Records EvaluationFailed when a JSONata field fails the state with States.QueryEvaluationError and no catcher
 * takes it (the corpus has no caught one to show otherwise): `{error, cause, location, state}`, where location is
 * the field (`Items`, `Output/result`, `Timestamp`) and is absent when no expression failed ("Map state input must
 * be an array"). Evidence: scenarios__test_map_state_items_input_types.*, scenarios__test_wait_timestamp_jsonata.*.
 * `thrown` is what the state raised, `error` the StatesError it became (its cause names the state and event).
 */
export function recordEvaluationFailure(history: History, cursor: EventCursor,
  state: { name: string; definition: { Type: string }; enteredEventId: number }, thrown: unknown, error: StatesError): void {
  if (!(thrown instanceof StateEvaluationError) || thrown.error !== QUERY_EVALUATION_ERROR) return;
  cursor.lastEventId = history.add('EvaluationFailed', evaluationFailedLink(history, state), {
    error: error.error, cause: error.cause, location: thrown.location, state: state.name,
  });
}

const QUERY_EVALUATION_ERROR = 'States.QueryEvaluationError';

/**
 * Errors that fail a Map's or Parallel's body (an iteration or branch failed, or Map's Items could not be
 * evaluated): once no retrier takes them, the state records MapStateFailed/ParallelStateFailed. Marked on the
 * error object, as it travels through the state's Retry/Catch handling.
 */
const bodyFailures = new WeakSet<object>();

export function markBodyFailure<T extends object>(error: T): T {
  bodyFailures.add(error);
  return error;
}

/** Whether the error failed a Map's or Parallel's body; clears the mark, so an enclosing Map or Parallel decides for itself. */
export function takeBodyFailure(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  return bodyFailures.delete(error);
}
