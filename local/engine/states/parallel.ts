import type { ParallelState } from '../asl';
import { StatesError } from '../errors';
import { evaluateJsonata, jsonataStateResult, jsonPathEffectiveInput, jsonPathStateResult } from '../fields';
import type { Frame } from '../frame';
import { appendBodySucceeded, appendInSequence, closeBody, failBody, markBodyFailure } from '../history-links';
import type { StateRun } from '../state-run';
import { withRetryAndCatch } from './error-handling';
import { languageFor, nextOf, type StepOutcome } from './outcome';

/**
 * Parallel: runs every branch on the same input; its result is the branches' outputs in branch order.
 * The first branch to fail stops the others and fails the state with that branch's error.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 */
export function executeParallel(frame: Frame, run: StateRun<ParallelState>): Promise<StepOutcome> {
  return withRetryAndCatch(frame, run, () => attemptParallel(frame, run));
}

async function attemptParallel(frame: Frame, run: StateRun<ParallelState>): Promise<StepOutcome> {
  const def = run.definition;
  const language = languageFor(frame, run);
  const jsonata = language === 'JSONata';
  const input = jsonata
    ? def.Arguments === undefined ? run.rawInput : await evaluateJsonata(def.Arguments, 'Arguments', run.jsonataScope())
    : jsonPathEffectiveInput(run);
  const { history } = frame.runtime;
  const started = appendInSequence(history, frame, 'ParallelStateStarted');
  const all = def.Branches;
  // A redrive runs only the branches that failed or were aborted; the others keep their outputs (redrive-plan.ts).
  const resume = run.takeBodyResume();
  const running = resume ? resume.rerun : all.map((_, index) => ({ index, frame: undefined }));
  const branches: Frame[] = [];
  const results = await runSiblings(frame, running.map(({ index, frame: resumeAt }, k) => (signal: AbortSignal) =>
    (branches[k] = frame.child(all[index]!, language, signal, started)).run(input, resumeAt)));
  if (results.failure) {
    failBody(frame, branches[results.failedIndex ?? 0]?.lastEventId ?? frame.lastEventId);
    throw markBodyFailure(results.failure);
  }
  closeBody(frame, branches.map((branch) => branch.lastEventId));
  appendBodySucceeded(history, frame, 'ParallelStateSucceeded');
  const outputs = resume ? mergeOutputs(all.length, resume.kept, running, results.outputs) : results.outputs;
  const outcome = jsonata ? await jsonataStateResult(run, { result: outputs }, outputs) : jsonPathStateResult(run, outputs);
  return { ...outcome, next: nextOf(run) };
}

/** Outputs in index order: the kept ones where the body was not re-run, the new ones elsewhere. */
export function mergeOutputs(count: number, kept: ReadonlyMap<number, unknown>, running: ReadonlyArray<{ index: number }>, outputs: unknown[]): unknown[] {
  const merged = new Array<unknown>(count);
  for (const [index, output] of kept) merged[index] = output;
  running.forEach(({ index }, k) => (merged[index] = outputs[k]));
  return merged;
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
      const task = tasks[index];
      if (task === undefined) break;
      try {
        outputs[index] = await task(signal);
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
