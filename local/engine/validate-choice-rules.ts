/**
 * The shape of a JSONPath Choice rule, checked at creation as AWS does (SCHEMA_VALIDATION_FAILED, naming the rule).
 * https://states-language.net/spec.html#choice-state:
 * - a rule is a boolean expression (And / Or with a non-empty array of rules, Not with one rule) or a data-test
 *   expression: a Variable path and exactly one comparison operator;
 * - only top-level rules carry Next; a rule nested in And / Or / Not must not;
 * - each operator takes one operand type: String* a string, Numeric* a number, Boolean* a boolean, Timestamp* a
 *   string, every *Path operator a path string, the Is* type tests a boolean.
 * The conformance corpus (AWS-recorded) uses every operator with exactly these operand types.
 */

type JsonObject = Record<string, unknown>;
type OperandType = 'STRING' | 'NUMBER' | 'BOOLEAN';

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

const COMPARISON = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;
const TYPE_TEST = /^Is(Null|Present|Numeric|String|Boolean|Timestamp)$/;
const COMBINATORS = ['And', 'Or', 'Not'] as const;
/** Fields of a top-level rule that are not part of its test (Output belongs to JSONata and is refused elsewhere). */
const TOP_LEVEL_EXTRAS = new Set(['Next', 'Comment', 'Assign', 'Output']);
const NESTED_EXTRAS = new Set(['Comment']);

/** The operand type an operator takes, or undefined when the name is not an operator at all. */
function operandType(operator: string): OperandType | undefined {
  if (TYPE_TEST.test(operator)) return 'BOOLEAN';
  const match = COMPARISON.exec(operator);
  if (!match) return undefined;
  // StringMatches has no Path form; BooleanEquals is the only Boolean comparison.
  if (match[3] === 'Path') return match[2] === 'Matches' ? undefined : 'STRING';
  if (match[2] === 'Matches' && match[1] !== 'String') return undefined;
  if (match[1] === 'Boolean' && match[2] !== 'Equals') return undefined;
  return match[1] === 'Numeric' ? 'NUMBER' : match[1] === 'Boolean' ? 'BOOLEAN' : 'STRING';
}

const matchesType = (value: unknown, type: OperandType): boolean =>
  type === 'STRING' ? typeof value === 'string' : type === 'NUMBER' ? typeof value === 'number' : typeof value === 'boolean';

/** Every problem of one JSONPath Choices[] entry (`at` is its location, e.g. `/States/C/Choices[0]`). */
export function choiceRuleProblems(rule: JsonObject, at: string): string[] {
  const problems: string[] = [];
  checkRule(rule, at, true, problems);
  return problems;
}

function problem(problems: string[], message: string, at: string): void {
  problems.push(`SCHEMA_VALIDATION_FAILED: ${message} at ${at}`);
}

function checkRule(rule: JsonObject, at: string, topLevel: boolean, problems: string[]): void {
  const extras = topLevel ? TOP_LEVEL_EXTRAS : NESTED_EXTRAS;
  const combinators = COMBINATORS.filter((field) => field in rule);
  const operators = Object.keys(rule).filter((field) => field !== 'Variable' && field !== 'Next' && !extras.has(field) && !(COMBINATORS as readonly string[]).includes(field));
  const known = operators.filter((field) => operandType(field) !== undefined);
  for (const field of operators) if (operandType(field) === undefined) problem(problems, `Field '${field}' is not supported`, at);
  if (!topLevel && 'Next' in rule) problem(problems, "Field 'Next' is not supported", at);

  if (combinators.length > 0) {
    if (combinators.length > 1 || 'Variable' in rule || known.length > 0) {
      problem(problems, 'Exactly one of these fields is required: [And, Or, Not, Variable]', at);
      return;
    }
    const [combinator] = combinators;
    if (combinator === 'Not') checkNested(rule.Not, `${at}/Not`, problems);
    else if (combinator !== undefined) checkList(rule[combinator], combinator, `${at}/${combinator}`, problems);
    return;
  }
  if (!('Variable' in rule)) {
    problem(problems, 'Exactly one of these fields is required: [And, Or, Not, Variable]', at);
    return;
  }
  if (typeof rule.Variable !== 'string') problem(problems, 'Expected value of type [STRING]', `${at}/Variable`);
  if (known.length !== 1) {
    if (operators.length === known.length) problem(problems, 'A rule with a Variable must have exactly one comparison operator', at);
    return;
  }
  const [operator] = known;
  const type = operator === undefined ? undefined : operandType(operator);
  if (operator !== undefined && type !== undefined && !matchesType(rule[operator], type)) {
    problem(problems, `Expected value of type [${type}]`, `${at}/${operator}`);
  }
}

function checkList(value: unknown, field: string, at: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problem(problems, 'Expected value of type [ARRAY]', at);
    return;
  }
  if (value.length === 0) problem(problems, `The field '${field}' should be non-empty`, at);
  value.forEach((inner, index) => checkNested(inner, `${at}[${index}]`, problems));
}

function checkNested(value: unknown, at: string, problems: string[]): void {
  if (!isObject(value)) {
    problem(problems, 'Expected value of type [OBJECT]', at);
    return;
  }
  checkRule(value, at, false, problems);
}
