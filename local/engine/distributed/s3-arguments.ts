import { runtimeError } from '../errors';
import { evaluateJsonata, evaluatePathTemplate } from '../fields';
import type { MapState } from '../asl';
import type { StateRun } from '../state-run';

/**
 * The S3 request of an ItemReader or a ResultWriter: its Arguments (JSONata) or Parameters (JSONPath), evaluated
 * against the Map state's input, which must come out as an object (`{Bucket, Key}`, `{Bucket, Prefix}`, ...).
 */
export async function s3RequestArguments(
  run: StateRun<MapState>,
  jsonata: boolean,
  owner: 'ItemReader' | 'ResultWriter',
  field: { readonly Parameters?: unknown; readonly Arguments?: unknown },
): Promise<Record<string, unknown>> {
  const value = jsonata
    ? await evaluateJsonata(field.Arguments ?? {}, `${owner}/Arguments`, run.jsonataScope())
    : evaluatePathTemplate(field.Parameters ?? {}, `${owner}/Parameters`, run);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw runtimeError(`The ${owner}'s ${jsonata ? 'Arguments' : 'Parameters'} must be an object but was: ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
