import { problemsOf } from './definition-problems';

/** The problems validateDefinition reports for a Choice state with one rule, or [] when it accepts it. */
function problemsOfRule(rule: Record<string, unknown>): string[] {
  return problemsOf({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [rule], Default: 'E' }, E: { Type: 'Succeed' } } });
}

const AT = '/States/C/Choices[0]';

// https://states-language.net/spec.html#choice-state (Choice Rules, Boolean expressions, data-test expressions)
describe('JSONPath Choice rules at CreateStateMachine', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a Next inside And', { And: [{ Variable: '$.a', IsPresent: true, Next: 'E' }], Next: 'E' }, `Field 'Next' is not supported at ${AT}/And[0]`],
    ['a Next inside Not', { Not: { Variable: '$.a', IsNull: true, Next: 'E' }, Next: 'E' }, `Field 'Next' is not supported at ${AT}/Not`],
    ['two comparison operators', { Variable: '$.a', IsPresent: true, IsNull: false, Next: 'E' }, `A rule with a Variable must have exactly one comparison operator at ${AT}`],
    ['no comparison operator', { Variable: '$.a', Next: 'E' }, `A rule with a Variable must have exactly one comparison operator at ${AT}`],
    ['an operator without Variable', { StringEquals: 'x', Next: 'E' }, `Exactly one of these fields is required: [And, Or, Not, Variable] at ${AT}`],
    ['And beside a Variable', { And: [{ Variable: '$.a', IsPresent: true }], Variable: '$.b', Next: 'E' }, `Exactly one of these fields is required: [And, Or, Not, Variable] at ${AT}`],
    ['a misspelt operator', { Variable: '$.a', StringEqualz: 'x', Next: 'E' }, `Field 'StringEqualz' is not supported at ${AT}`],
    ['StringMatchesPath, which does not exist', { Variable: '$.a', StringMatchesPath: '$.b', Next: 'E' }, `Field 'StringMatchesPath' is not supported at ${AT}`],
    ['a number operand for StringEquals', { Variable: '$.a', StringEquals: 1, Next: 'E' }, `Expected value of type [STRING] at ${AT}/StringEquals`],
    ['a string operand for NumericEquals', { Variable: '$.a', NumericEquals: '1', Next: 'E' }, `Expected value of type [NUMBER] at ${AT}/NumericEquals`],
    ['a string operand for BooleanEquals', { Variable: '$.a', BooleanEquals: 'true', Next: 'E' }, `Expected value of type [BOOLEAN] at ${AT}/BooleanEquals`],
    ['a string operand for IsNull', { Variable: '$.a', IsNull: 'yes', Next: 'E' }, `Expected value of type [BOOLEAN] at ${AT}/IsNull`],
    ['a number operand for a Path operator', { Variable: '$.a', NumericEqualsPath: 1, Next: 'E' }, `Expected value of type [STRING] at ${AT}/NumericEqualsPath`],
    ['an empty Or', { Or: [], Next: 'E' }, `The field 'Or' should be non-empty at ${AT}/Or`],
    ['a Not that is not a rule', { Not: [{ Variable: '$.a', IsNull: true }], Next: 'E' }, `Expected value of type [OBJECT] at ${AT}/Not`],
  ])('refuses %s', (_name, rule, expected) => {
    expect(problemsOfRule(rule)).toEqual([`SCHEMA_VALIDATION_FAILED: ${expected}`]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a data test', { Variable: '$.a', NumericGreaterThanEquals: 1.5, Next: 'E' }],
    ['a path comparison', { Variable: '$.a', TimestampLessThanPath: '$.b', Next: 'E' }],
    ['nested combinators', { And: [{ Not: { Variable: '$.a', IsNull: true } }, { Or: [{ Variable: '$.b', StringMatches: 'x*' }, { Variable: '$.c', BooleanEquals: true }] }], Next: 'E' }],
    ['a rule with Comment and Assign', { Variable: '$.a', IsPresent: true, Next: 'E', Comment: 'why', Assign: { seen: true } }],
  ])('accepts %s', (_name, rule) => {
    expect(problemsOfRule(rule)).toEqual([]);
  });
});

// https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html: a JSONata rule's Condition is a `{% %}`
// expression yielding a boolean, or a boolean (the corpus records `"Condition": true` as accepted).
describe('JSONata Choice Condition at CreateStateMachine', () => {
  const withCondition = (condition: unknown): string[] => {
    return problemsOf({ QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: condition, Next: 'E' }], Default: 'E' }, E: { Type: 'Succeed' } } });
  };

  it.each([5, 'yes', null, { a: 1 }, ' {% true %} '])('refuses %p', (condition) => {
    expect(withCondition(condition)).toEqual([
      `SCHEMA_VALIDATION_FAILED: The value for the field 'Condition' must be a boolean or a JSONata expression at ${AT}/Condition`,
    ]);
  });

  it.each([true, false, '{% $states.input.ok %}'])('accepts %p', (condition) => {
    expect(withCondition(condition)).toEqual([]);
  });
});
