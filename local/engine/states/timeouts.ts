import type { TaskState } from '../asl';
import { runtimeError } from '../errors';
import { evaluateJsonata } from '../fields';
import { selectPath } from '../jsonpath';
import type { StateRun } from '../state-run';

/**
 * TimeoutSeconds or HeartbeatSeconds of a Task, from the literal, its `...Path` form (JSONPath) or a JSONata
 * expression. They must be positive integers. https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export function secondsField(run: StateRun<TaskState>, field: 'TimeoutSeconds' | 'HeartbeatSeconds', jsonata: boolean): number | undefined | Promise<number | undefined> {
  const def = run.definition;
  const literal = def[field];
  const path = field === 'TimeoutSeconds' ? def.TimeoutSecondsPath : def.HeartbeatSecondsPath;
  if (jsonata && typeof literal === 'string') return evaluateJsonata(literal, field, run.jsonataScope()).then((value) => positiveInteger(field, value));
  if (literal !== undefined) return positiveInteger(field, literal);
  if (path === undefined) return undefined;
  return positiveInteger(field, selectPath(path, run, `${field}Path`));
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeError(`The ${field} value must be a positive integer, but was: ${JSON.stringify(value)}`);
  }
  return value;
}
