import { StatesError } from '../errors';
import { evaluateJsonata } from '../fields';
import type { Frame } from '../frame';
import { compileIntrinsic, isIntrinsic } from '../intrinsics';
import { compilePath, missingPathError } from '../jsonpath';
import { MISSING } from '../types';
import type { StateRun } from '../state-run';
import { languageFor, type StepOutcome } from './outcome';

/**
 * Fail: fails its frame with Error and Cause, which may come from paths or intrinsics (ErrorPath, CausePath)
 * or from JSONata. https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
export async function executeFail(frame: Frame, run: StateRun): Promise<StepOutcome> {
  const def = run.definition;
  if (languageFor(frame, run) === 'JSONata') {
    const scope = run.jsonataScope();
    const error = def.Error === undefined ? undefined : await evaluateJsonata(def.Error, 'Error', scope);
    const cause = def.Cause === undefined ? undefined : await evaluateJsonata(def.Cause, 'Cause', scope);
    throw new StatesError(asText(error) ?? '', asText(cause));
  }
  const error = def.ErrorPath !== undefined ? readPathOrIntrinsic(run, def.ErrorPath as string, 'ErrorPath') : def.Error;
  const cause = def.CausePath !== undefined ? readPathOrIntrinsic(run, def.CausePath as string, 'CausePath') : def.Cause;
  throw new StatesError(asText(error) ?? '', asText(cause));
}

/**
 * ErrorPath/CausePath: a path that selects nothing fails as a template field does, in AWS's words: "The JSONPath
 * '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '...'"
 * (sfn-history scenarios__test_invalid_jsonpath.INVALID_JSONPATH_IN_ERRORPATH, ST.INVALID_JSONPATH_IN_CAUSEPATH).
 */
function readPathOrIntrinsic(run: StateRun, text: string, field: string): unknown {
  if (isIntrinsic(text)) return compileIntrinsic(text)(run);
  const value = compilePath(text).read(run);
  if (value === MISSING) throw missingPathError(text, field, run);
  return value;
}

const asText = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
