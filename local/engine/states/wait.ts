import type { WaitState } from '../asl';
import { queryError, runtimeError } from '../errors';
import { evaluateJsonata, evaluatePathAssign, jsonataStateResult, jsonPathEffectiveInput, jsonPathOutput } from '../fields';
import type { Frame } from '../frame';
import { jsonataFieldText, unexpectedResultType } from '../jsonata';
import { selectPath } from '../jsonpath';
import type { StateRun } from '../state-run';
import { timestampMillis } from '../timestamp';
import { languageFor, nextOf, type StepOutcome } from './outcome';

/** Wait: for a number of seconds or until a timestamp; its output is its (filtered) input. */
export async function executeWait(frame: Frame, run: StateRun<WaitState>): Promise<StepOutcome> {
  const jsonata = languageFor(frame, run) === 'JSONata';
  const effective = jsonata ? run.rawInput : jsonPathEffectiveInput(run);
  const { clock } = frame.runtime;
  // From when the state was entered: the same instant for a fresh entry, the first entry's for one resumed after a restart.
  const until = jsonata ? await jsonataDeadline(run, run.enteredTime) : jsonPathDeadline(run, run.enteredTime);
  const delay = until - clock.now();
  if (delay > 0) await clock.sleep(delay, frame.signal);
  if (jsonata) return { ...(await jsonataStateResult(run, {}, run.rawInput)), next: nextOf(run) };
  // Assign reads the state's input, as in a Choice state (sfn-history assign_reference_variables.test_assign_in_wait_state).
  const assigned = evaluatePathAssign(run.definition.Assign, run.pathScope(effective));
  return { output: jsonPathOutput(run, effective), assigned, next: nextOf(run) };
}

function jsonPathDeadline(run: StateRun<WaitState>, now: number): number {
  const def = run.definition;
  // Validation admits only an integer Seconds in a JSONPath state (a string is a JSONata expression).
  if (typeof def.Seconds === 'number') return now + def.Seconds * 1000;
  if (def.Timestamp !== undefined) {
    const at = timestampMillis(def.Timestamp);
    if (at === undefined) throw runtimeError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${def.Timestamp}`);
    return at;
  }
  if (def.SecondsPath !== undefined) {
    const path = def.SecondsPath;
    const seconds = selectPath(path, run, 'SecondsPath');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
      throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${JSON.stringify(seconds)}`);
    }
    if (seconds < 0) throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${seconds}`);
    return now + seconds * 1000;
  }
  // Validation requires exactly one of Seconds, Timestamp, SecondsPath and TimestampPath.
  const path = def.TimestampPath ?? '$';
  const value = selectPath(path, run, 'TimestampPath');
  const at = timestampMillis(value);
  if (at === undefined) {
    throw runtimeError(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return at;
}

async function jsonataDeadline(run: StateRun<WaitState>, now: number): Promise<number> {
  const def = run.definition;
  const scope = run.jsonataScope();
  if (def.Seconds !== undefined) {
    const seconds = await evaluateJsonata(def.Seconds, 'Seconds', scope);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw unexpectedResultType(jsonataFieldText(def.Seconds), 'Seconds', 'integer', seconds);
    }
    return now + seconds * 1000;
  }
  const timestamp = await evaluateJsonata(def.Timestamp, 'Timestamp', scope);
  const at = timestampMillis(timestamp);
  if (at === undefined) {
    throw queryError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`, 'Timestamp');
  }
  return at;
}
