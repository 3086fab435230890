/**
 * The interpreter as a whole, driven through startExecution with fake integrations and a clock the test moves:
 * outputs, history events (types, ids, previousEventId, details in the API's shape), errors and their causes.
 */
import { StatesError } from '../../../local/engine/errors';
import { startExecution, type Execution, type ExecutionOptions } from '../../../local/engine/execution';
import { toHistoryEventShape, type HistoryEventShape } from '../../../local/engine/history';
import type { TaskIntegrations, TaskRequest } from '../../../local/engine/ports';
import { TaskTokenError, TaskTokens } from '../../../local/engine/task-tokens';
import type { Catcher, MapState, TaskState } from '../../../local/engine/asl';
import type { StateDefinition, StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock, settle } from '../../support/manual-clock';
import { defined } from '../../support/defined';

const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:charge-card';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const SQS_WAIT = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
const ROLE = 'arn:aws:iam::000000000000:role/local';

type Handler = (request: TaskRequest, call: number) => unknown;

/** TaskIntegrations that record every request and answer through `handler` (which may throw a StatesError). */
function fakeIntegrations(handler: Handler): TaskIntegrations & { requests: TaskRequest[] } {
  const requests: TaskRequest[] = [];
  return {
    requests,
    invoke: async (request) => {
      requests.push(request);
      return handler(request, requests.length);
    },
  };
}

/** An integration call that never answers: it ends only when the engine aborts it (timeout, stop, failed sibling). */
const hangUntilAborted = (request: TaskRequest): Promise<never> =>
  new Promise((_resolve, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason ?? new Error('aborted')), { once: true });
  });

const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the engine run until `predicate` holds (it never needs the clock to move for it). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (predicate()) return;
    await settle();
  }
  throw new Error(`the execution never reached: ${what}`);
}

const apiEvents = (execution: Execution): HistoryEventShape[] => execution.history.events.map(toHistoryEventShape);
const eventTypes = (execution: Execution): string[] => execution.history.events.map((event) => event.type);
const eventsOfType = (execution: Execution, type: string) => apiEvents(execution).filter((event) => event.type === type);

function run(definition: StateMachineDefinition, options: ExecutionOptions = {}): Execution {
  return startExecution(definition, { clock: new ManualClock({ autoAdvance: true }), ...options });
}

/** A machine whose one Task state is `task` (with End: true), for the tests that look at a single Task. */
function singleTask(task: Partial<TaskState>, extraStates: Record<string, StateDefinition> = {}): StateMachineDefinition {
  return { StartAt: 'Charge card', States: { 'Charge card': { Type: 'Task', Resource: LAMBDA_INVOKE, End: true, ...task }, ...extraStates } };
}

describe('interpreter: history of a run', () => {
  const definition: StateMachineDefinition = {
    StartAt: 'Prepare order',
    States: {
      'Prepare order': { Type: 'Pass', Parameters: { 'total.$': '$.amount' }, Assign: { currency: 'EUR', 'seen.$': '$.total' }, Next: 'Large enough?' },
      'Large enough?': { Type: 'Choice', Choices: [{ Variable: '$.total', NumericGreaterThanEquals: 100, Next: 'Accept' }], Default: 'Reject' },
      Accept: { Type: 'Succeed' },
      Reject: { Type: 'Fail', Error: 'OrderTooSmall', Cause: 'Orders start at 100' },
    },
  };

  it('records a Pass → Choice → Succeed run as AWS does: ids, previousEventId chain, details, assignedVariables', async () => {
    // Prepare
    const execution = run(definition, { input: { amount: 150 } });

    // Act
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { total: 150 } });
    expect(apiEvents(execution)).toEqual([
      { id: 1, previousEventId: 0, timestamp: expect.any(Number), type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{"amount":150}', inputDetails: { truncated: false }, roleArn: ROLE } },
      // The first state links to 0, not to ExecutionStarted (AWS; see local/engine/history-links.ts).
      { id: 2, previousEventId: 0, timestamp: expect.any(Number), type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'Prepare order', input: '{"amount":150}', inputDetails: { truncated: false } } },
      { id: 3, previousEventId: 2, timestamp: expect.any(Number), type: 'PassStateExited',
        stateExitedEventDetails: { name: 'Prepare order', output: '{"total":150}', outputDetails: { truncated: false },
          assignedVariables: { currency: '"EUR"', seen: '150' }, assignedVariablesDetails: { truncated: false } } },
      { id: 4, previousEventId: 3, timestamp: expect.any(Number), type: 'ChoiceStateEntered',
        stateEnteredEventDetails: { name: 'Large enough?', input: '{"total":150}', inputDetails: { truncated: false } } },
      { id: 5, previousEventId: 4, timestamp: expect.any(Number), type: 'ChoiceStateExited',
        stateExitedEventDetails: { name: 'Large enough?', output: '{"total":150}', outputDetails: { truncated: false } } },
      { id: 6, previousEventId: 5, timestamp: expect.any(Number), type: 'SucceedStateEntered',
        stateEnteredEventDetails: { name: 'Accept', input: '{"total":150}', inputDetails: { truncated: false } } },
      { id: 7, previousEventId: 6, timestamp: expect.any(Number), type: 'SucceedStateExited',
        stateExitedEventDetails: { name: 'Accept', output: '{"total":150}', outputDetails: { truncated: false } } },
      { id: 8, previousEventId: 7, timestamp: expect.any(Number), type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: '{"total":150}', outputDetails: { truncated: false } } },
    ]);
  });

  it('ends a run through a Fail state with only FailStateEntered, then ExecutionFailed with its Error and Cause', async () => {
    // Prepare
    const execution = run(definition, { input: { amount: 20 } });

    // Act
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'OrderTooSmall', cause: 'Orders start at 100' });
    expect(eventTypes(execution)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ChoiceStateEntered', 'ChoiceStateExited', 'FailStateEntered', 'ExecutionFailed',
    ]);
    expect(apiEvents(execution).at(-1)).toEqual({
      id: 7, previousEventId: 6, timestamp: expect.any(Number), type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'OrderTooSmall', cause: 'Orders start at 100' },
    });
  });
});

describe('interpreter: Retry', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['the defaults (1 s, ×2, 3 attempts)', {}, 3, [1000, 2000, 4000], 'SUCCEEDED'],
    ['IntervalSeconds 2 and BackoffRate 1.5', { IntervalSeconds: 2, BackoffRate: 1.5 }, 3, [2000, 3000, 4500], 'SUCCEEDED'],
    ['MaxDelaySeconds capping the backoff', { MaxAttempts: 5, MaxDelaySeconds: 3 }, 5, [1000, 2000, 3000, 3000, 3000], 'SUCCEEDED'],
    ['JitterStrategy FULL (random 0.25) on the capped delay', { IntervalSeconds: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL' as const }, 3, [500, 1000, 1250], 'SUCCEEDED'],
    ['MaxAttempts spent before the task recovers', { MaxAttempts: 2 }, 5, [1000, 2000], 'FAILED'],
    ['MaxAttempts 0 (never retry)', { MaxAttempts: 0 }, 1, [], 'FAILED'],
  ])('waits exactly as the retrier says with %s', async (_label, retrier, failures, expectedSleeps, status) => {
    // Prepare
    jest.spyOn(Math, 'random').mockReturnValue(0.25);
    const clock = new ManualClock({ autoAdvance: true });
    const integrations = fakeIntegrations((_request, call) => {
      if (call <= failures) throw new StatesError('Gateway.Busy', `busy on call ${call}`);
      return { charged: true };
    });
    const definition = singleTask({ Parameters: { 'attempt.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['Gateway.Busy'], ...retrier }] });

    // Act
    const execution = run(definition, { clock, integrations });
    const outcome = await execution.done;

    // Assess
    expect(clock.sleeps).toEqual(expectedSleeps);
    expect(outcome.status).toBe(status);
    const calls = expectedSleeps.length + 1;
    expect(integrations.requests.map((request) => request.parameters)).toEqual(Array.from({ length: calls }, (_, attempt) => ({ attempt })));
    if (status === 'SUCCEEDED') expect(outcome.output).toEqual({ charged: true });
    else expect(outcome).toMatchObject({ error: 'Gateway.Busy', cause: `busy on call ${calls}` });
    expect(eventsOfType(execution, 'TaskFailed')).toHaveLength(Math.min(failures, calls));
    expect(eventsOfType(execution, 'TaskScheduled')).toHaveLength(calls);
  });

  it('counts attempts per retrier: the first retrier, once spent, no longer retries its error', async () => {
    // Prepare
    const clock = new ManualClock({ autoAdvance: true });
    const errors = ['Gateway.Busy', 'Gateway.Throttled', 'Gateway.Busy'];
    const integrations = fakeIntegrations((_request, call) => {
      throw new StatesError(errors[call - 1] ?? 'Unexpected', `call ${call}`);
    });
    const definition = singleTask({
      Retry: [
        { ErrorEquals: ['Gateway.Busy'], MaxAttempts: 1, IntervalSeconds: 1 },
        { ErrorEquals: ['Gateway.Throttled'], MaxAttempts: 1, IntervalSeconds: 5 },
      ],
    });

    // Act
    const outcome = await run(definition, { clock, integrations }).done;

    // Assess
    expect(clock.sleeps).toEqual([1000, 5000]);
    expect(integrations.requests).toHaveLength(3);
    expect(outcome).toEqual({ status: 'FAILED', error: 'Gateway.Busy', cause: 'call 3' });
  });
});

describe('interpreter: Catch', () => {
  const declined = () => fakeIntegrations(() => {
    throw new StatesError('PaymentDeclined', 'Card 4242 declined');
  });

  it.each([
    ['ResultPath "$.failure" keeps the input next to the error', '$.failure',
      { orderId: 'o-1', failure: { Error: 'PaymentDeclined', Cause: 'Card 4242 declined' } }],
    ['no ResultPath replaces the input with the error', undefined, { Error: 'PaymentDeclined', Cause: 'Card 4242 declined' }],
    ['ResultPath null discards the error and passes the input on', null, { orderId: 'o-1' }],
  ])('%s', async (_label, resultPath, expected) => {
    // Prepare
    const catcher: Catcher = { ErrorEquals: ['PaymentDeclined'], Next: 'Release stock' };
    if (resultPath !== undefined) catcher.ResultPath = resultPath;
    const definition = singleTask({ Catch: [catcher] }, { 'Release stock': { Type: 'Pass', End: true } });

    // Act
    const execution = run(definition, { input: { orderId: 'o-1' }, integrations: declined() });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: expected });
    expect(eventTypes(execution)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited',
      'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);
    expect(eventsOfType(execution, 'TaskFailed')[0]?.taskFailedEventDetails).toEqual({
      resourceType: 'lambda', resource: 'invoke', error: 'PaymentDeclined', cause: 'Card 4242 declined',
    });
  });

  it.each([['States.ALL'], ['States.TaskFailed'], ['States.Runtime']])(
    'a catcher on %s does not catch States.Runtime (a Parameters path that matches nothing), nor does a retrier',
    async (errorName) => {
      // Prepare
      const clock = new ManualClock({ autoAdvance: true });
      const integrations = fakeIntegrations(() => ({ charged: true }));
      const definition = singleTask(
        {
          Parameters: { 'card.$': '$.payment.card' },
          Retry: [{ ErrorEquals: [errorName], MaxAttempts: 3 }],
          Catch: [{ ErrorEquals: [errorName], Next: 'Handled' }],
        },
        { Handled: { Type: 'Pass', End: true } },
      );

      // Act
      const execution = run(definition, { input: { orderId: 'o-1' }, clock, integrations });
      const outcome = await execution.done;

      // Assess
      expect(outcome.status).toBe('FAILED');
      expect(outcome.error).toBe('States.Runtime');
      expect(outcome.cause).toMatch(/^An error occurred while executing the state 'Charge card' \(entered at the event id #2\)\. .*\$\.payment\.card/);
      expect(clock.sleeps).toEqual([]);
      expect(integrations.requests).toHaveLength(0);
      expect(eventTypes(execution)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
    },
  );

  it.each([
    ['States.TaskFailed', 'FAILED'],
    ['States.Timeout', 'SUCCEEDED'],
    ['States.ALL', 'SUCCEEDED'],
  ])('a task timeout meets a catcher on %s → %s', async (errorName, status) => {
    // Prepare
    const clock = new ManualClock();
    const definition = singleTask({ TimeoutSeconds: 5, Catch: [{ ErrorEquals: [errorName], Next: 'Handled' }] }, { Handled: { Type: 'Pass', End: true } });
    const execution = run(definition, { clock, integrations: fakeIntegrations(hangUntilAborted) });

    // Act
    await clock.advance(5000);
    const outcome = await execution.done;

    // Assess
    expect(outcome.status).toBe(status);
    if (status === 'FAILED') expect(outcome.error).toBe('States.Timeout');
    else expect(outcome.output).toEqual({ Error: 'States.Timeout' });
  });
});

describe('interpreter: Task timeouts and the two Lambda vocabularies', () => {
  it.each([
    ['a service integration', LAMBDA_INVOKE, ['TaskScheduled', 'TaskStarted', 'TaskTimedOut'], 'taskTimedOutEventDetails',
      { resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' }],
    ['a bare Lambda function ARN', LAMBDA_ARN, ['LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionTimedOut'],
      'lambdaFunctionTimedOutEventDetails', { error: 'States.Timeout' }],
  ])('TimeoutSeconds on %s fails the task with States.Timeout and a timed-out event, and aborts the call', async (_label, resource, taskEvents, detailsKey, details) => {
    // Prepare
    const clock = new ManualClock();
    const integrations = fakeIntegrations(hangUntilAborted);
    const execution = run(singleTask({ Resource: resource, TimeoutSeconds: 30 }), { clock, integrations });
    await until(() => integrations.requests.length === 1, 'the task call');

    // Act
    await clock.advance(29_999);
    const runningBeforeDeadline = execution.status;
    await clock.advance(1);
    const outcome = await execution.done;

    // Assess
    expect(runningBeforeDeadline).toBe('RUNNING');
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(integrations.requests[0]?.signal.aborted).toBe(true);
    expect(eventTypes(execution)).toEqual(['ExecutionStarted', 'TaskStateEntered', ...taskEvents, 'ExecutionFailed']);
    const timedOut = apiEvents(execution)[4];
    expect(timedOut?.[detailsKey]).toMatchObject(details);
    expect(execution.stopDate! - execution.startDate).toBe(30_000);
  });

  it('logs LambdaFunction* events for a bare function ARN and returns the payload itself', async () => {
    // Prepare
    const integrations = fakeIntegrations((request) => ({ charged: true, card: (request.parameters as { card: string }).card }));

    // Act
    const execution = run(singleTask({ Resource: LAMBDA_ARN, Parameters: { 'card.$': '$.card' }, TimeoutSeconds: 10 }),
      { input: { card: '4242' }, integrations, clock: new ManualClock() });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { charged: true, card: '4242' } });
    expect(apiEvents(execution).slice(2, 5)).toEqual([
      { id: 3, previousEventId: 2, timestamp: expect.any(Number), type: 'LambdaFunctionScheduled',
        lambdaFunctionScheduledEventDetails: { resource: LAMBDA_ARN, input: '{"card":"4242"}', inputDetails: { truncated: false }, timeoutInSeconds: 10 } },
      { id: 4, previousEventId: 3, timestamp: expect.any(Number), type: 'LambdaFunctionStarted' },
      { id: 5, previousEventId: 4, timestamp: expect.any(Number), type: 'LambdaFunctionSucceeded',
        lambdaFunctionSucceededEventDetails: { output: '{"charged":true,"card":"4242"}', outputDetails: { truncated: false } } },
    ]);
    expect(integrations.requests[0]?.resource).toMatchObject({ kind: 'lambda-function', service: 'lambda', action: 'invoke' });
  });

  it('logs Task* events with resourceType/resource/region/parameters for arn:aws:states:::lambda:invoke', async () => {
    // Prepare
    const response = { ExecutedVersion: '$LATEST', Payload: { charged: true }, StatusCode: 200 };
    const integrations = fakeIntegrations(() => response);

    // Act
    const execution = run(singleTask({ Parameters: { FunctionName: 'charge-card', 'Payload.$': '$' } }), { input: { card: '4242' }, integrations });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: response });
    expect(apiEvents(execution).slice(2, 5)).toEqual([
      { id: 3, previousEventId: 2, timestamp: expect.any(Number), type: 'TaskScheduled',
        taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1',
          parameters: '{"FunctionName":"charge-card","Payload":{"card":"4242"}}' } },
      { id: 4, previousEventId: 3, timestamp: expect.any(Number), type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } },
      { id: 5, previousEventId: 4, timestamp: expect.any(Number), type: 'TaskSucceeded',
        taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: JSON.stringify(response), outputDetails: { truncated: false } } },
    ]);
  });

  it.each([
    ['a bare function ARN', LAMBDA_ARN, 'LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', {}],
    ['lambda:invoke', LAMBDA_INVOKE, 'TaskFailed', 'taskFailedEventDetails', { resourceType: 'lambda', resource: 'invoke' }],
  ])('records a failing call to %s as %s with the error and cause', async (_label, resource, type, key, names) => {
    // Prepare
    const integrations = fakeIntegrations(() => {
      throw new StatesError('PaymentDeclined', '{"errorType":"PaymentDeclined","errorMessage":"Card 4242 declined"}');
    });

    // Act
    const execution = run(singleTask({ Resource: resource }), { integrations });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'PaymentDeclined', cause: '{"errorType":"PaymentDeclined","errorMessage":"Card 4242 declined"}' });
    const failed = apiEvents(execution).find((event) => event.type === type);
    expect(failed?.[key]).toEqual({ ...names, error: 'PaymentDeclined', cause: '{"errorType":"PaymentDeclined","errorMessage":"Card 4242 declined"}' });
  });
});

describe('interpreter: .waitForTaskToken', () => {
  const approval = (task: Partial<TaskState> = {}) => singleTask({
    Resource: SQS_WAIT,
    Parameters: { QueueUrl: 'https://sqs.local/approvals', MessageBody: { 'token.$': '$$.Task.Token', 'orderId.$': '$.orderId' } },
    ...task,
  });
  const tokenOf = (request: TaskRequest) => (request.parameters as { MessageBody: { token: string } }).MessageBody.token;

  async function startWaiting(task: Partial<TaskState> = {}, onInvoke?: (token: string, tokens: TaskTokens) => void) {
    const clock = new ManualClock();
    const tokens = new TaskTokens();
    const integrations = fakeIntegrations((request) => {
      onInvoke?.(tokenOf(request), tokens);
      return { MessageId: 'm-1' };
    });
    const execution = run(approval(task), { input: { orderId: 'o-1' }, clock, tokens, integrations });
    await until(() => integrations.requests.length === 1, 'the message with the token');
    await settle();
    return { clock, tokens, execution, token: tokenOf(defined(integrations.requests[0], 'the Task request')) };
  }

  it('puts an opaque token in $$.Task.Token, records TaskSubmitted, and resumes with the output SendTaskSuccess gives', async () => {
    // Prepare
    const { tokens, execution, token } = await startWaiting();
    const statusWhileWaiting = execution.status;
    const typesWhileWaiting = eventTypes(execution);

    // Act
    tokens.succeed(token, { approved: true, by: 'manager@example.com' });
    const outcome = await execution.done;

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9+/=]{1,2048}$/);
    expect(statusWhileWaiting).toBe('RUNNING');
    expect(typesWhileWaiting).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
    expect(eventsOfType(execution, 'TaskSubmitted')[0]?.taskSubmittedEventDetails).toEqual({
      resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', output: '{"MessageId":"m-1"}', outputDetails: { truncated: false },
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { approved: true, by: 'manager@example.com' } });
    expect(eventsOfType(execution, 'TaskSucceeded')[0]?.taskSucceededEventDetails).toMatchObject({ output: '{"approved":true,"by":"manager@example.com"}' });
  });

  it('fails the task with the error and cause SendTaskFailure gives', async () => {
    // Prepare
    const { tokens, execution, token } = await startWaiting();

    // Act
    tokens.fail(token, 'ApprovalRejected', 'The manager said no');
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'ApprovalRejected', cause: 'The manager said no' });
    expect(eventsOfType(execution, 'TaskFailed')[0]?.taskFailedEventDetails).toEqual({
      resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'ApprovalRejected', cause: 'The manager said no',
    });
  });

  it('refuses a second decision on a closed task with TaskDoesNotExist', async () => {
    // Prepare
    const { tokens, execution, token } = await startWaiting();
    tokens.succeed(token, { approved: true });
    await execution.done;

    // Act
    const late = () => tokens.fail(token, 'TooLate');

    // Assess
    expect(late).toThrow(expect.objectContaining({ name: 'TaskDoesNotExist', code: 'TaskDoesNotExist' }));
  });

  it('fails with States.HeartbeatTimeout when no heartbeat comes within HeartbeatSeconds; a late decision gets TaskTimedOut', async () => {
    // Prepare
    const { clock, tokens, execution, token } = await startWaiting({ HeartbeatSeconds: 10 });

    // Act
    await clock.advance(10_000);
    const outcome = await execution.done;

    // Assess
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect(execution.stopDate! - execution.startDate).toBe(10_000);
    expect(eventsOfType(execution, 'TaskTimedOut')[0]?.taskTimedOutEventDetails).toMatchObject({
      resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'States.HeartbeatTimeout',
    });
    expect(() => tokens.succeed(token, {})).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });

  it('extends the heartbeat deadline with each heartbeat, which adds no history event', async () => {
    // Prepare
    const { clock, tokens, execution, token } = await startWaiting({ HeartbeatSeconds: 10 });
    const eventsBefore = execution.history.size;

    // Act
    await clock.advance(6_000);
    tokens.heartbeat(token);
    await clock.advance(6_000);
    const statusAfter12s = execution.status;
    await clock.advance(4_000);
    const outcome = await execution.done;

    // Assess
    expect(statusAfter12s).toBe('RUNNING');
    expect(outcome.error).toBe('States.HeartbeatTimeout');
    expect(execution.stopDate! - execution.startDate).toBe(16_000);
    expect(eventTypes(execution).slice(eventsBefore)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('times a callback out after the overridden TimeoutSeconds, so a 24 h wait is testable in a second', async () => {
    // Prepare
    const clock = new ManualClock();
    const integrations = fakeIntegrations(() => ({ MessageId: 'm-1' }));
    const definition = approval({ TimeoutSeconds: 86_400 });
    const execution = run(definition, { input: { orderId: 'o-1' }, clock, integrations, taskTimeoutOverrides: { [definition.StartAt]: 1 } });
    await until(() => integrations.requests.length === 1, 'the message with the token');
    await settle();

    // Act
    await clock.advance(1_000);
    const outcome = await execution.done;

    // Assess
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(execution.stopDate! - execution.startDate).toBe(1_000);
    expect(eventsOfType(execution, 'TaskScheduled')[0]?.taskScheduledEventDetails).toMatchObject({ timeoutInSeconds: 1 });
  });

  it('keeps a decision that arrives before the engine waits (a consumer faster than the call)', async () => {
    // Prepare
    const fastConsumer = (token: string, tokens: TaskTokens) => tokens.succeed(token, { fast: true });

    // Act
    const { execution } = await startWaiting({}, fastConsumer);
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { fast: true } });
    expect(eventTypes(execution)).toContain('TaskSubmitted');
  });

  it('refuses a decision that arrives after the task timed out with TaskTimedOut', async () => {
    // Prepare
    const { clock, tokens, execution, token } = await startWaiting({ TimeoutSeconds: 60 });

    // Act
    await clock.advance(60_000);
    const outcome = await execution.done;

    // Assess
    expect(outcome.error).toBe('States.Timeout');
    expect(() => tokens.succeed(token, {})).toThrow(TaskTokenError);
    expect(() => tokens.succeed(token, {})).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });
});

describe('interpreter: Parallel', () => {
  it('returns the branch outputs in branch order, whatever order they finish in', async () => {
    // Prepare
    const integrations = fakeIntegrations(async () => {
      await realDelay(20);
      return 'slow';
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: LAMBDA_INVOKE, End: true } } },
            { StartAt: 'Fast', States: { Fast: { Type: 'Pass', Result: 'fast', End: true } } },
            { StartAt: 'Echo', States: { Echo: { Type: 'Pass', OutputPath: '$.orderId', End: true } } },
          ],
        },
      },
    };

    // Act
    const execution = run(definition, { input: { orderId: 'o-1' }, integrations });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: ['slow', 'fast', 'o-1'] });
    const types = eventTypes(execution);
    expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(types.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
  });

  it('fails the state with the failing branch error and stops the other branches', async () => {
    // Prepare
    const integrations = fakeIntegrations(hangUntilAborted);
    const definition: StateMachineDefinition = {
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Wait for payment', States: {
              'Wait for payment': { Type: 'Task', Resource: LAMBDA_INVOKE, Next: 'After payment' },
              'After payment': { Type: 'Pass', End: true },
            } },
            { StartAt: 'Check stock', States: {
              'Check stock': { Type: 'Wait', Seconds: 1, Next: 'Out of stock' },
              'Out of stock': { Type: 'Fail', Error: 'OutOfStock', Cause: 'sku-1 is gone' },
            } },
          ],
        },
      },
    };

    // Act
    const execution = run(definition, { integrations });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'OutOfStock', cause: 'sku-1 is gone' });
    expect(integrations.requests).toHaveLength(1);
    expect(integrations.requests[0]?.signal.aborted).toBe(true);
    const entered = apiEvents(execution).filter((event) => event.type.endsWith('StateEntered'))
      .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
    expect(entered).not.toContain('After payment');
    expect(eventTypes(execution).slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
  });
});

describe('interpreter: inline Map', () => {
  /** An integration that counts how many calls are in flight at once. */
  function concurrencyProbe(delay: (item: number) => number) {
    let inFlight = 0;
    const probe = { max: 0 };
    const integrations = fakeIntegrations(async (request) => {
      inFlight++;
      probe.max = Math.max(probe.max, inFlight);
      const item = request.parameters as number;
      await realDelay(delay(item));
      inFlight--;
      return item * 10;
    });
    return { integrations, probe };
  }

  const mapOver = (map: Partial<MapState>): StateMachineDefinition => ({
    StartAt: 'Each line',
    States: {
      'Each line': {
        Type: 'Map',
        End: true,
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: LAMBDA_INVOKE, End: true } } },
        ...map,
      },
    },
  });

  it.each([
    [1, 1],
    [2, 2],
    [0, 5],
  ])('keeps results in item order with MaxConcurrency %i (at most %i calls at once)', async (maxConcurrency, expectedMax) => {
    // Prepare
    const items = [5, 1, 4, 2, 3];
    const { integrations, probe } = concurrencyProbe((item) => item * 3);

    // Act
    const execution = run(mapOver({ MaxConcurrency: maxConcurrency }), { input: items, integrations });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [50, 10, 40, 20, 30] });
    expect(probe.max).toBe(expectedMax);
    expect(eventsOfType(execution, 'MapStateStarted')[0]?.mapStateStartedEventDetails).toEqual({ length: 5 });
    expect(eventsOfType(execution, 'MapIterationSucceeded')).toHaveLength(5);
  });

  it.each([
    ['no MaxConcurrency', undefined, 40],
    ['MaxConcurrency 0', 0, 40],
    ['MaxConcurrency 100', 100, 40],
    ['MaxConcurrency 10', 10, 10],
  ])('runs at most 40 iterations at once with %s', async (_label, maxConcurrency, expectedMax) => {
    // Prepare
    const items = Array.from({ length: 100 }, (_, index) => index);
    const { integrations, probe } = concurrencyProbe(() => 2);
    const map = maxConcurrency === undefined ? {} : { MaxConcurrency: maxConcurrency };

    // Act
    const outcome = await run(mapOver(map), { input: items, integrations }).done;

    // Assess
    expect(probe.max).toBe(expectedMax);
    expect(outcome.output).toEqual(items.map((item) => item * 10));
  });

  it('shapes each item with ItemSelector from $$.Map.Item and the state input', async () => {
    // Prepare
    const definition: StateMachineDefinition = {
      StartAt: 'Each line',
      States: {
        'Each line': {
          Type: 'Map',
          ItemsPath: '$.lines',
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'sku.$': '$$.Map.Item.Value.sku', 'orderId.$': '$.orderId' },
          ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };

    // Act
    const outcome = await run(definition, { input: { orderId: 'o-1', lines: [{ sku: 'a' }, { sku: 'b' }] } }).done;

    // Assess
    expect(outcome.output).toEqual([{ index: 0, sku: 'a', orderId: 'o-1' }, { index: 1, sku: 'b', orderId: 'o-1' }]);
  });

  it.each([
    ['MaxItemsPerBatch 2', { MaxItemsPerBatch: 2 }, [{ Items: [1, 2] }, { Items: [3, 4] }, { Items: [5] }]],
    ['MaxItemsPerBatch 2 with BatchInput', { MaxItemsPerBatch: 2, BatchInput: { 'orderId.$': '$.orderId' } },
      [{ BatchInput: { orderId: 'o-1' }, Items: [1, 2] }, { BatchInput: { orderId: 'o-1' }, Items: [3, 4] }, { BatchInput: { orderId: 'o-1' }, Items: [5] }]],
    ['MaxInputBytesPerBatch 4 (two one-digit items each)', { MaxInputBytesPerBatch: 4 }, [{ Items: [1, 2] }, { Items: [3, 4] }, { Items: [5] }]],
  ])('groups items into batches with ItemBatcher %s', async (_label, batcher, expected) => {
    // Prepare
    const definition: StateMachineDefinition = {
      StartAt: 'Each batch',
      States: {
        'Each batch': {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemBatcher: batcher,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Keep',
            States: { Keep: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };

    // Act
    const outcome = await run(definition, { input: { orderId: 'o-1', items: [1, 2, 3, 4, 5] } }).done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: expected });
  });

  it('lets an iteration read outer variables while its own assignments stay inside it', async () => {
    // Prepare
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Remember customer',
      States: {
        'Remember customer': { Type: 'Pass', Assign: { customer: 'Ada' }, Next: 'Greet each' },
        'Greet each': {
          Type: 'Map',
          Items: '{% $states.input.items %}',
          ItemProcessor: {
            StartAt: 'Greet',
            States: {
              Greet: { Type: 'Pass', Assign: { inner: '{% $states.input %}' }, Output: "{% $customer & ' bought ' & $states.input %}", Next: 'Read own' },
              'Read own': { Type: 'Pass', Output: "{% $states.input & ' (' & $inner & ')' %}", End: true },
            },
          },
          Next: 'Check scope',
        },
        'Check scope': {
          Type: 'Pass',
          Output: { greetings: '{% $states.input %}', customer: '{% $customer %}', innerVisible: '{% $exists($inner) %}' },
          End: true,
        },
      },
    };

    // Act
    const outcome = await run(definition, { input: { items: ['tea', 'cake'] } }).done;

    // Assess
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { greetings: ['Ada bought tea (tea)', 'Ada bought cake (cake)'], customer: 'Ada', innerVisible: false },
    });
  });
});

describe('interpreter: ending an execution from outside and by limits', () => {
  it('times the execution out at its TimeoutSeconds: TIMED_OUT with an ExecutionTimedOut event', async () => {
    // Prepare
    const clock = new ManualClock();
    const definition: StateMachineDefinition = { TimeoutSeconds: 30, StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };
    const execution = run(definition, { clock });

    // Act
    await clock.advance(30_000);
    const outcome = await execution.done;

    // Assess
    expect(outcome).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(execution.status).toBe('TIMED_OUT');
    expect(eventTypes(execution)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    expect(apiEvents(execution)[2]).toMatchObject({ id: 3, previousEventId: 2, executionTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(execution.stopDate! - execution.startDate).toBe(30_000);
    expect(clock.pendingCount).toBe(0);
  });

  it.each([
    ['a Wait state', { Type: 'Wait', Seconds: 3600, End: true } as StateDefinition],
    ['a running Task', { Type: 'Task', Resource: LAMBDA_INVOKE, End: true } as StateDefinition],
  ])('stop() during %s aborts it: ABORTED with an ExecutionAborted event carrying the error and cause', async (_label, state) => {
    // Prepare
    const clock = new ManualClock();
    const integrations = fakeIntegrations(hangUntilAborted);
    const execution = run({ StartAt: 'Busy', States: { Busy: state } }, { clock, integrations });
    await until(() => (state.Type === 'Task' ? integrations.requests.length === 1 : clock.pendingCount === 1), 'the state to start');

    // Act
    execution.stop('Operator.Cancelled', 'Cancelled by the test');
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'ABORTED', error: 'Operator.Cancelled', cause: 'Cancelled by the test' });
    expect(eventTypes(execution).at(-1)).toBe('ExecutionAborted');
    expect(apiEvents(execution).at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Operator.Cancelled', cause: 'Cancelled by the test' });
    if (state.Type === 'Task') expect(integrations.requests[0]?.signal.aborted).toBe(true);
    expect(clock.pendingCount).toBe(0);
  });

  const bigText = 'x'.repeat(200 * 1024);

  it.each([
    ['a Pass whose output doubles a 200 KiB string', 'Double', { Type: 'Pass', Parameters: { 'a.$': '$.text', 'b.$': '$.text' }, End: true } as StateDefinition,
      () => ({})],
    ['a Task whose result is 300 KiB, even with a Catch on States.ALL', 'Fetch', {
      Type: 'Task', Resource: LAMBDA_INVOKE, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
    } as StateDefinition, () => ({ blob: 'y'.repeat(300 * 1024) })],
  ])('fails with States.DataLimitExceeded for %s', async (_label, name, state, result) => {
    // Prepare
    const definition: StateMachineDefinition = { StartAt: name, States: { [name]: state, Handled: { Type: 'Pass', End: true } } };

    // Act
    const outcome = await run(definition, { input: { text: bigText }, integrations: fakeIntegrations(result) }).done;

    // Assess
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
  });

  const countingLoop: StateMachineDefinition = {
    StartAt: 'Count',
    States: {
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More?' },
      'More?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 7000, Next: 'Count' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };

  it('fails a Standard execution whose history reaches 25,000 events, with ExecutionFailed as event 25,000', async () => {
    // Act
    const execution = run(countingLoop, { input: { n: 0 }, type: 'STANDARD' });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' });
    expect(execution.history.events).toHaveLength(25_000);
    const last = apiEvents(execution).at(-1);
    expect(last).toMatchObject({ id: 25_000, type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' } });
  });

  it('runs the same 28,000-event loop to the end as an Express execution, which keeps no history', async () => {
    // Act
    const execution = run(countingLoop, { input: { n: 0 }, type: 'EXPRESS' });
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { n: 7000 } });
    expect(execution.history.events).toHaveLength(0);
    expect(execution.history.size).toBe(1 + 7000 * 4 + 2 + 1);
  });
});
