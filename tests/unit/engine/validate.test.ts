import { InvalidDefinitionError } from '../../../local/engine/errors';
import { validateDefinition } from '../../../local/engine/validate';
import { pass, problemsOf, task, type Definition } from './definition-problems';

/** A one-state machine around `state`, named S. */
const single = (state: Definition, top: Definition = {}): Definition => ({ ...top, StartAt: 'S', States: { S: state } });
const retrying = (retrier: Definition): Definition => single(task({ Retry: [{ ErrorEquals: ['States.TaskFailed'], ...retrier }] }));
const branch = (states: Definition, startAt = 'B'): Definition => ({ StartAt: startAt, States: states });

describe('validateDefinition', () => {
  describe('refuses what AWS refuses, naming the state and the field', () => {
    it.each<[string, Definition | string, string[]]>([
      ['not JSON', '{"StartAt": ', ['INVALID_JSON_DESCRIPTION: Unexpected end of JSON input']],
      ['not an object', '[1]', ['SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object']],
      ['an empty object', {}, ['SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /']],
      ['StartAt missing', { States: { S: pass() } }, ['SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /', 'MISSING_TRANSITION_TARGET: State "S" is not reachable. at /States/S']],
      ['StartAt naming no state', { StartAt: 'Nope', States: { S: pass() } }, ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /StartAt", 'MISSING_TRANSITION_TARGET: State "S" is not reachable. at /States/S']],
      ['an unknown top-level field', single(pass(), { Coment: 'typo' }), ["SCHEMA_VALIDATION_FAILED: Field 'Coment' is not supported at /"]],
      ['an unknown state type', single({ Type: 'Sleep', End: true }), ['SCHEMA_VALIDATION_FAILED: Value should be one of the following: [Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map] at /States/S/Type']],
      ['a state without Type', single({ End: true }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /States/S']],
      ['an unknown state field', single(pass({ _comment: 'x' })), ["SCHEMA_VALIDATION_FAILED: Field '_comment' is not supported at /States/S"]],
      ['a Task without Resource', single({ Type: 'Task', End: true }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S']],
      ['a Choice without Choices', single({ Type: 'Choice', Default: 'S' }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at /States/S', 'MISSING_END_STATE: Workflow has no terminal state at null']],
      ['a Wait with two durations', single({ Type: 'Wait', Seconds: 1, Timestamp: '2024-01-01T00:00:00Z', End: true }), ['SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, TimestampPath] at /States/S']],
      ['a Wait with no duration', single({ Type: 'Wait', End: true }), ['SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, TimestampPath] at /States/S']],
      ['a Parallel without Branches', single({ Type: 'Parallel', End: true }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] at /States/S']],
      ['a Map without ItemProcessor', single({ Type: 'Map', End: true }), ['SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [ItemProcessor, Iterator] at /States/S']],
      ['a Fail with Error and ErrorPath', single({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }), ['SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Error, ErrorPath] at /States/S']],
      ['a Fail with Cause and CausePath', single({ Type: 'Fail', Cause: 'C', CausePath: '$.c' }), ['SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Cause, CausePath] at /States/S']],
      ['a Next naming no state', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Foo' }, B: pass() } }, ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/A/Next", 'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B']],
      ['a Choice rule Next naming no state', single({ Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Gone' }], Default: 'S' }, {}), ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/S/Choices[0]/Next", 'MISSING_END_STATE: Workflow has no terminal state at null']],
      ['a Choice Default naming no state', { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }], Default: 'Gone' }, D: pass() } }, ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/C/Default"]],
      ['a Catch Next naming no state', single(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }] })), ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/S/Catch[0]/Next"]],
      ['a state with neither Next nor End', { StartAt: 'A', States: { A: { Type: 'Pass' }, B: pass() } }, ['SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Next, End] at /States/A', 'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B']],
      ['a state with both Next and End', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', End: true }, B: pass() } }, ['SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Next, End] at /States/A']],
      ['a Succeed with Next', { StartAt: 'A', States: { A: { Type: 'Succeed', Next: 'B' }, B: pass() } }, ["SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A"]],
      ['an unreachable state', { StartAt: 'A', States: { A: pass(), Orphan: pass() } }, ['MISSING_TRANSITION_TARGET: State "Orphan" is not reachable. at /States/Orphan']],
      ['no terminal state', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } }, ['MISSING_END_STATE: Workflow has no terminal state at null']],
      ['States.ALL beside another name', retrying({ ErrorEquals: ['States.ALL', 'States.Timeout'] }), ["SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in 'ErrorEquals' at /States/S/Retry[0]/ErrorEquals"]],
      ['States.ALL in a retrier that is not the last', single(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['E'] }] })), ["SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear in the last retrier at /States/S/Retry[0]"]],
      ['States.ALL in a catcher that is not the last', { StartAt: 'S', States: { S: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }, { ErrorEquals: ['E'], Next: 'H' }] }), H: pass() } }, ["SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear in the last catcher at /States/S/Catch[0]"]],
      ['an unknown States. error name', retrying({ ErrorEquals: ['States.Oops'] }), ["SCHEMA_VALIDATION_FAILED: Value 'States.Oops' is not a valid error name: names starting with 'States.' are reserved for predefined errors at /States/S/Retry[0]/ErrorEquals[0]"]],
      ['a negative MaxAttempts', retrying({ MaxAttempts: -1 }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'MaxAttempts' must be a non-negative integer at /States/S/Retry[0]/MaxAttempts"]],
      ['a BackoffRate below 1', retrying({ BackoffRate: 0.5 }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'BackoffRate' must be a number greater than or equal to 1.0 at /States/S/Retry[0]/BackoffRate"]],
      ['an IntervalSeconds of 0', retrying({ IntervalSeconds: 0 }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'IntervalSeconds' must be a positive integer at /States/S/Retry[0]/IntervalSeconds"]],
      ['a MaxDelaySeconds of 0', retrying({ MaxDelaySeconds: 0 }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'MaxDelaySeconds' must be a positive integer at /States/S/Retry[0]/MaxDelaySeconds"]],
      ['an unknown JitterStrategy', retrying({ JitterStrategy: 'SOME' }), ['SCHEMA_VALIDATION_FAILED: Value should be one of the following: [FULL, NONE] at /States/S/Retry[0]/JitterStrategy']],
      ['TimeoutSeconds on a Parallel', single({ Type: 'Parallel', TimeoutSeconds: 5, Branches: [branch({ B: pass() })], End: true }), ["SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/S"]],
      ['HeartbeatSeconds on a Map', single({ Type: 'Map', HeartbeatSeconds: 5, ItemProcessor: branch({ B: pass() }), End: true }), ["SCHEMA_VALIDATION_FAILED: Field 'HeartbeatSeconds' is not supported at /States/S"]],
      ['TimeoutSeconds and TimeoutSecondsPath', single(task({ TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' })), ['SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [TimeoutSeconds, TimeoutSecondsPath] at /States/S']],
      ['a TimeoutSeconds that is not a positive integer', single(task({ TimeoutSeconds: 'soon' })), ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a positive integer at /States/S/TimeoutSeconds"]],
      ['an unknown QueryLanguage', single(pass(), { QueryLanguage: 'XPath' }), ['SCHEMA_VALIDATION_FAILED: Value should be one of the following: [JSONPath, JSONata] at /QueryLanguage']],
      ['a JSONPath field in a JSONata machine', single(pass({ InputPath: '$.a' }), { QueryLanguage: 'JSONata' }), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/S"]],
      ['a *Path field in a JSONata state', single({ Type: 'Wait', QueryLanguage: 'JSONata', SecondsPath: '$.s', End: true }), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'SecondsPath' is only supported for the 'JSONPath' QueryLanguage at /States/S"]],
      ['ErrorPath in a JSONata Fail', single({ Type: 'Fail', QueryLanguage: 'JSONata', ErrorPath: '$.e' }), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ErrorPath' is only supported for the 'JSONPath' QueryLanguage at /States/S"]],
      ['a Variable rule in a JSONata Choice', { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Variable: '$.x', Next: 'D' }] }, D: pass() } }, ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage at /States/C/Choices[0]"]],
      ['Arguments in a JSONPath state', single(task({ Arguments: { a: 1 } })), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage at /States/S"]],
      ['Output in a JSONPath state', single(pass({ Output: { a: 1 } })), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/S"]],
      ['Items in a JSONPath Map', single({ Type: 'Map', Items: [1], ItemProcessor: branch({ B: pass() }), End: true }), ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Items' is only supported for the 'JSONata' QueryLanguage at /States/S"]],
      ['a Condition rule in a JSONPath Choice', { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'D' }] }, D: pass() } }, ["SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage at /States/C/Choices[0]"]],
      ['a JSONPath state in a JSONata machine', single(pass({ QueryLanguage: 'JSONPath' }), { QueryLanguage: 'JSONata' }), ["SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/S"]],
      ['an invalid JSONPath in InputPath', single(pass({ InputPath: '$$$..[' })), ["SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath or a valid intrinsic function call at /States/S/InputPath"]],
      ['an invalid JSONPath in a Parameters key', single(pass({ Parameters: { 'x.$': 'not a path' } })), ["SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/S/Parameters/x.$"]],
      ['an invalid Resource ARN', single(task({ Resource: 'nope' })), ['SCHEMA_VALIDATION_FAILED: The resource provided nope is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/S/Resource']],
      ['a JSONata expression that does not parse', single(pass({ Output: '{% ( %}' }), { QueryLanguage: 'JSONata' }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'Output' must be a valid JSONata expression at /States/S/Output"]],
      ['a branch StartAt naming no state', single({ Type: 'Parallel', Branches: [branch({ B: pass() }, 'Nope')], End: true }), ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/S/Branches[0]/StartAt", 'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/S/Branches[0]/States/B']],
      ['a branch Next leaving its branch', { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch({ B: { Type: 'Pass', Next: 'Out' } })], Next: 'Out' }, Out: pass() } }, ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Out at /States/P/Branches[0]/States/B/Next"]],
      ['an unreachable state in an ItemProcessor', single({ Type: 'Map', ItemProcessor: branch({ B: pass(), Lost: pass() }), End: true }), ['MISSING_TRANSITION_TARGET: State "Lost" is not reachable. at /States/S/ItemProcessor/States/Lost']],
      ['a problem in a nested Map inside a Parallel', single({ Type: 'Parallel', Branches: [branch({ B: { Type: 'Map', Iterator: branch({ I: { Type: 'Task', End: true } }, 'I'), End: true } })], End: true }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S/Branches[0]/States/B/Iterator/States/I']],
    ])('%s', (_label, definition, expected) => {
      // Act
      const problems = problemsOf(definition);

      // Assess
      expect(problems).toEqual(expected);
    });
  });

  describe('Express machines', () => {
    it.each([
      ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/S/Resource"],
      ['arn:aws:states:::states:startExecution.sync', "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration  at /States/S/Resource"],
      ['arn:aws:states:::states:startExecution.sync:2', "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration  at /States/S/Resource"],
      ['arn:aws:states:us-east-1:123456789012:activity:approve', 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/S/Resource'],
    ])('refuses %s', (resource, expected) => {
      // Prepare
      const definition = single(task({ Resource: resource }));

      // Act
      const express = problemsOf(definition, 'EXPRESS');
      const standard = problemsOf(definition, 'STANDARD');

      // Assess
      expect(express).toEqual([expected]);
      expect(standard).toEqual([]);
    });
  });

  it('reports every problem in one InvalidDefinitionError', () => {
    // Prepare
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Gone' }, B: pass() } });

    // Act
    let thrown: unknown;
    try {
      validateDefinition(definition);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InvalidDefinitionError);
    expect(thrown).toMatchObject({
      name: 'InvalidDefinitionError',
      problems: ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/A/Next", 'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B'],
    });
    expect((thrown as Error).message).toMatch(/^Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at \/States\/A\/Next/);
  });

  describe('accepts what AWS accepts', () => {
    it.each<[string, Definition]>([
      ['a JSONPath workflow', {
        Comment: 'orders', TimeoutSeconds: 300, StartAt: 'Reserve stock',
        States: {
          'Reserve stock': task({
            End: undefined, Next: 'Paid?', InputPath: '$.order', Parameters: { 'FunctionName': 'reserve', 'Payload.$': '$' },
            ResultSelector: { 'ok.$': '$.Payload.ok' }, ResultPath: '$.reservation', OutputPath: '$', TimeoutSeconds: 30, HeartbeatSeconds: 10,
            Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException', 'States.Timeout'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' }, { ErrorEquals: ['States.ALL'], MaxAttempts: 0 }],
            Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.error', Next: 'Declined' }, { ErrorEquals: ['States.ALL'], Next: 'Declined' }],
          }),
          'Paid?': { Type: 'Choice', Choices: [{ And: [{ Variable: '$.paid', IsPresent: true }, { Variable: '$.paid', BooleanEquals: true }], Next: 'Wait a bit' }], Default: 'Declined' },
          'Wait a bit': { Type: 'Wait', SecondsPath: '$.delay', Next: 'Done' },
          Done: { Type: 'Succeed' },
          Declined: { Type: 'Fail', ErrorPath: '$.error.Error', Cause: 'declined' },
        },
      }],
      ['a JSONata workflow', {
        QueryLanguage: 'JSONata', StartAt: 'Call',
        States: {
          Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' }, Output: '{% $states.result.Payload %}', Assign: { n: '{% $states.result.n %}' }, TimeoutSeconds: '{% $timeout %}', Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'Failed' }], Next: 'Check' },
          Check: { Type: 'Choice', Choices: [{ Condition: '{% $n > 1 %}', Next: 'Many', Output: { many: true } }], Default: 'Failed' },
          Many: { Type: 'Wait', Seconds: '{% $n %}', Next: 'Done' },
          Done: { Type: 'Pass', Output: 42, End: true },
          Failed: { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: 'failed' },
        },
      }],
      ['a JSONata state in a JSONPath machine', { StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% 1 %}', Next: 'B' }, B: pass({ InputPath: '$' }) } }],
      ['a Map inside a Parallel inside a Map', single({
        Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 2, ItemSelector: { 'v.$': '$$.Map.Item.Value' }, ResultPath: '$.out', End: true,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Fan out',
          States: {
            'Fan out': {
              Type: 'Parallel', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Give up' }],
              Branches: [
                branch({ B: pass() }),
                branch({ Inner: { Type: 'Map', Iterator: branch({ I: { Type: 'Succeed' } }, 'I'), Next: 'After' }, After: pass() }, 'Inner'),
              ],
            },
            'Give up': { Type: 'Fail', Error: 'Gave.Up' },
          },
        },
      })],
      ['a distributed Map with tolerated failures', single({
        Type: 'Map', Label: 'Images', ToleratedFailurePercentage: 12.5, ToleratedFailureCount: 3, End: true,
        ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } },
        ItemBatcher: { MaxItemsPerBatch: 10 }, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'P', States: { P: pass() } },
      })],
      ['a loop that can end', { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.again', BooleanEquals: true, Next: 'A' }], Default: 'End' }, End: { Type: 'Succeed' } } }],
    ])('%s', (_label, definition) => {
      // Act
      const parsed = validateDefinition(JSON.stringify(definition));

      // Assess
      expect(parsed).toEqual(JSON.parse(JSON.stringify(definition)));
    });
  });

  // How fast this is belongs to the benchmark, not to a timed unit test that a neighbour's CPU burst can fail.
  it('validates a 1,000-state definition with Retry, Catch and paths on every other state', () => {
    // Prepare
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i += 1) {
      const flow = i === 999 ? { End: true } : { Next: `S${i + 1}` };
      states[`S${i}`] = i % 2 === 0
        ? task({ ...flow, End: flow.End, Parameters: { 'Payload.$': '$.x' }, ResultPath: '$.r', Retry: [{ ErrorEquals: ['States.TaskFailed'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] })
        : pass({ ...flow, End: flow.End, InputPath: '$.a' });
    }
    states.Failed = { Type: 'Fail', Error: 'E' };

    // Act
    const parsed = validateDefinition(JSON.stringify({ StartAt: 'S0', States: states }));

    // Assess
    expect(Object.keys(parsed.States)).toHaveLength(1001);
    expect(parsed.States.S998).toMatchObject({ Type: 'Task', Next: 'S999' });
    expect(parsed.States.S999).toMatchObject({ Type: 'Pass', End: true });
  });
});
