import { StatesError } from '../errors';
import { evaluatePathTemplate, jsonataStateResult } from '../fields';
import type { Frame } from '../frame';
import { appendInSequence, recordEvaluationFailure, takeBodyFailure } from '../history-links';
import { applyResultPath } from '../result-path';
import { findHandler, retryDelayMs, type Catcher, type Retrier } from '../retry';
import type { StateRun } from '../state-run';
import { languageFor, type StepOutcome } from './outcome';

/**
 * Runs a state's action with its Retry policy: on an error that a retrier matches, waits the retrier's backoff
 * and tries again, counting attempts per retrier for this entry into the state. The error that survives the
 * retriers goes to the Catch list, and failing that, fails the frame.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export async function withRetryAndCatch(frame: Frame, run: StateRun, attempt: () => Promise<StepOutcome>): Promise<StepOutcome> {
  const retriers = run.definition.Retry as Retrier[] | undefined;
  const attempts: number[] = [];
  for (;;) {
    try {
      return await attempt();
    } catch (thrown) {
      if (frame.signal.aborted) throw frame.signal.reason;
      const error = run.toStatesError(thrown);
      const bodyFailed = takeBodyFailure(thrown);
      const index = findHandler(retriers, error.error);
      const delay = index < 0 ? undefined : retryDelayMs(retriers![index], attempts[index] ?? 0);
      if (delay !== undefined) {
        attempts[index] = (attempts[index] ?? 0) + 1;
        await frame.runtime.clock.sleep(delay, frame.signal);
        run.retryCount++;
        run.refreshContext();
        continue;
      }
      closeFailedState(frame, run, thrown, error, bodyFailed);
      const caught = await catchError(frame, run, error);
      if (caught) return caught;
      throw error;
    }
  }
}

/**
 * The events of a state that failed for good (no retrier left): EvaluationFailed when uncaught, then
 * MapStateFailed/ParallelStateFailed when its body failed. Between retried attempts neither is recorded
 * (rules and evidence in ../history-links).
 */
function closeFailedState(frame: Frame, run: StateRun, thrown: unknown, error: StatesError, bodyFailed: boolean): void {
  const { history } = frame.runtime;
  if (findHandler(run.definition.Catch as Catcher[] | undefined, error.error) < 0) recordEvaluationFailure(history, frame, run, thrown, error);
  if (bodyFailed) appendInSequence(history, frame, `${run.definition.Type}StateFailed`);
}

/** The outcome of the first catcher matching the error, or undefined. */
async function catchError(frame: Frame, run: StateRun, error: StatesError): Promise<StepOutcome | undefined> {
  const catchers = run.definition.Catch as Catcher[] | undefined;
  const index = findHandler(catchers, error.error);
  if (index < 0) return undefined;
  const catcher = catchers![index];
  const errorOutput: Record<string, string> = { Error: error.error };
  if (error.cause !== undefined) errorOutput.Cause = error.cause;
  try {
    if (languageFor(frame, run) === 'JSONata') {
      return { ...(await jsonataStateResult(run, { errorOutput }, errorOutput, catcher)), next: catcher.Next };
    }
    const assigned = catcher.Assign === undefined ? undefined : (evaluatePathTemplate(catcher.Assign, 'Assign', run.pathScope(errorOutput)) as Record<string, unknown>);
    return { output: applyResultPath(run.rawInput, catcher.ResultPath, errorOutput), assigned, next: catcher.Next };
  } catch (thrown) {
    throw run.toStatesError(thrown);
  }
}
