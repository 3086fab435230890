import { StatesError } from '../errors';
import { evaluateJsonata, jsonataStateResult, jsonPathEffectiveInput, jsonPathStateResult } from '../fields';
import type { Frame, StatesBlock } from '../frame';
import { appendBodySucceeded, appendInSequence, closeBody, failBody, markBodyFailure } from '../history-links';
import type { StateRun } from '../state-run';
import { withRetryAndCatch } from './error-handling';
import { languageFor, nextOf, type StepOutcome } from './outcome';

/**
 * Parallel: runs every branch on the same input; its result is the branches' outputs in branch order.
 * The first branch to fail stops the others and fails the state with that branch's error.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 */
export function executeParallel(frame: Frame, run: StateRun): Promise<StepOutcome> {
  return withRetryAndCatch(frame, run, () => attemptParallel(frame, run));
}

async function attemptParallel(frame: Frame, run: StateRun): Promise<StepOutcome> {
  const def = run.definition;
  const language = languageFor(frame, run);
  const jsonata = language === 'JSONata';
  const input = jsonata
    ? def.Arguments === undefined ? run.rawInput : await evaluateJsonata(def.Arguments, 'Arguments', run.jsonataScope())
    : jsonPathEffectiveInput(run);
  const { history } = frame.runtime;
  const started = appendInSequence(history, frame, 'ParallelStateStarted');
  const branches: Frame[] = [];
  const results = await runSiblings(frame, (def.Branches as StatesBlock[]).map((branch, index) => (signal: AbortSignal) =>
    (branches[index] = frame.child(branch, language, signal, started)).run(input)));
  if (results.failure) {
    failBody(frame, branches[results.failedIndex ?? 0].lastEventId);
    throw markBodyFailure(results.failure);
  }
  closeBody(frame, branches.map((branch) => branch.lastEventId));
  appendBodySucceeded(history, frame, 'ParallelStateSucceeded');
  const outcome = jsonata ? await jsonataStateResult(run, { result: results.outputs }, results.outputs) : jsonPathStateResult(run, results.outputs);
  return { ...outcome, next: nextOf(run) };
}

/**
 * Runs sibling frames concurrently (at most `limit` at once) and keeps their outputs in order. On the first
 * failure the rest are told to stop through their shared signal, which also carries an execution stop.
 */
export async function runSiblings(frame: Frame, tasks: Array<(signal: AbortSignal) => Promise<unknown>>, limit = Infinity,
  onFailure?: (index: number, error: StatesError) => boolean): Promise<{ outputs: unknown[]; failure?: StatesError; failedIndex?: number }> {
  const controller = new AbortController();
  const signal = AbortSignal.any([frame.signal, controller.signal]);
  const outputs = new Array<unknown>(tasks.length);
  let failure: StatesError | undefined;
  let failedIndex: number | undefined;
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < tasks.length && !signal.aborted) {
      const index = nextIndex++;
      try {
        outputs[index] = await tasks[index](signal);
      } catch (thrown) {
        if (frame.signal.aborted) throw frame.signal.reason;
        if (failure) return; // stopped because a sibling failed
        const error = thrown instanceof StatesError ? thrown : new StatesError('States.Runtime', String(thrown));
        if (onFailure?.(index, error)) continue;
        failure = error;
        failedIndex = index;
        controller.abort(error);
      }
    }
  };
  const workers = Array.from({ length: Math.min(limit, tasks.length) }, worker);
  await Promise.all(workers);
  return { outputs, failure, failedIndex };
}
