/**
 * ResultPath: where a state's result goes in its raw input (the input before InputPath).
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 *
 * - absent (or `$`): the result replaces the input;
 * - `null`: the result is discarded and the raw input passes on;
 * - a Reference Path (`$.a.b`, `$.list[0]`): the result is written there, creating missing objects on the way.
 * Writing through a value that is not an object (or an array index that does not exist) fails with
 * States.ResultPathMatchFailure, which a Catch can handle.
 */
import { StatesError, runtimeError } from './errors';
import { inputPathSteps } from './jsonpath';

type Step = { readonly key: string } | { readonly index: number };

const cache = new Map<string, readonly Step[]>();

/**
 * Merge `result` into the state's raw input. undefined → "$" (result replaces input); null → raw input unchanged.
 * Never mutates rawInput: only the objects along the written path are copied; everything else is shared.
 */
export function applyResultPath(rawInput: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === undefined) return result;
  if (resultPath === null) return rawInput;
  const steps = compileResultPath(resultPath);
  if (steps.length === 0) return result;
  return writeAt(rawInput, steps, 0, result, () => matchFailure(resultPath, rawInput));
}

/**
 * AWS's cause, quoting the raw input as a JSON string inside a JSON string:
 * `Unable to apply ReferencePath $.partitioned to input "{\"min_size\":10000}"`.
 */
function matchFailure(resultPath: string, rawInput: unknown): StatesError {
  return new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply ReferencePath ${resultPath} to input ${JSON.stringify(JSON.stringify(rawInput) ?? 'null')}`,
  );
}

/** A ResultPath must be a Reference Path: rooted at `$`, definite, made of names and indexes only. */
function compileResultPath(resultPath: string): readonly Step[] {
  let steps = cache.get(resultPath);
  if (steps) return steps;
  const parsed = inputPathSteps(resultPath);
  if (!parsed || parsed.some((step) => 'length' in step)) {
    throw runtimeError(`Invalid ResultPath '${resultPath}': a ResultPath must be a reference path into the state input`);
  }
  steps = parsed as readonly Step[];
  cache.set(resultPath, steps);
  return steps;
}

function writeAt(target: unknown, steps: readonly Step[], at: number, result: unknown, fail: () => StatesError): unknown {
  const step = steps[at];
  if (step === undefined) return result;
  if ('key' in step) {
    if (target === undefined) target = {};
    if (target === null || typeof target !== 'object' || Array.isArray(target)) throw fail();
    const object = target as Record<string, unknown>;
    return { ...object, [step.key]: writeAt(object[step.key], steps, at + 1, result, fail) };
  }
  if (!Array.isArray(target)) throw fail();
  const index = step.index < 0 ? target.length + step.index : step.index;
  if (index < 0 || index >= target.length) throw fail();
  const copy = target.slice();
  copy[index] = writeAt(target[index], steps, at + 1, result, fail);
  return copy;
}
