/**
 * The Step Functions API through the edge: an unmodified @aws-sdk/client-sfn client against a real edge on a free
 * port, with the engine behind it and real Lambda workers running the fixture handlers. Error names and shapes are
 * AWS's. https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { EDGE_ACCOUNT, EDGE_REGION, startSfnEdge, type SfnEdge } from '../support/sfn-edge';
import { defined } from '../support/defined';

jest.setTimeout(15_000);

const ROLE = `arn:aws:iam::${EDGE_ACCOUNT}:role/sfn-api-test`;
const MACHINE_PREFIX = `arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:stateMachine:`;
const POLL_MS = 25;

const hold = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };
const passThrough = { StartAt: 'Shape', States: { Shape: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', accepted: true }, End: true } } };

describe('Step Functions API through the edge', () => {
  let edge: SfnEdge;
  let sfn: SFNClient;
  let machineCount = 0;

  beforeAll(async () => {
    edge = await startSfnEdge([
      { name: 'echo', handler: 'handlers.echo' },
      { name: 'pay', handler: 'handlers.decline' },
      { name: 'exit', handler: 'handlers.exit' },
      { name: 'crash', handler: 'handlers.crash' },
    ]);
    sfn = edge.sfn;
  });

  afterAll(async () => {
    await edge?.close();
  });

  async function createMachine(definition: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
    machineCount += 1;
    const created = await sfn.send(new CreateStateMachineCommand({ name: `api-test-${machineCount}`, roleArn: ROLE, type, definition: JSON.stringify(definition) }));
    return created.stateMachineArn!;
  }

  async function waitForEnd(executionArn: string, timeoutMs = 10_000): Promise<DescribeExecutionCommandOutput> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      if (Date.now() > deadline) throw new Error(`${executionArn} is still RUNNING after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The error a call fails with, captured at once so that no rejection is left unhandled while the test goes on. */
  const failureOf = (sending: Promise<unknown>): Promise<unknown> => sending.then(() => new Error('expected the call to fail'), (error: unknown) => error);

  async function historyOf(executionArn: string): Promise<HistoryEvent[]> {
    return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
  }

  async function waitForEvent(executionArn: string, type: string, timeoutMs = 10_000): Promise<HistoryEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await historyOf(executionArn)).find((event) => event.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${executionArn} never recorded ${type}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  describe('state machines', () => {
    it('creates, describes, lists, updates and deletes a state machine', async () => {
      // Prepare
      const definition = JSON.stringify(passThrough);
      const updated = JSON.stringify({ ...passThrough, Comment: 'second version' });

      // Act
      const created = await sfn.send(new CreateStateMachineCommand({ name: 'orders-crud', roleArn: ROLE, definition }));
      const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
      const listed = await sfn.send(new ListStateMachinesCommand({}));
      const update = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: updated }));
      const afterUpdate = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
      const afterDelete = await failureOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })));
      const listedAfterDelete = await sfn.send(new ListStateMachinesCommand({}));

      // Assess
      expect(created.stateMachineArn).toBe(`${MACHINE_PREFIX}orders-crud`);
      expect(created.creationDate).toBeInstanceOf(Date);
      expect(described).toMatchObject({
        stateMachineArn: created.stateMachineArn, name: 'orders-crud', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE, definition,
      });
      expect(listed.stateMachines).toContainEqual(expect.objectContaining({ stateMachineArn: created.stateMachineArn, name: 'orders-crud', type: 'STANDARD' }));
      expect(update.updateDate).toBeInstanceOf(Date);
      expect(afterUpdate.definition).toBe(updated);
      expect(afterDelete).toMatchObject({ name: 'StateMachineDoesNotExist', $metadata: { httpStatusCode: 400 } });
      expect(listedAfterDelete.stateMachines?.map((machine) => machine.name)).not.toContain('orders-crud');
    });

    it.each([
      ['a Next target that does not exist', { StartAt: 'Charge card', States: { 'Charge card': { Type: 'Pass', Next: 'Nowhere' }, Done: { Type: 'Succeed' } } },
        /MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at \/States\/Charge card\/Next/],
      ['a TimeoutSeconds that is not a number', { StartAt: 'Charge card', States: { 'Charge card': { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 'soon', End: true } } },
        /SCHEMA_VALIDATION_FAILED: .*'TimeoutSeconds'.* at \/States\/Charge card\/TimeoutSeconds/],
      ['a state nothing reaches', { StartAt: 'Charge card', States: { 'Charge card': { Type: 'Pass', End: true }, Forgotten: { Type: 'Pass', End: true } } },
        /MISSING_TRANSITION_TARGET: State "Forgotten" is not reachable\. at \/States\/Forgotten/],
    ])('refuses %s with InvalidDefinition naming the state and the field', async (_label, definition, message) => {
      // Act
      const creating = sfn.send(new CreateStateMachineCommand({ name: 'invalid-machine', roleArn: ROLE, definition: JSON.stringify(definition) }));

      // Assess
      await expect(creating).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringMatching(message) });
    });

    it('refuses a .waitForTaskToken task in an Express state machine', async () => {
      // Prepare
      const definition = { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } } };

      // Act
      const creating = sfn.send(new CreateStateMachineCommand({ name: 'express-callback', type: 'EXPRESS', roleArn: ROLE, definition: JSON.stringify(definition) }));

      // Assess
      await expect(creating).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringMatching(/waitForTaskToken.* at \/States\/Ask\/Resource/) });
    });
  });

  describe('executions', () => {
    it('runs a Lambda task: DescribeExecution reports the output and GetExecutionHistory the events', async () => {
      // Prepare
      const stateMachineArn = await createMachine({
        StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: edge.functionArn('echo'), ResultSelector: { 'event.$': '$.event', 'fn.$': '$.functionName' }, End: true } },
      });

      // Act
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'echo-1', input: '{"orderId":"o-1"}' }));
      const ended = await waitForEnd(started.executionArn!);
      const events = await historyOf(started.executionArn!);

      // Assess
      expect(started.executionArn).toBe(`arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:execution:${stateMachineArn.split(':').pop()}:echo-1`);
      expect(started.startDate).toBeInstanceOf(Date);
      expect(ended).toMatchObject({ status: 'SUCCEEDED', name: 'echo-1', stateMachineArn, input: '{"orderId":"o-1"}' });
      expect(JSON.parse(ended.output!)).toEqual({ event: { orderId: 'o-1' }, fn: 'echo' });
      expect(ended.stopDate).toBeInstanceOf(Date);
      expect(events.map((event) => event.type)).toEqual([
        'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
      ]);
      expect(events.map((event) => [event.id, event.previousEventId])).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6]]);
      expect(events[0]?.executionStartedEventDetails).toMatchObject({ input: '{"orderId":"o-1"}', roleArn: ROLE });
      expect(events[2]?.lambdaFunctionScheduledEventDetails).toMatchObject({ resource: edge.functionArn('echo'), input: '{"orderId":"o-1"}' });
    });

    it('returns the running execution for the same name and input, and refuses a different input or a closed execution with ExecutionAlreadyExists', async () => {
      // Prepare
      const stateMachineArn = await createMachine(hold);
      const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'order-1', input: '{"orderId":"o-1"}' }));

      // Act
      const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'order-1', input: '{"orderId":"o-1"}' }));
      const otherInput = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'order-1', input: '{"orderId":"o-2"}' })));
      await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
      await waitForEnd(first.executionArn!);
      const afterClose = sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'order-1', input: '{"orderId":"o-1"}' }));

      // Assess
      expect(again.executionArn).toBe(first.executionArn);
      expect(otherInput).toMatchObject({ name: 'ExecutionAlreadyExists' });
      await expect(afterClose).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    });

    it.each([
      ['input that is not JSON', '{"orderId":'],
      ['input over 256 KiB', JSON.stringify({ blob: 'x'.repeat(256 * 1024) })],
    ])('refuses %s with InvalidExecutionInput', async (_label, input) => {
      // Prepare
      const stateMachineArn = await createMachine(passThrough);

      // Act
      const starting = sfn.send(new StartExecutionCommand({ stateMachineArn, input }));

      // Assess
      await expect(starting).rejects.toMatchObject({ name: 'InvalidExecutionInput', message: expect.stringMatching(/^Invalid State Machine Execution Input/) });
    });

    it.each([
      ['StartExecution of a missing state machine', 'StateMachineDoesNotExist', () => new StartExecutionCommand({ stateMachineArn: `${MACHINE_PREFIX}never-created` })],
      ['DescribeStateMachine of a missing state machine', 'StateMachineDoesNotExist', () => new DescribeStateMachineCommand({ stateMachineArn: `${MACHINE_PREFIX}never-created` })],
      ['DescribeExecution of a missing execution', 'ExecutionDoesNotExist', () => new DescribeExecutionCommand({ executionArn: `arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:execution:never-created:run-1` })],
      ['GetExecutionHistory of a missing execution', 'ExecutionDoesNotExist', () => new GetExecutionHistoryCommand({ executionArn: `arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:execution:never-created:run-1` })],
      ['DescribeExecution of something that is not an ARN', 'InvalidArn', () => new DescribeExecutionCommand({ executionArn: 'order-1' })],
      ['StartExecution with a state machine ARN of the wrong kind', 'InvalidArn', () => new StartExecutionCommand({ stateMachineArn: `arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:activity:approve` })],
    ])('answers %s with %s', async (_label, errorName, command) => {
      // Act
      const sending = sfn.send(command() as StartExecutionCommand);

      // Assess
      await expect(sending).rejects.toMatchObject({ name: errorName, $metadata: { httpStatusCode: 400 } });
    });

    it('stops a running execution: ABORTED with the error and cause, an ExecutionAborted event, and listed as ABORTED', async () => {
      // Prepare
      const stateMachineArn = await createMachine(hold);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'to-stop' }));

      // Act
      const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator.Cancelled', cause: 'Cancelled by the API test' }));
      const ended = await waitForEnd(executionArn!);
      const events = await historyOf(executionArn!);
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'ABORTED' }));

      // Assess
      expect(stopped.stopDate).toBeInstanceOf(Date);
      expect(ended).toMatchObject({ status: 'ABORTED', error: 'Operator.Cancelled', cause: 'Cancelled by the API test' });
      expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Operator.Cancelled', cause: 'Cancelled by the API test' } });
      expect(listed.executions?.map((execution) => execution.executionArn)).toEqual([executionArn]);
    });
  });

  describe('Express executions', () => {
    /** StartSyncExecution is served on the `sync-` host prefix; on a local endpoint the client must not add it. */
    let syncClient: SFNClient;

    beforeAll(() => {
      syncClient = new SFNClient({
        endpoint: edge.url, region: EDGE_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, disableHostPrefix: true,
      });
    });

    afterAll(() => syncClient.destroy());

    it('returns the output of an Express execution from StartSyncExecution', async () => {
      // Prepare
      const stateMachineArn = await createMachine(passThrough, 'EXPRESS');

      // Act
      const result = await syncClient.send(new StartSyncExecutionCommand({ stateMachineArn, name: 'sync-1', input: '{"orderId":"o-9"}' }));

      // Assess
      expect(result).toMatchObject({ status: 'SUCCEEDED', name: 'sync-1', stateMachineArn, input: '{"orderId":"o-9"}' });
      expect(result.executionArn).toBe(`arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:express:${stateMachineArn.split(':').pop()}:sync-1`);
      expect(JSON.parse(result.output!)).toEqual({ orderId: 'o-9', accepted: true });
    });

    it('refuses StartSyncExecution of a Standard state machine with StateMachineTypeNotSupported', async () => {
      // Prepare
      const stateMachineArn = await createMachine(passThrough, 'STANDARD');

      // Act
      const starting = syncClient.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{}' }));

      // Assess
      await expect(starting).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
    });

    it.each([
      ['DescribeExecution', (executionArn: string) => new DescribeExecutionCommand({ executionArn })],
      ['GetExecutionHistory', (executionArn: string) => new GetExecutionHistoryCommand({ executionArn })],
    ])('refuses %s of an Express execution ARN with InvalidArn', async (_label, command) => {
      // Prepare
      const stateMachineArn = await createMachine(passThrough, 'EXPRESS');
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"orderId":"o-1"}' }));

      // Act
      const sending = sfn.send(command(executionArn!) as DescribeExecutionCommand);

      // Assess
      expect(executionArn).toContain(':express:');
      await expect(sending).rejects.toMatchObject({ name: 'InvalidArn' });
    });
  });

  describe('callbacks (.waitForTaskToken) through a Lambda fixture', () => {
    const approval = {
      StartAt: 'Ask manager',
      States: {
        'Ask manager': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'echo', Payload: { 'token.$': '$$.Task.Token', 'orderId.$': '$.orderId' } },
          HeartbeatSeconds: 300,
          End: true,
        },
      },
    };

    /** Starts an approval and returns the token the Lambda was sent, read from the TaskScheduled parameters. */
    async function startApproval(): Promise<{ executionArn: string; token: string }> {
      const stateMachineArn = await createMachine(approval);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"orderId":"o-1"}' }));
      await waitForEvent(executionArn!, 'TaskSubmitted');
      const scheduled = await waitForEvent(executionArn!, 'TaskScheduled');
      const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Payload: { token: string } };
      return { executionArn: executionArn!, token: parameters.Payload.token };
    }

    it('resumes with SendTaskSuccess output after a heartbeat, and refuses a second decision with TaskDoesNotExist', async () => {
      // Prepare
      const { executionArn, token } = await startApproval();

      // Act
      const heartbeat = await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
      const ended = await waitForEnd(executionArn);
      const second = await failureOf(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":false}' })));
      const lateHeartbeat = await failureOf(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })));
      const events = await historyOf(executionArn);

      // Assess
      expect(heartbeat.$metadata.httpStatusCode).toBe(200);
      expect(ended).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
      expect(second).toMatchObject({ name: 'TaskDoesNotExist' });
      expect(lateHeartbeat).toMatchObject({ name: 'TaskDoesNotExist' });
      expect(events.map((event) => event.type)).toEqual([
        'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
      ]);
      expect(events[2]?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: EDGE_REGION, heartbeatInSeconds: 300 });
      expect(JSON.parse(defined(events[4], 'the TaskSubmitted event').taskSubmittedEventDetails!.output!)).toMatchObject({ StatusCode: 200, Payload: { event: { orderId: 'o-1', token } } });
    });

    it('fails with the error and cause of SendTaskFailure, and refuses a later decision with TaskDoesNotExist', async () => {
      // Prepare
      const { executionArn, token } = await startApproval();

      // Act
      await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'ApprovalRejected', cause: 'The manager said no' }));
      const ended = await waitForEnd(executionArn);
      const late = sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'ApprovalRejected' }));

      // Assess
      expect(ended).toMatchObject({ status: 'FAILED', error: 'ApprovalRejected', cause: 'The manager said no' });
      await expect(late).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    });

    it('refuses a decision on a token that was never issued with InvalidToken', async () => {
      // Act
      const sending = sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a real token!', output: '{}' }));

      // Assess
      await expect(sending).rejects.toMatchObject({ name: 'InvalidToken' });
    });
  });

  describe('Lambda failures', () => {
    it('fails the execution with the name of the error the function throws', async () => {
      // Prepare
      const stateMachineArn = await createMachine({ StartAt: 'Charge card', States: { 'Charge card': { Type: 'Task', Resource: edge.functionArn('pay'), End: true } } });

      // Act
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"card":"4242"}' }));
      const ended = await waitForEnd(executionArn!);
      const events = await historyOf(executionArn!);

      // Assess
      expect(ended.status).toBe('FAILED');
      expect(ended.error).toBe('PaymentDeclined');
      expect(JSON.parse(ended.cause!)).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'Card 4242 declined' });
      expect(events.find((event) => event.type === 'LambdaFunctionFailed')?.lambdaFunctionFailedEventDetails).toMatchObject({ error: 'PaymentDeclined' });
    });

    it.each([
      ['a handler that ends its process', 'exit', 'Lambda.Unknown'],
      ['a handler that throws from a timer callback', 'crash', undefined],
    ])('fails the execution of %s and keeps serving', async (_label, functionName, expectedError) => {
      // Prepare
      const crashing = await createMachine({ StartAt: 'Crash', States: { Crash: { Type: 'Task', Resource: edge.functionArn(functionName), End: true } } });
      const healthy = await createMachine({ StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: edge.functionArn('echo'), OutputPath: '$.event', End: true } } });

      // Act
      const crashed = await sfn.send(new StartExecutionCommand({ stateMachineArn: crashing, input: '{}' }));
      const crashEnd = await waitForEnd(crashed.executionArn!);
      const next = await sfn.send(new StartExecutionCommand({ stateMachineArn: healthy, input: '{"still":"serving"}' }));
      const nextEnd = await waitForEnd(next.executionArn!);
      const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: crashing, input: '{}' }));
      const againEnd = await waitForEnd(again.executionArn!);

      // Assess
      expect(crashEnd.status).toBe('FAILED');
      expect(crashEnd.error).toEqual(expectedError ?? expect.any(String));
      expect(nextEnd).toMatchObject({ status: 'SUCCEEDED', output: '{"still":"serving"}' });
      expect(againEnd).toMatchObject({ status: 'FAILED', error: crashEnd.error });
    });
  });
});
