/**
 * The definition-time rules for workflow variables and for the `$states` fields that exist only in some places.
 * AWS refuses these at CreateStateMachine / ValidateStateMachineDefinition; the problems use validate.ts's
 * `SCHEMA_VALIDATION_FAILED: <message> at <location>` shape. The walk is tolerant of malformed shapes: validate.ts
 * reports those, this module only looks at what it can read.
 */
import { isJsonataString, jsonataExpressionText } from './jsonata';
import type { QueryLanguage } from './types';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-name-syntax: a variable name is
 * a Unicode identifier (an ID_Start character, then ID_Continue characters; `_` is accepted first, as in JavaScript),
 * at most 80 characters long.
 */
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const MAX_VARIABLE_NAME_LENGTH = 80;

/** `$states` is the reserved variable that holds input, result, errorOutput and context (transforming-data.html). */
const RESERVED_VARIABLE_NAMES = new Set(['states']);

/** `x.y`, `x[0]`, `x['y']`: an attempt to assign part of a variable. */
const PARTIAL_ASSIGNMENT = /^[^.[\]]+[.[]/;

/** The states whose JSONata Output and Assign may read `$states.result` (the action's or sub-workflow's result). */
const RESULT_STATE_TYPES = new Set(['Task', 'Parallel', 'Map']);
const STATES_RESULT = /\$states\s*\.\s*result\b/;
const STATES_ERROR_OUTPUT = /\$states\s*\.\s*errorOutput\b/;

/** Where in a state a JSONata field sits, for the `$states.result` / `$states.errorOutput` availability rules. */
type FieldPlace = 'state' | 'catch' | 'choice-rule';

/** Every variable and `$states` problem of a definition, as AWS-style diagnostic lines. */
export function variableProblems(root: JsonObject): string[] {
  const problems: string[] = [];
  const machineLanguage: QueryLanguage = root.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  checkScope(root, '', new Set(), machineLanguage, problems);
  return problems;
}

function problem(problems: string[], message: string, at: string): void {
  problems.push(`SCHEMA_VALIDATION_FAILED: ${message} at ${at}`);
}

/** One nesting level (the machine, a branch, an item processor) with the names its enclosing scopes assign. */
function checkScope(owner: JsonObject, at: string, outerNames: ReadonlySet<string>, language: QueryLanguage, problems: string[]): void {
  if (!isObject(owner.States)) return;
  const assignedHere = new Set<string>();
  const nested: Array<{ owner: JsonObject; at: string; language: QueryLanguage }> = [];
  for (const [name, state] of Object.entries(owner.States)) {
    if (!isObject(state)) continue;
    const stateAt = `${at}/States/${name}`;
    const stateLanguage: QueryLanguage = state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath' ? state.QueryLanguage : language;
    for (const { assign, assignAt } of assignBlocks(state, stateAt)) {
      for (const variable of assignedNames(assign, stateLanguage, assignAt, outerNames, problems)) assignedHere.add(variable);
    }
    if (stateLanguage === 'JSONata') checkStatesFields(state, stateAt, problems);
    if (Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, index) => {
        if (isObject(branch)) nested.push({ owner: branch, at: `${stateAt}/Branches[${index}]`, language: stateLanguage });
      });
    }
    for (const field of ['ItemProcessor', 'Iterator']) {
      const processor = state[field];
      if (isObject(processor)) nested.push({ owner: processor, at: `${stateAt}/${field}`, language: stateLanguage });
    }
  }
  // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope: a Parallel branch or
  // Map iteration reads the outer scope's variables and may not declare a variable of the same name.
  const visible = new Set([...outerNames, ...assignedHere]);
  for (const inner of nested) checkScope(inner.owner, inner.at, visible, inner.language, problems);
}

/** The Assign blocks of a state: its own, each Choice rule's and each Catcher's. */
function assignBlocks(state: JsonObject, at: string): Array<{ assign: unknown; assignAt: string }> {
  const blocks: Array<{ assign: unknown; assignAt: string }> = [];
  if (state.Assign !== undefined) blocks.push({ assign: state.Assign, assignAt: `${at}/Assign` });
  for (const list of ['Choices', 'Catch'] as const) {
    const items = state[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      if (isObject(item) && item.Assign !== undefined) blocks.push({ assign: item.Assign, assignAt: `${at}/${list}[${index}]/Assign` });
    });
  }
  return blocks;
}

/** The variable names one Assign block declares, reporting the names AWS refuses. */
function assignedNames(assign: unknown, language: QueryLanguage, at: string, outerNames: ReadonlySet<string>, problems: string[]): string[] {
  if (!isObject(assign)) return [];
  const names: string[] = [];
  for (const key of Object.keys(assign)) {
    // In JSONPath, `name.$` takes its value from a path or intrinsic; the variable is `name`.
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    const keyAt = `${at}/${key}`;
    if (PARTIAL_ASSIGNMENT.test(name)) {
      // workflow-variables.html: "you can't assign values to part of a variable", e.g. {"x.y": 42} or {"x[2]": 42}.
      problem(problems, `The variable name '${name}' assigns part of a variable; only a whole variable can be assigned`, keyAt);
    } else if (!VARIABLE_NAME.test(name) || name.length > MAX_VARIABLE_NAME_LENGTH) {
      problem(problems, `The variable name '${name}' is not valid: it must be an identifier of at most ${MAX_VARIABLE_NAME_LENGTH} characters`, keyAt);
    } else if (RESERVED_VARIABLE_NAMES.has(name)) {
      problem(problems, `The variable name '${name}' is reserved`, keyAt);
    } else if (outerNames.has(name)) {
      problem(problems, `The variable '${name}' is already declared in an outer scope; a Parallel branch or Map iteration may not assign it`, keyAt);
    } else {
      names.push(name);
    }
  }
  return names;
}

/**
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (the reserved variable `$states`):
 * `$states.result` exists only in the Output and Assign of a Task, Parallel or Map state (the action's result);
 * `$states.errorOutput` only in the Output and Assign of a Catcher. Anywhere else AWS refuses the definition.
 */
function checkStatesFields(state: JsonObject, at: string, problems: string[]): void {
  const type = typeof state.Type === 'string' ? state.Type : '';
  for (const [field, value] of Object.entries(state)) {
    if (field === 'Catch' || field === 'Choices' || field === 'Branches' || field === 'ItemProcessor' || field === 'Iterator') continue;
    checkField(value, field, 'state', type, `${at}/${field}`, problems);
  }
  for (const list of ['Catch', 'Choices'] as const) {
    const items = state[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      for (const [field, value] of Object.entries(item)) {
        checkField(value, field, list === 'Catch' ? 'catch' : 'choice-rule', type, `${at}/${list}[${index}]/${field}`, problems);
      }
    });
  }
}

function checkField(value: unknown, field: string, place: FieldPlace, type: string, at: string, problems: string[]): void {
  const resultAllowed = place === 'state' && RESULT_STATE_TYPES.has(type) && (field === 'Output' || field === 'Assign');
  const errorOutputAllowed = place === 'catch' && (field === 'Output' || field === 'Assign');
  for (const expression of jsonataExpressions(value)) {
    if (!resultAllowed && STATES_RESULT.test(expression)) {
      problem(problems, `The variable '$states.result' is not available in the field '${field}'; it is available only in the Output and Assign of Task, Parallel and Map states`, at);
      return;
    }
    if (!errorOutputAllowed && STATES_ERROR_OUTPUT.test(expression)) {
      problem(problems, `The variable '$states.errorOutput' is not available in the field '${field}'; it is available only in the Output and Assign of a Catch`, at);
      return;
    }
  }
}

/** The `{% %}` expressions in a field value, at any depth of an object or array template. */
function jsonataExpressions(value: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (isJsonataString(next)) found.push(jsonataExpressionText(next));
    else if (Array.isArray(next)) pending.push(...next);
    else if (isObject(next)) pending.push(...Object.values(next));
  }
  return found;
}
