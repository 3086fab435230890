/**
 * Definition-time rules for intrinsic function calls in JSONPath payload templates.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html: "You can nest up to 10 intrinsic
 * functions within a field."
 */
import { isIntrinsic, parseIntrinsic, type Argument } from './intrinsic-parser';

type JsonObject = Record<string, unknown>;

export const MAX_INTRINSIC_NESTING = 10;

/** The payload-template fields whose `key.$` values may call intrinsics, plus the Fail paths that may be one. */
const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign', 'Credentials'] as const;
const PATH_FIELDS = ['ErrorPath', 'CausePath'] as const;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Problems of the intrinsic calls in one JSONPath state (`at` is its location). */
export function intrinsicProblems(state: JsonObject, at: string): string[] {
  const problems: string[] = [];
  const check = (text: string, location: string): void => {
    const depth = nestingOf(text);
    if (depth > MAX_INTRINSIC_NESTING) {
      problems.push(`SCHEMA_VALIDATION_FAILED: The intrinsic function call nests ${depth} functions; at most ${MAX_INTRINSIC_NESTING} may be nested in a field at ${location}`);
    }
  };
  for (const field of TEMPLATE_FIELDS) {
    const pending: Array<{ value: unknown; at: string }> = [{ value: state[field], at: `${at}/${field}` }];
    while (pending.length > 0) {
      const next = pending.pop();
      if (next === undefined) break;
      if (Array.isArray(next.value)) {
        next.value.forEach((item, index) => pending.push({ value: item, at: `${next.at}[${index}]` }));
      } else if (isObject(next.value)) {
        for (const [key, value] of Object.entries(next.value)) {
          if (key.endsWith('.$') && typeof value === 'string' && isIntrinsic(value)) check(value, `${next.at}/${key}`);
          else pending.push({ value, at: `${next.at}/${key}` });
        }
      }
    }
  }
  for (const field of PATH_FIELDS) {
    const value = state[field];
    if (typeof value === 'string' && isIntrinsic(value)) check(value, `${at}/${field}`);
  }
  return problems;
}

/** How many calls deep an intrinsic expression goes (`States.A(States.B(1))` is 2); 0 when it does not parse. */
function nestingOf(text: string): number {
  let call: Argument;
  try {
    // Function names are checked elsewhere (an unknown one fails at run time, as AWS reports it).
    call = parseIntrinsic(text, () => true);
  } catch {
    return 0;
  }
  let deepest = 0;
  const pending: Array<{ argument: Argument; depth: number }> = [{ argument: call, depth: 1 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || next.argument.kind !== 'call') continue;
    deepest = Math.max(deepest, next.depth);
    for (const inner of next.argument.args) pending.push({ argument: inner, depth: next.depth + 1 });
  }
  return deepest;
}
