import type { PassState } from '../asl';
import { jsonataStateResult, jsonPathEffectiveInput, jsonPathStateResult } from '../fields';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import { languageFor, nextOf, type StepOutcome } from './outcome';

/** Pass: its result is `Result`, else its effective input. https://states-language.net/spec.html#pass-state */
export function executePass(frame: Frame, run: StateRun<PassState>): StepOutcome | Promise<StepOutcome> {
  const def = run.definition;
  const next = nextOf(run);
  if (languageFor(frame, run) === 'JSONata') {
    return jsonataStateResult(run, {}, run.rawInput).then((result) => ({ ...result, next }));
  }
  // The commonest case, a bare Pass, skips the pipeline entirely.
  if (def.InputPath === undefined && def.Parameters === undefined && def.Result === undefined && def.ResultPath === undefined
    && def.OutputPath === undefined && def.Assign === undefined) {
    return { output: run.rawInput, next };
  }
  const effective = jsonPathEffectiveInput(run);
  const result = def.Result !== undefined ? def.Result : effective;
  return { ...jsonPathStateResult(run, result, { resultSelector: false }), next };
}
