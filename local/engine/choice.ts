/**
 * Choice rules, compiled once per definition for the state's query language.
 * JSONPath rules compare a `Variable` with a literal or with another path (`...Path` operators) and nest with
 * And/Or/Not; JSONata rules are a `Condition` expression that must yield a boolean.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 * https://states-language.net/spec.html#choice-state
 */
import { runtimeError } from './errors';
import { compileJsonataTemplate, isJsonataString } from './jsonata';
import { compilePath } from './jsonpath';
import { compareTimestamps, parseTimestamp } from './timestamp';
import { MISSING, type JsonataScope, type PathScope } from './types';

export type ChoiceScope = PathScope & JsonataScope;
type PathTest = (scope: PathScope) => boolean;

/**
 * One Choices[] rule (or Default-less test) compiled for the state's query language.
 * JSONPath: Variable + comparison operators, And/Or/Not; returns boolean synchronously.
 * JSONata: the `Condition` field; returns Promise<boolean>. `field` names the condition in error messages; AWS
 * names it by the rule's index, `Choices[0]/Condition`.
 */
export function compileChoiceRule(
  rule: Record<string, unknown>,
  language: 'JSONPath' | 'JSONata',
  field = 'Condition',
): (scope: ChoiceScope) => boolean | Promise<boolean> {
  if (language === 'JSONata') return compileCondition(rule.Condition, field);
  return compilePathRule(rule);
}

/** `Condition`: a `{% %}` expression that must evaluate to a boolean, or a literal boolean. */
function compileCondition(condition: unknown, field: string): (scope: JsonataScope) => Promise<boolean> {
  if (typeof condition === 'boolean') return () => Promise.resolve(condition);
  if (!isJsonataString(condition)) {
    throw new TypeError(`A JSONata Choice rule needs a boolean or "{% %}" Condition, got ${JSON.stringify(condition)}`);
  }
  const evaluate = compileJsonataTemplate(condition, field, { expect: 'boolean' });
  return async (scope) => (await evaluate(scope)) as boolean;
}

/** The data-test operators a JSONPath rule may use (each also exists with a `Path` suffix, except the Is* tests). */
const COMPARISONS: Readonly<Record<string, (variable: unknown, operand: unknown) => boolean>> = {
  StringEquals: (a, b) => typeof a === 'string' && typeof b === 'string' && a === b,
  StringLessThan: (a, b) => typeof a === 'string' && typeof b === 'string' && a < b,
  StringGreaterThan: (a, b) => typeof a === 'string' && typeof b === 'string' && a > b,
  StringLessThanEquals: (a, b) => typeof a === 'string' && typeof b === 'string' && a <= b,
  StringGreaterThanEquals: (a, b) => typeof a === 'string' && typeof b === 'string' && a >= b,
  StringMatches: (a, b) => typeof a === 'string' && typeof b === 'string' && wildcardPattern(b).test(a),
  NumericEquals: (a, b) => typeof a === 'number' && typeof b === 'number' && a === b,
  NumericLessThan: (a, b) => typeof a === 'number' && typeof b === 'number' && a < b,
  NumericGreaterThan: (a, b) => typeof a === 'number' && typeof b === 'number' && a > b,
  NumericLessThanEquals: (a, b) => typeof a === 'number' && typeof b === 'number' && a <= b,
  NumericGreaterThanEquals: (a, b) => typeof a === 'number' && typeof b === 'number' && a >= b,
  BooleanEquals: (a, b) => typeof a === 'boolean' && typeof b === 'boolean' && a === b,
  TimestampEquals: (a, b) => timestampOrder(a, b, (order) => order === 0),
  TimestampLessThan: (a, b) => timestampOrder(a, b, (order) => order < 0),
  TimestampGreaterThan: (a, b) => timestampOrder(a, b, (order) => order > 0),
  TimestampLessThanEquals: (a, b) => timestampOrder(a, b, (order) => order <= 0),
  TimestampGreaterThanEquals: (a, b) => timestampOrder(a, b, (order) => order >= 0),
};

/** Type tests: `"IsNull": false` asks "is not null". Each compares the test with the operator's boolean value. */
const TYPE_TESTS: Readonly<Record<string, (variable: unknown) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => parseTimestamp(value) !== undefined,
};

/** Fields of a rule that are not its test: the transition and, on a top-level rule, its Assign/Output. */
const NON_TEST_FIELDS = new Set(['Next', 'Comment', 'Assign', 'Output']);

function compilePathRule(rule: Record<string, unknown>): PathTest {
  if (Array.isArray(rule.And)) {
    const rules = rule.And.map((inner) => compilePathRule(inner as Record<string, unknown>));
    return (scope) => rules.every((test) => test(scope));
  }
  if (Array.isArray(rule.Or)) {
    const rules = rule.Or.map((inner) => compilePathRule(inner as Record<string, unknown>));
    return (scope) => rules.some((test) => test(scope));
  }
  if (rule.Not !== undefined && rule.Not !== null && typeof rule.Not === 'object') {
    const inner = compilePathRule(rule.Not as Record<string, unknown>);
    return (scope) => !inner(scope);
  }
  return compileDataTest(rule);
}

/** `Variable` plus exactly one operator. */
function compileDataTest(rule: Record<string, unknown>): PathTest {
  const variableText = rule.Variable;
  if (typeof variableText !== 'string') throw new TypeError(`A Choice rule needs a Variable path, got ${JSON.stringify(rule)}`);
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && !NON_TEST_FIELDS.has(key));
  if (operator === undefined) throw new TypeError(`The Choice rule on '${variableText}' has no comparison operator`);
  const operand = rule[operator];
  const variable = compilePath(variableText);

  if (operator === 'IsPresent') {
    // IsPresent is the only test that may look at a path that selects nothing, including an unassigned variable.
    return (scope) => {
      let value: unknown;
      try {
        value = variable.read(scope);
      } catch {
        value = MISSING;
      }
      return (value !== MISSING) === operand;
    };
  }

  /** Every other test fails the state when its Variable selects nothing (guard with IsPresent, as AWS advises). */
  const readVariable = (scope: PathScope): unknown => readOrFail(variable.read(scope), variableText);

  const typeTest = TYPE_TESTS[operator];
  if (typeTest) return (scope) => typeTest(readVariable(scope)) === operand;

  const comparison = COMPARISONS[operator];
  if (comparison) return (scope) => comparison(readVariable(scope), operand);

  const pathComparison = operator.endsWith('Path') ? COMPARISONS[operator.slice(0, -'Path'.length)] : undefined;
  if (pathComparison && typeof operand === 'string') {
    const other = compilePath(operand);
    return (scope) => pathComparison(readVariable(scope), readOrFail(other.read(scope), operand));
  }
  throw new TypeError(`Unknown Choice rule operator '${operator}'`);
}

/** AWS: "Invalid path '$.foo': The choice state's condition path references an invalid value." (States.Runtime). */
function readOrFail(value: unknown, pathText: string): unknown {
  if (value === MISSING) throw runtimeError(`Invalid path '${pathText}': The choice state's condition path references an invalid value.`);
  return value;
}

function timestampOrder(a: unknown, b: unknown, accept: (order: number) => boolean): boolean {
  const left = parseTimestamp(a);
  const right = parseTimestamp(b);
  return left !== undefined && right !== undefined && accept(compareTimestamps(left, right));
}

const wildcardCache = new Map<string, RegExp>();

/**
 * StringMatches: `*` matches any run of characters (including none); `\*` is a literal asterisk and `\\` a literal
 * backslash; every other character matches itself. The whole string must match.
 */
export function wildcardPattern(pattern: string): RegExp {
  let regex = wildcardCache.get(pattern);
  if (regex) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    const following = pattern.charAt(i + 1);
    if (c === '\\' && (following === '*' || following === '\\')) {
      source += escapeRegExp(following);
      i++;
    } else if (c === '*') {
      source += '[\\s\\S]*';
    } else {
      source += escapeRegExp(c);
    }
  }
  regex = new RegExp(`^${source}$`, 'u');
  wildcardCache.set(pattern, regex);
  return regex;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
