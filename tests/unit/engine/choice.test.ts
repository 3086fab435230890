import { compileChoiceRule, type ChoiceScope } from '../../../local/engine/choice';
import { compareTimestamps, parseTimestamp } from '../../../local/engine/timestamp';
import { StateEvaluationError } from '../../../local/engine/errors';
import { MISSING } from '../../../local/engine/types';

/** One scope for both languages: `$` / `$states.input` is `input`, variables come from `variables`. */
function scopeOf(input: unknown, variables: Record<string, unknown> = {}): ChoiceScope {
  const get = (name: string) => (Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : MISSING);
  return { input, context: { Execution: { Input: input } }, variables: { get }, states: { input, context: {} } };
}

/** Evaluates a JSONPath rule against `{ Variable: variable, Value: value }`, as AWS's recorded comparisons do. */
function jsonPathRule(rule: Record<string, unknown>, input: unknown, variables?: Record<string, unknown>): boolean {
  const result = compileChoiceRule({ ...rule, Next: 'Matched' }, 'JSONPath')(scopeOf(input, variables));
  if (typeof result !== 'boolean') throw new Error('a JSONPath rule must answer synchronously');
  return result;
}

function failureOf(act: () => unknown): StateEvaluationError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(StateEvaluationError);
    return error as StateEvaluationError;
  }
  throw new Error('expected a failure');
}

describe('compileChoiceRule (JSONPath): comparisons with a literal', () => {
  it.each([
    ['StringEquals', 'Hello', 'Hello', true],
    ['StringEquals', 'Hello', 'hello', false],
    ['StringEquals', 'HelloWorld', 0, false],
    ['StringEquals', 'HelloWorld', null, false],
    ['StringEquals', 'HelloWorld', ['HelloWorld'], false],
    ['StringLessThan', 'AB', 'A', true],
    ['StringLessThan', 'A', 'AB', false],
    ['StringLessThan', '', '', false],
    ['StringGreaterThan', 'A', 'AB', true],
    ['StringGreaterThan', 'A ', 'A', false],
    ['StringLessThanEquals', '', '', true],
    ['StringLessThanEquals', 'A', 'AB', false],
    ['StringGreaterThanEquals', 'A', 'AB', true],
    ['StringGreaterThanEquals', 'AB', 'A', false],
    ['StringGreaterThanEquals', 'A', 1, false],
    ['NumericEquals', 5, 5, true],
    ['NumericEquals', 5, 5.0, true],
    ['NumericEquals', 5, '5', false],
    ['NumericEquals', 5, { N: '5' }, false],
    ['NumericEquals', 1, true, false],
    ['NumericLessThan', 1, 0.5, true],
    ['NumericLessThan', 1, 1, false],
    ['NumericGreaterThan', 1, 1.1, true],
    ['NumericGreaterThan', 1, '2', false],
    ['NumericLessThanEquals', 1, 1, true],
    ['NumericLessThanEquals', 1, 2, false],
    ['NumericGreaterThanEquals', 1, 1, true],
    ['NumericGreaterThanEquals', 1, -1, false],
    ['BooleanEquals', true, true, true],
    ['BooleanEquals', false, false, true],
    ['BooleanEquals', true, false, false],
    ['BooleanEquals', true, 'true', false],
    ['BooleanEquals', false, 0, false],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T21:00:55+02:00', true],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55.000Z', true],
    ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09 19:00:55Z', false],
    ['TimestampEquals', '2012-10-09T19:00:55Z', 0, false],
    ['TimestampLessThan', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55.999999999Z', true],
    ['TimestampLessThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', false],
    ['TimestampGreaterThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', true],
    ['TimestampGreaterThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55.1-00:00', true],
    ['TimestampLessThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampLessThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', false],
    ['TimestampGreaterThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampGreaterThanEquals', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', false],
  ])('%s %j against %j is %s', (operator, operand, variable, expected) => {
    // Act
    const result = jsonPathRule({ Variable: '$.Variable', [operator]: operand }, { Variable: variable });

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['order-*', 'order-42', true],
    ['order-*', 'order-', true],
    ['order-*', 'Order-42', false],
    ['*.log', 'app.log', true],
    ['*.log', 'app.logs', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'aXb', false],
    ['a\\\\*', 'a\\anything', true],
    ['(x)+[y]', '(x)+[y]', true],
  ])('StringMatches %j against %j is %s', (pattern, variable, expected) => {
    // Act
    const result = jsonPathRule({ Variable: '$.v', StringMatches: pattern }, { v: variable });

    // Assess
    expect(result).toBe(expected);
  });
});

describe('compileChoiceRule (JSONPath): comparisons with another path', () => {
  it.each([
    ['StringEqualsPath', 'Hello', 'Hello', true],
    ['StringEqualsPath', '\t\n', '\t\r\n', false],
    ['StringLessThanPath', 'A', 'AB', true],
    ['StringGreaterThanPath', 'AB', 'A', true],
    ['StringLessThanEqualsPath', 'A', 'A', true],
    ['StringGreaterThanEqualsPath', 'A', 'AB', false],
    ['StringMatchesPath', 'log-1', 'log-*', true],
    ['NumericEqualsPath', 1, 1, true],
    ['NumericEqualsPath', 1, '1', false],
    ['NumericLessThanPath', 1, 2, true],
    ['NumericGreaterThanPath', 1, 2, false],
    ['NumericLessThanEqualsPath', 2, 2, true],
    ['NumericGreaterThanEqualsPath', 3, 2, true],
    ['BooleanEqualsPath', true, true, true],
    ['BooleanEqualsPath', true, 'true', false],
    ['TimestampEqualsPath', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
    ['TimestampLessThanPath', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', true],
    ['TimestampGreaterThanPath', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', false],
    ['TimestampLessThanEqualsPath', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', false],
    ['TimestampGreaterThanEqualsPath', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', true],
    ['TimestampEqualsPath', '2012-10-09T19:00:55Z', 'not a timestamp', false],
  ])('%s: %j against $.Value %j is %s', (operator, variable, value, expected) => {
    // Act
    const result = jsonPathRule({ Variable: '$.Variable', [operator]: '$.Value' }, { Variable: variable, Value: value });

    // Assess
    expect(result).toBe(expected);
  });

  it('reads workflow variables and the context object as paths', () => {
    // Act
    const variables = jsonPathRule({ Variable: '$guess', StringEqualsPath: '$answer' }, {}, { guess: '42', answer: '42' });
    const context = jsonPathRule({ Variable: '$$.Execution.Input.n', NumericLessThanEquals: 0 }, { n: 0 });

    // Assess
    expect(variables).toBe(true);
    expect(context).toBe(true);
  });
});

describe('compileChoiceRule (JSONPath): type tests', () => {
  it.each([
    ['IsNull', true, null, true],
    ['IsNull', true, 0, false],
    ['IsNull', false, 'x', true],
    ['IsNumeric', true, 1.5, true],
    ['IsNumeric', true, '1', false],
    ['IsNumeric', false, true, true],
    ['IsString', true, '', true],
    ['IsString', true, [], false],
    ['IsBoolean', true, false, true],
    ['IsBoolean', true, 'false', false],
    ['IsTimestamp', true, '2016-03-14T01:59:00Z', true],
    ['IsTimestamp', true, '2016-03-14T01:59:00.123456789+05:30', true],
    ['IsTimestamp', true, '2016-03-14t01:59:00z', false],
    ['IsTimestamp', true, '2016-03-14T01:59:00', false],
    ['IsTimestamp', true, '2016-02-30T01:59:00Z', false],
    ['IsTimestamp', false, 1457920740, true],
    ['IsPresent', true, null, true],
    ['IsPresent', false, 'x', false],
  ])('%s: %j on %j is %s', (operator, operand, variable, expected) => {
    // Act
    const result = jsonPathRule({ Variable: '$.v', [operator]: operand }, { v: variable });

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    [true, false],
    [false, true],
  ])('IsPresent %s on a missing path or an unassigned variable is %s', (operand, expected) => {
    // Act
    const missingField = jsonPathRule({ Variable: '$.absent', IsPresent: operand }, {});
    const missingVariable = jsonPathRule({ Variable: '$absent', IsPresent: operand }, {});

    // Assess
    expect(missingField).toBe(expected);
    expect(missingVariable).toBe(expected);
  });
});

describe('compileChoiceRule (JSONPath): missing paths', () => {
  it.each([
    [{ Variable: '$.missing', NumericEquals: 1 }, '$.missing'],
    [{ Variable: '$.missing', IsNull: true }, '$.missing'],
    [{ Variable: '$.v', StringEqualsPath: '$.other' }, '$.other'],
    [{ And: [{ Variable: '$.v', IsString: true }, { Variable: '$.missing.deeper', BooleanEquals: true }] }, '$.missing.deeper'],
  ])('%j fails with States.Runtime naming %s', (rule, path) => {
    // Act
    const failure = failureOf(() => jsonPathRule(rule, { v: 'x' }));

    // Assess
    expect(failure.error).toBe('States.Runtime');
    expect(failure.detail).toBe(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
  });
});

describe('compileChoiceRule (JSONPath): And, Or, Not', () => {
  const inTwenties = { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }] };

  it.each([
    [inTwenties, { value: 22 }, true],
    [inTwenties, { value: 30 }, false],
    [{ Or: [{ Variable: '$.type', StringEquals: 'A' }, { Variable: '$.type', StringEquals: 'B' }] }, { type: 'B' }, true],
    [{ Or: [{ Variable: '$.type', StringEquals: 'A' }, { Variable: '$.type', StringEquals: 'B' }] }, { type: 'C' }, false],
    [{ Not: { Variable: '$.type', StringEquals: 'Private' } }, { type: 'Private' }, false],
    [{ Not: { Variable: '$.type', StringEquals: 'Private' } }, { type: 'Public' }, true],
    [{ And: [{ Variable: '$.type', StringEquals: 'Public' }] }, { type: 'Public' }, true],
    [{ Or: [{ Not: inTwenties }, { Variable: '$.vip', BooleanEquals: true }] }, { value: 25, vip: true }, true],
    [{ Or: [{ Not: inTwenties }, { Variable: '$.vip', BooleanEquals: true }] }, { value: 25, vip: false }, false],
  ])('%j on %j is %s', (rule, input, expected) => {
    // Act
    const result = jsonPathRule(rule, input);

    // Assess
    expect(result).toBe(expected);
  });

  it('stops at the first deciding operand, so a guarded missing path is never read', () => {
    // Prepare
    const guarded = { And: [{ Variable: '$.discount', IsPresent: true }, { Variable: '$.discount', NumericGreaterThan: 0 }] };

    // Act
    const result = jsonPathRule(guarded, {});

    // Assess
    expect(result).toBe(false);
  });
});

describe('compileChoiceRule (JSONata): Condition', () => {
  it.each([
    ['{% $states.input.value >= 20 and $states.input.value < 30 %}', { value: 22 }, {}, true],
    ["{% $not($states.input.type = 'Private') %}", { type: 'Private' }, {}, false],
    ['{% $states.input.str = "string literal" %}', { str: 'string literal' }, {}, true],
    ['{% $limit > 10 %}', {}, { limit: 11 }, true],
    [true, {}, {}, true],
    [false, {}, {}, false],
  ])('%j on %j is %s', async (condition, input, variables, expected) => {
    // Act
    const result = await compileChoiceRule({ Condition: condition, Next: 'Matched' }, 'JSONata')(scopeOf(input, variables));

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['{% $states.input.flag %}', { flag: 'yes' }, "returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\""],
    ['{% $states.input.missing %}', {}, 'returned nothing (undefined).'],
  ])('%s on %j fails with States.QueryEvaluationError', async (condition, input, problem) => {
    // Prepare
    const rule = compileChoiceRule({ Condition: condition, Next: 'Matched' }, 'JSONata', 'Choices[1]/Condition');

    // Act
    const outcome = await Promise.resolve(rule(scopeOf(input))).catch((error: StateEvaluationError) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StateEvaluationError);
    expect((outcome as StateEvaluationError).error).toBe('States.QueryEvaluationError');
    expect((outcome as StateEvaluationError).detail).toBe(
      `The JSONata expression '${condition.slice(2, -2).trim()}' specified for the field 'Choices[1]/Condition' ${problem}`,
    );
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2016-03-14T01:59:00Z', '2016-03-14T01:59:00.000000000+00:00', 0],
    ['2016-03-14T01:59:00+01:00', '2016-03-14T00:59:00Z', 0],
    ['2016-03-14T01:59:00.5Z', '2016-03-14T01:59:00.499999999Z', 1],
    ['2016-12-31T23:59:59-05:00', '2017-01-01T04:59:58Z', 1],
  ])('orders %s against %s as %i', (left, right, sign) => {
    // Act
    const order = compareTimestamps(parseTimestamp(left)!, parseTimestamp(right)!);

    // Assess
    expect(Math.sign(order)).toBe(sign);
  });

  it.each(['2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '05-12-2016T21:29:29Z', '2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2024-02-30T00:00:00Z', ''])(
    'refuses %j',
    (text) => {
      // Act
      const parsed = parseTimestamp(text);

      // Assess
      expect(parsed).toBeUndefined();
    },
  );
});
