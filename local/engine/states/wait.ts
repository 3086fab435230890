import { queryError, runtimeError } from '../errors';
import { evaluateJsonata, evaluatePathTemplate, jsonataStateResult, jsonPathEffectiveInput, jsonPathOutput } from '../fields';
import type { Frame } from '../frame';
import { selectPath } from '../jsonpath';
import type { StateRun } from '../state-run';
import { languageFor, nextOf, type StepOutcome } from './outcome';

/**
 * RFC 3339 as Step Functions accepts it: uppercase T and Z, or a numeric offset; optional fractional seconds.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when the text is not a valid timestamp. */
export function parseTimestamp(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, , month, day, hour, minute, second] = match.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Wait: for a number of seconds or until a timestamp; its output is its (filtered) input. */
export async function executeWait(frame: Frame, run: StateRun): Promise<StepOutcome> {
  const jsonata = languageFor(frame, run) === 'JSONata';
  const effective = jsonata ? run.rawInput : jsonPathEffectiveInput(run);
  const { clock } = frame.runtime;
  const until = jsonata ? await jsonataDeadline(run, clock.now()) : jsonPathDeadline(run, clock.now());
  const delay = until - clock.now();
  if (delay > 0) await clock.sleep(delay, frame.signal);
  if (jsonata) return { ...(await jsonataStateResult(run, {}, run.rawInput)), next: nextOf(run) };
  // Assign reads the state's input, as in a Choice state (sfn-history assign_reference_variables.test_assign_in_wait_state).
  const assigned = run.definition.Assign === undefined ? undefined
    : (evaluatePathTemplate(run.definition.Assign, 'Assign', run.pathScope(effective)) as Record<string, unknown>);
  return { output: jsonPathOutput(run, effective), assigned, next: nextOf(run) };
}

function jsonPathDeadline(run: StateRun, now: number): number {
  const def = run.definition;
  if (def.Seconds !== undefined) return now + (def.Seconds as number) * 1000;
  if (def.Timestamp !== undefined) {
    const at = parseTimestamp(def.Timestamp);
    if (at === undefined) throw runtimeError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${def.Timestamp}`);
    return at;
  }
  if (def.SecondsPath !== undefined) {
    const path = def.SecondsPath as string;
    const seconds = selectPath(path, run, 'SecondsPath');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
      throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${JSON.stringify(seconds)}`);
    }
    if (seconds < 0) throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${seconds}`);
    return now + seconds * 1000;
  }
  const path = def.TimestampPath as string;
  const value = selectPath(path, run, 'TimestampPath');
  const at = parseTimestamp(value);
  if (at === undefined) {
    throw runtimeError(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return at;
}

async function jsonataDeadline(run: StateRun, now: number): Promise<number> {
  const def = run.definition;
  const scope = run.jsonataScope();
  if (def.Seconds !== undefined) {
    const seconds = await evaluateJsonata(def.Seconds, 'Seconds', scope);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw queryError(`The JSONata expression '${stripJsonata(def.Seconds)}' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was '${typeName(seconds)}' for value: ${JSON.stringify(seconds)}`, 'Seconds');
    }
    return now + seconds * 1000;
  }
  const timestamp = await evaluateJsonata(def.Timestamp, 'Timestamp', scope);
  const at = parseTimestamp(timestamp);
  if (at === undefined) {
    throw queryError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`, 'Timestamp');
  }
  return at;
}

const stripJsonata = (value: unknown) => (typeof value === 'string' ? value.replace(/^\{%\s*/, '').replace(/\s*%\}$/, '') : JSON.stringify(value));
const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
