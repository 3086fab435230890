import type { SucceedState } from '../asl';
import { jsonataStateResult, jsonPathEffectiveInput, jsonPathOutput } from '../fields';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import { languageFor, type StepOutcome } from './outcome';

/** Succeed: ends its frame with its (filtered) input. */
export function executeSucceed(frame: Frame, run: StateRun<SucceedState>): StepOutcome | Promise<StepOutcome> {
  if (languageFor(frame, run) === 'JSONata') return jsonataStateResult(run, {}, run.rawInput);
  return { output: jsonPathOutput(run, jsonPathEffectiveInput(run)) };
}
