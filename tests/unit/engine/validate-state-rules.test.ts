import { problemsOfState, task } from './definition-problems';

// https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html: ErrorPath/CausePath may call only the
// intrinsics that return a string (States.Format, JsonToString, ArrayGetItem, Base64Encode/Decode, Hash, UUID).
describe('Fail ErrorPath and CausePath intrinsics', () => {
  it.each([
    ['CausePath', 'States.StringToJson($.a)', 'States.StringToJson'],
    ['ErrorPath', 'States.ArrayLength($.a)', 'States.ArrayLength'],
    ['ErrorPath', 'States.MathAdd(1, 2)', 'States.MathAdd'],
  ])('refuses %s = %s', (field, value, name) => {
    expect(problemsOfState({ Type: 'Fail', [field]: value })).toEqual([
      `SCHEMA_VALIDATION_FAILED: The intrinsic function '${name}' is not supported in '${field}'; use one that returns a string: [States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode, States.Base64Decode, States.Hash, States.UUID] at /States/S/${field}`,
    ]);
  });

  it.each([
    ['CausePath', "States.Format('order {} failed', $.id)"],
    ['ErrorPath', 'States.ArrayGetItem($.errors, 0)'],
    ['CausePath', 'States.JsonToString($.detail)'],
    ['ErrorPath', '$.error'],
  ])('accepts %s = %s', (field, value) => {
    expect(problemsOfState({ Type: 'Fail', [field]: value })).toEqual([]);
  });
});

// https://states-language.net/spec.html#task-state: "If provided, the HeartbeatSeconds interval MUST be smaller than
// the TimeoutSeconds value."
describe('Task HeartbeatSeconds against TimeoutSeconds', () => {
  it.each([[10, 10], [5, 30]])('refuses TimeoutSeconds %d with HeartbeatSeconds %d (not smaller)', (timeout, heartbeat) => {
    expect(problemsOfState(task({ TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'HeartbeatSeconds' must be smaller than the value for the field 'TimeoutSeconds' at /States/S/HeartbeatSeconds",
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a smaller heartbeat', { TimeoutSeconds: 30, HeartbeatSeconds: 10 }],
    ['a heartbeat alone', { HeartbeatSeconds: 10 }],
    ['a timeout from a path', { TimeoutSecondsPath: '$.t', HeartbeatSeconds: 10 }],
  ])('accepts %s', (_name, fields) => {
    expect(problemsOfState(task(fields))).toEqual([]);
  });
});

// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html: ProcessorConfig's Mode and
// ExecutionType (required for DISTRIBUTED), and the Map Run Label (40 characters, no whitespace or special characters).
describe('Map ProcessorConfig and Label', () => {
  const map = (config: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    Type: 'Map', ItemProcessor: { ProcessorConfig: config, StartAt: 'D', States: { D: { Type: 'Succeed' } } }, End: true, ...more,
  });
  const CONFIG = '/States/S/ItemProcessor/ProcessorConfig';
  const LABEL = "The value for the field 'Label' must be at most 40 characters without whitespace, brackets, wildcards, control or special characters at /States/S/Label";

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown Mode', map({ Mode: 'PARALLEL' }), `Value should be one of the following: [INLINE, DISTRIBUTED] at ${CONFIG}/Mode`],
    ['DISTRIBUTED without ExecutionType', map({ Mode: 'DISTRIBUTED' }), `These fields are required: [ExecutionType] at ${CONFIG}`],
    ['an unknown ExecutionType', map({ Mode: 'DISTRIBUTED', ExecutionType: 'FAST' }), `Value should be one of the following: [STANDARD, EXPRESS] at ${CONFIG}/ExecutionType`],
    ['an unknown ProcessorConfig field', map({ Mode: 'INLINE', Concurrency: 2 }), `Field 'Concurrency' is not supported at ${CONFIG}`],
    ['a 41-character Label', map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, { Label: 'l'.repeat(41) }), LABEL],
    ['a Label with a space', map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, { Label: 'my run' }), LABEL],
    ['a Label with a slash', map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, { Label: 'runs/1' }), LABEL],
  ])('refuses %s', (_name, state, expected) => {
    expect(problemsOfState(state)).toEqual([`SCHEMA_VALIDATION_FAILED: ${expected}`]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['INLINE', map({ Mode: 'INLINE' })],
    ['DISTRIBUTED with EXPRESS children', map({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' })],
    ['a 40-character Label', map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, { Label: 'l'.repeat(40) })],
    ['a Label with dashes and underscores', map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, { Label: 'resize-images_2024' })],
  ])('accepts %s', (_name, state) => {
    expect(problemsOfState(state)).toEqual([]);
  });
});

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (retrier fields) and
// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html (Seconds from 0 to 99999999).
describe('upper bounds of retrier fields and Wait seconds', () => {
  const retrying = (retrier: Record<string, unknown>) => task({ Retry: [{ ErrorEquals: ['States.ALL'], ...retrier }] });

  it.each<[string, Record<string, unknown>, string]>([
    ['MaxAttempts above 99999999', retrying({ MaxAttempts: 100_000_000 }), "The value for the field 'MaxAttempts' must be at most 99999999 at /States/S/Retry[0]/MaxAttempts"],
    ['IntervalSeconds above 99999999', retrying({ IntervalSeconds: 100_000_000 }), "The value for the field 'IntervalSeconds' must be at most 99999999 at /States/S/Retry[0]/IntervalSeconds"],
    ['MaxDelaySeconds of 31622401', retrying({ MaxDelaySeconds: 31_622_401 }), "The value for the field 'MaxDelaySeconds' must be at most 31622400 at /States/S/Retry[0]/MaxDelaySeconds"],
    ['Wait Seconds above 99999999', { Type: 'Wait', Seconds: 100_000_000, End: true }, "The value for the field 'Seconds' must be at most 99999999 at /States/S/Seconds"],
  ])('refuses %s', (_name, state, expected) => {
    expect(problemsOfState(state)).toEqual([`SCHEMA_VALIDATION_FAILED: ${expected}`]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['the largest MaxAttempts and IntervalSeconds', retrying({ MaxAttempts: 99_999_999, IntervalSeconds: 99_999_999 })],
    ['MaxDelaySeconds of 31622400', retrying({ MaxDelaySeconds: 31_622_400 })],
    ['Wait Seconds of 99999999', { Type: 'Wait', Seconds: 99_999_999, End: true }],
  ])('accepts %s', (_name, state) => {
    expect(problemsOfState(state)).toEqual([]);
  });
});
