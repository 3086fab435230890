/**
 * Hostile input to the Step Functions API gets AWS's client errors, never an internal failure; what was accepted can
 * always be described, listed and have its history read. (The fuzz suite beside this file throws random requests at
 * every service; these are the cases the issue names, asserted one by one.)
 */
import { AwsError } from '../../../local/platform/aws-error';
import { MAX_JSON_DEPTH, parseJsonSafely } from '../../../local/platform/safe-json';
import { createStepFunctionsService, type StepFunctionsService } from '../../../local/stepfunctions/service';

const ROLE = 'arn:aws:iam::000000000000:role/test';
const PASS = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('Step Functions API: hostile input', () => {
  let service: StepFunctionsService;
  let machineArn: string;
  const call = (action: string, body: Record<string, unknown>) => service.handler(action, body, new AbortController().signal) as Promise<Record<string, unknown>>;
  const failure = async (action: string, body: Record<string, unknown>) => {
    try {
      await call(action, body);
    } catch (error) {
      if (error instanceof AwsError) return { code: error.code, message: error.message, status: error.statusCode };
      throw error;
    }
    throw new Error(`${action} succeeded`);
  };

  beforeEach(async () => {
    service = createStepFunctionsService();
    machineArn = (await call('CreateStateMachine', { name: 'm', definition: PASS, roleArn: ROLE })).stateMachineArn as string;
  });

  afterEach(() => service.close());

  it('answers UpdateStateMachine with nothing to update with MissingRequiredParameter', async () => {
    expect(await failure('UpdateStateMachine', { stateMachineArn: machineArn })).toEqual({
      code: 'MissingRequiredParameter',
      message: 'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
      status: 400,
    });
  });

  it.each([
    ['a missing required member', 'DescribeExecution', {}, 'ValidationException', "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null"],
    ['a member of the wrong type', 'ListExecutions', { stateMachineArn: 'arn', maxResults: 'ten' }, 'SerializationException', "Expected an integer for 'maxResults', got a string"],
    ['a structure where a string belongs', 'StartExecution', { stateMachineArn: { a: 1 } }, 'SerializationException', "Expected a string for 'stateMachineArn', got a structure"],
    ['an error past 256 characters', 'SendTaskFailure', { taskToken: 't', error: 'e'.repeat(257) }, 'ValidationException', expect.stringContaining("at 'error' failed to satisfy constraint: Member must have length less than or equal to 256")],
    ['a value outside its enum', 'ListExecutions', { stateMachineArn: 'arn', statusFilter: 'DONE' }, 'ValidationException', expect.stringContaining('Member must satisfy enum value set: [RUNNING, SUCCEEDED')],
    ['two violations at once', 'SendTaskSuccess', {}, 'ValidationException', expect.stringMatching(/^2 validation errors detected: .*'taskToken'.*; .*'output'/)],
    ['a name with a lone surrogate', 'StartExecution', { stateMachineArn: 'ARN', name: 'order-\ud800' }, 'InvalidName', expect.stringContaining('is not a valid execution name')],
    ['a name past 80 characters', 'CreateStateMachine', { name: 'n'.repeat(81), definition: PASS, roleArn: ROLE }, 'InvalidName', expect.stringContaining('is not a valid state machine name')],
    ['a definition nested thousands deep', 'CreateStateMachine', { name: 'deep', definition: `{"StartAt":${nested(5000)}}`, roleArn: ROLE }, 'InvalidDefinition', expect.stringContaining('nested deeper than 1000 levels')],
    ['task output nested thousands deep', 'SendTaskSuccess', { taskToken: 't', output: nested(5000) }, 'InvalidOutput', expect.stringContaining('JSON nested 5000 levels deep')],
    ['an unknown action', 'LaunchRocket', {}, 'UnknownOperationException', 'Unknown operation: LaunchRocket'],
  ])('refuses %s with its client error', async (_label, action, body, code, message) => {
    const arnFilled = JSON.parse(JSON.stringify(body).replaceAll('"ARN"', JSON.stringify(machineArn))) as Record<string, unknown>;
    expect(await failure(action, arnFilled)).toEqual({ code, message, status: 400 });
  });

  it('refuses execution input nested 5,000 deep at the door with InvalidExecutionInput', async () => {
    expect(await failure('StartExecution', { stateMachineArn: machineArn, input: `{"a":${nested(5000)}}` })).toEqual({
      code: 'InvalidExecutionInput',
      message: `Invalid State Machine Execution Input: 'JSON nested 5001 levels deep; at most ${MAX_JSON_DEPTH} are supported'`,
      status: 400,
    });
  });

  it('describes, lists and reads the history of an execution whose input is as deep as accepted', async () => {
    // Prepare
    const input = nested(MAX_JSON_DEPTH);

    // Act
    const { executionArn } = await call('StartExecution', { stateMachineArn: machineArn, name: 'deep', input });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const described = await call('DescribeExecution', { executionArn });
    const listed = await call('ListExecutions', { stateMachineArn: machineArn });
    const history = await call('GetExecutionHistory', { executionArn });

    // Assess
    expect(described).toMatchObject({ status: 'SUCCEEDED', input, output: input });
    expect(listed.executions).toEqual([expect.objectContaining({ executionArn, status: 'SUCCEEDED' })]);
    expect((history.events as { type: string }[]).map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('treats a JSON null member as absent, as AWS does', async () => {
    const started = await call('StartExecution', { stateMachineArn: machineArn, name: null, input: null });
    expect(started.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:execution:m:[0-9a-f-]{36}$/);
  });
});

describe('parseJsonSafely', () => {
  it.each([
    ['deep arrays', nested(1001), false],
    ['brackets inside strings do not count', `["${'['.repeat(5000)}"]`, true],
    ['escaped quotes inside strings', `["\\"${'['.repeat(2000)}"]`, true],
    ['malformed JSON', '{"a":', false],
    ['exactly the limit', nested(MAX_JSON_DEPTH), true],
  ])('%s', (_label, text, ok) => {
    expect(parseJsonSafely(text).ok).toBe(ok);
  });
});
