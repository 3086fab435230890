import { compileIntrinsic, formatValue, isIntrinsic } from '../../../local/engine/intrinsics';
import { MISSING, type PathScope } from '../../../local/engine/types';

const scopeOf = (input: unknown, variables: Record<string, unknown> = {}, context: unknown = {}): PathScope => ({
  input,
  context,
  variables: { get: (name) => (Object.hasOwn(variables, name) ? variables[name] : MISSING) },
});

const run = (text: string, input: unknown = {}, variables: Record<string, unknown> = {}) =>
  compileIntrinsic(text, 'result.$')(scopeOf(input, variables, { Execution: { Name: 'run-1' } }));

describe('isIntrinsic', () => {
  it.each([
    ["States.Format('x')", true],
    ['  States.UUID()', true],
    ['$.a', false],
    ['States.Format', false],
    ['MyStates.Array()', false],
  ])('%s → %s', (text, expected) => {
    // Act
    const result = isIntrinsic(text);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('argument parsing', () => {
  it.each([
    ["States.Array('it\\'s', 'a \\{brace\\}', 'back\\\\slash')", ["it's", 'a {brace}', 'back\\slash']],
    ['States.Array(1, -2.5, 1e3, true, false, null)', [1, -2.5, 1000, true, false, null]],
    ['States.Array($.a, $$.Execution.Name, $v)', [1, 'run-1', 'var']],
    ["States.Array( $.a ,  'x' )", [1, 'x']],
    ["States.Array($.list[?(@ > 1)], $['odd, key'])", [[2, 3], 'odd']],
    ['States.Array(States.Array(1), States.ArrayLength($.list))', [[1], 3]],
    ['States.Array()', []],
  ])('%s', (text, expected) => {
    // Act
    const result = run(text, { a: 1, list: [1, 2, 3], 'odd, key': 'odd' }, { v: 'var' });

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ["States.Array('unterminated)", 'States.Runtime'],
    ['States.Array(1 2)', 'States.Runtime'],
    ['States.Array(bare)', 'States.Runtime'],
    ['States.Unknown(1)', 'States.Runtime'],
    ['States.Array(1) trailing', 'States.Runtime'],
  ])('refuses the malformed call %s', (text, error) => {
    // Act
    const act = () => compileIntrinsic(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error }));
  });

  it('fails with States.Runtime naming the field when a path argument selects nothing', () => {
    // Act
    const act = () => run('States.Array($.missing)', { present: true });

    // Assess
    expect(act).toThrow(
      expect.objectContaining({
        error: 'States.Runtime',
        detail: `The JSONPath '$.missing' specified for the field 'result.$' could not be found in the input '{"present":true}'`,
      }),
    );
  });

  it.each([
    ['States.ArrayLength()', 'expected 1 but received 0'],
    ['States.MathAdd(1)', 'expected 2 but received 1'],
    ['States.MathRandom(1, 2, 3, 4)', 'expected 2 to 3 but received 4'],
    ['States.Format()', 'expected at least 1 but received 0'],
    ['States.UUID(1)', 'expected 0 but received 1'],
  ])('fails with States.IntrinsicFailure for the wrong number of arguments: %s', (text, message) => {
    // Act
    const act = () => compileIntrinsic(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure', detail: expect.stringContaining(message) }));
  });
});

describe('States.Format', () => {
  it.each([
    ["States.Format('Hello {}, you owe {}.', $.name, $.amount)", 'Hello Ada, you owe 12.5.'],
    ["States.Format('{} {} {} {}', $.nothing, $.yes, $.int, $.neg)", 'null true 3 -4'],
    ["States.Format('obj={} arr={}', $.obj, $.arr)", 'obj={a=1, b=[x, null]} arr=[1, two, {c=true}]'],
    ["States.Format('literal \\{} and {}', 'value')", 'literal {} and value'],
    ['States.Format($.template, $.name)', 'Dear Ada'],
    ["States.Format('no placeholders')", 'no placeholders'],
  ])('%s', (text, expected) => {
    // Prepare
    const input = { name: 'Ada', amount: 12.5, nothing: null, yes: true, int: 3, neg: -4, template: 'Dear {}' };

    // Act
    const result = run(text, { ...input, obj: { a: 1, b: ['x', null] }, arr: [1, 'two', { c: true }] });

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ["States.Format('{} and {}', 'one')", '2 placeholder(s)'],
    ["States.Format('none', 'extra')", '0 placeholder(s)'],
    ['States.Format(5)', 'argument 1 must be a string'],
  ])('fails with States.IntrinsicFailure for %s', (text, message) => {
    // Act
    const act = () => run(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure', detail: expect.stringContaining(message) }));
  });

  it('formats numbers without a trailing .0', () => {
    // Act
    const texts = [formatValue(1), formatValue(1.1), formatValue(-0), formatValue(1e-7)];

    // Assess
    expect(texts).toEqual(['1', '1.1', '0', '1e-7']);
  });
});

describe('JSON functions', () => {
  it.each([
    ['States.StringToJson($.s)', { s: '{"a": [1, 2]}' }, { a: [1, 2] }],
    ['States.StringToJson($.s)', { s: '' }, null],
    ['States.StringToJson($.s)', { s: '  ' }, null],
    ['States.StringToJson($.s)', { s: '-0' }, -0],
    ['States.JsonToString($.v)', { v: { a: 1, b: [true, 'x'] } }, '{"a":1,"b":[true,"x"]}'],
    ['States.JsonToString($.v)', { v: 'text' }, '"text"'],
    ['States.JsonToString($.v)', { v: 2.0 }, '2'],
    ['States.JsonMerge($.a, $.b, false)', { a: { x: { deep: 1 }, y: 1 }, b: { x: { other: 2 }, z: 3 } }, { x: { other: 2 }, y: 1, z: 3 }],
  ])('%s with %j', (text, input, expected) => {
    // Act
    const result = run(text, input);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ['States.StringToJson($.s)', { s: '{broken' }, 'not valid JSON'],
    ['States.StringToJson($.s)', { s: 5 }, 'argument 1 must be a string'],
    ['States.JsonMerge($.a, $.b, true)', { a: {}, b: {} }, 'deep merging is not supported'],
    ['States.JsonMerge($.a, $.b, false)', { a: [], b: {} }, 'argument 1 must be a JSON object'],
    ['States.JsonMerge($.a, $.b, 0)', { a: {}, b: {} }, 'argument 3 must be a boolean'],
  ])('%s fails with States.IntrinsicFailure for %j', (text, input, message) => {
    // Act
    const act = () => run(text, input);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure', detail: expect.stringContaining(message) }));
  });
});

describe('array functions', () => {
  it.each([
    ['States.Array($.a, $.b)', { a: 'x', b: { y: 1 } }, ['x', { y: 1 }]],
    ['States.ArrayPartition($.l, 2)', { l: [1, 2, 3, 4, 5] }, [[1, 2], [3, 4], [5]]],
    ['States.ArrayPartition($.l, 4)', { l: [] }, []],
    ['States.ArrayContains($.l, $.v)', { l: [1, { a: [2] }], v: { a: [2] } }, true],
    ['States.ArrayContains($.l, $.v)', { l: [[1, 2]], v: [2, 1] }, false],
    ['States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayRange(0, 10, 3)', {}, [0, 3, 6, 9]],
    ['States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]],
    ['States.ArrayRange(5, 1, 2)', {}, []],
    ['States.ArrayGetItem($.l, 1)', { l: ['a', 'b'] }, 'b'],
    ['States.ArrayLength($.l)', { l: [1, 2, 3] }, 3],
    ['States.ArrayUnique($.l)', { l: [1, 1, 'a', { k: 1 }, { k: 1 }, null, null] }, [1, 'a', { k: 1 }, null]],
  ])('%s with %j', (text, input, expected) => {
    // Act
    const result = run(text, input);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ['States.ArrayPartition($.l, 0)', { l: [1] }, 'chunk size must be a positive integer'],
    ['States.ArrayPartition($.l, 0.4)', { l: [1] }, 'chunk size must be a positive integer'],
    ['States.ArrayPartition($.l, \'2\')', { l: [1] }, 'argument 2 must be an integer'],
    ['States.ArrayPartition($.l, 1)', { l: 'abc' }, 'argument 1 must be an array'],
    ['States.ArrayContains($.l, 1)', { l: {} }, 'argument 1 must be an array'],
    ['States.ArrayRange(0, 5, 0)', {}, 'the step must not be 0'],
    ['States.ArrayRange(0, 2000, 1)', {}, 'more than the 1000 allowed'],
    ['States.ArrayRange(0, 2, 0.4)', {}, 'the step must not be 0'],
    ['States.ArrayGetItem($.l, 2)', { l: [1, 2] }, 'index 2 is out of bounds'],
    ['States.ArrayGetItem($.l, -1)', { l: [1, 2] }, 'index -1 is out of bounds'],
    ['States.ArrayLength($.l)', { l: 'abc' }, 'argument 1 must be an array'],
    ['States.ArrayUnique($.l)', { l: null }, 'argument 1 must be an array'],
  ])('%s fails with States.IntrinsicFailure for %j', (text, input, message) => {
    // Act
    const act = () => run(text, input);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure', detail: expect.stringContaining(message) }));
  });
});

describe('encoding, hashing, math, strings and ids', () => {
  it.each([
    ['States.Base64Encode($.s)', { s: 'Data to encode' }, 'RGF0YSB0byBlbmNvZGU='],
    ['States.Base64Encode($.s)', { s: 'é' }, 'w6k='],
    ['States.Base64Decode($.s)', { s: 'RGF0YSB0byBlbmNvZGU=' }, 'Data to encode'],
    ['States.Base64Decode($.s)', { s: '' }, ''],
    ['States.Hash($.s, $.a)', { s: 'abc', a: 'MD5' }, '900150983cd24fb0d6963f7d28e17f72'],
    ['States.Hash($.s, $.a)', { s: 'abc', a: 'SHA-1' }, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['States.Hash($.s, $.a)', { s: 'abc', a: 'SHA-256' }, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'States.Hash($.s, $.a)',
      { s: 'abc', a: 'SHA-384' },
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    ],
    [
      'States.Hash($.s, $.a)',
      { s: 'abc', a: 'SHA-512' },
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
    ['States.MathAdd($.a, $.b)', { a: 1.5, b: 1.51 }, 4],
    ['States.MathAdd($.a, $.b)', { a: -1.5, b: 0 }, -1],
    ['States.MathAdd($.a, $.b)', { a: -2.5, b: -0.5 }, -2],
    ['States.MathAdd(111, -1)', {}, 110],
    ['States.StringSplit($.s, ",")'.replace('","', "','"), { s: 'a,b,,c,' }, ['a', 'b', 'c']],
    ["States.StringSplit($.s, '.+=')", { s: 'This.is+a=test' }, ['This', 'is', 'a', 'test']],
    ["States.StringSplit($.s, ',')", { s: ',,,' }, []],
  ])('%s with %j', (text, input, expected) => {
    // Act
    const result = run(text, input);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ['States.Base64Encode($.s)', { s: 'x'.repeat(10_001) }, 'at most 10000 characters'],
    ['States.Base64Decode($.s)', { s: 'not base64!' }, 'not valid Base64'],
    ['States.Hash($.s, $.a)', { s: 'abc', a: 'SHA-3' }, 'must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512'],
    ['States.Hash($.s, $.a)', { s: 1, a: 'MD5' }, 'argument 1 must be a string'],
    ['States.MathAdd($.a, 1)', { a: '1' }, 'argument 1 must be an integer'],
    ['States.MathAdd($.a, 1)', { a: 2147483648 }, 'argument 1 must be between -2147483648 and 2147483647'],
    ['States.MathAdd(1, $.b)', { b: -2147483649 }, 'argument 2 must be between -2147483648 and 2147483647'],
    ['States.MathRandom(5.4, 5)', {}, 'must be greater than the start'],
    ['States.MathRandom(5, 5)', {}, 'must be greater than the start'],
    ['States.StringSplit($.s, 1)', { s: 'a' }, 'argument 2 must be a string'],
  ])('%s fails with States.IntrinsicFailure for %j', (text, input, message) => {
    // Act
    const act = () => run(text, input);

    // Assess
    expect(act).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure', detail: expect.stringContaining(message) }));
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html: a non-integer argument where an
  // integer is expected is rounded to the nearest integer (halves up, as the recorded MathAdd runs show).
  it.each([
    ['States.ArrayPartition($.l, 1.5)', { l: [1, 2, 3] }, [[1, 2], [3]]],
    ['States.ArrayPartition($.l, 1.4)', { l: [1, 2, 3] }, [[1], [2], [3]]],
    ['States.ArrayRange(0.5, 4.4, 1.6)', {}, [1, 3]],
    ['States.ArrayRange(-0.5, 1, 1)', {}, [0, 1]],
    ['States.ArrayGetItem($.l, 0.6)', { l: ['a', 'b'] }, 'b'],
    ['States.ArrayGetItem($.l, 1.49)', { l: ['a', 'b'] }, 'b'],
    ['States.MathRandom(2.5, 4.4)', {}, 3],
  ])('rounds non-integer arguments: %s with %j', (text, input, expected) => {
    // Act
    const result = run(text, input);

    // Assess
    expect(result).toEqual(expected);
  });

  it('draws MathRandom integers within [start, end)', () => {
    // Act
    const draws = Array.from({ length: 200 }, () => run('States.MathRandom(3, 6)') as number);

    // Assess
    expect(draws.every((n) => Number.isInteger(n) && n >= 3 && n < 6)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });

  it('repeats MathRandom for the same seed', () => {
    // Act
    const first = run('States.MathRandom(0, 1000, 42)');
    const second = run('States.MathRandom(0, 1000, 42)');

    // Assess
    expect(second).toBe(first);
  });

  it('returns a fresh version 4 UUID on every call', () => {
    // Act
    const first = run('States.UUID()') as string;
    const second = run('States.UUID()') as string;

    // Assess
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });
});
