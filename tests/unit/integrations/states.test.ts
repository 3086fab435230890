import { AwsError } from '../../../local/platform/aws-error';
import { StatesError } from '../../../local/engine/errors';
import { createTaskIntegrations } from '../../../local/integrations';
import type { ExecutionDescription, StepFunctionsPort } from '../../../local/integrations/states';
import type { LambdaInvoker } from '../../../local/lambda/types';
import { taskRequest } from './task-request';

const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:child';
const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:child:run-7';
const START = new Date('2026-01-02T03:04:05.678Z');
const STOP = new Date('2026-01-02T03:04:09.000Z');

/** A fake Step Functions service: records starts and ends each child as told. */
function fakePort(ending: Partial<ExecutionDescription> | 'never'): StepFunctionsPort & { started: unknown[] } {
  const started: unknown[] = [];
  return {
    started,
    async startExecution(args) {
      started.push(args);
      if (args.stateMachineArn.endsWith(':missing')) {
        throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${args.stateMachineArn}'`);
      }
      return { executionArn: EXECUTION, startDate: START };
    },
    awaitExecution(executionArn, signal) {
      if (ending === 'never') {
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }
      return Promise.resolve({
        executionArn,
        stateMachineArn: MACHINE,
        name: 'run-7',
        status: 'SUCCEEDED',
        startDate: START,
        stopDate: STOP,
        input: '{"orderId":"o-1"}',
        ...ending,
      });
    },
  };
}

const lambda: LambdaInvoker = { invoke: async () => ({ statusCode: 200, payload: 'null', executedVersion: '$LATEST' }) };
const integrationsWith = (port: StepFunctionsPort | undefined) =>
  createTaskIntegrations({ lambda, endpoint: 'http://127.0.0.1:1', region: 'us-east-1', stepFunctions: port });

describe('states:startExecution integration', () => {
  it('starts a child and answers ExecutionArn and StartDate for request-response', async () => {
    // Prepare
    const port = fakePort({});

    // Act
    const result = await integrationsWith(port).invoke(
      taskRequest('arn:aws:states:::states:startExecution', { StateMachineArn: MACHINE, Input: { orderId: 'o-1' }, Name: 'run-7' }),
    );

    // Assess
    expect(result).toEqual({ ExecutionArn: EXECUTION, StartDate: START.getTime() });
    expect(port.started).toEqual([{ stateMachineArn: MACHINE, input: { orderId: 'o-1' }, name: 'run-7' }]);
  });

  it.each([
    ['JSON text', '{"a":1}', { a: 1 }],
    ['no Input', undefined, {}],
  ])('passes %s as the child input', async (_label, input, expected) => {
    // Prepare
    const port = fakePort({});

    // Act
    await integrationsWith(port).invoke(taskRequest('arn:aws:states:::states:startExecution', { StateMachineArn: MACHINE, Input: input }));

    // Assess
    expect(port.started).toEqual([{ stateMachineArn: MACHINE, input: expected, name: undefined }]);
  });

  it.each([
    ['.sync', 'arn:aws:states:::states:startExecution.sync', '{"orderId":"o-1"}', '{"total":12}'],
    ['.sync:2', 'arn:aws:states:::states:startExecution.sync:2', { orderId: 'o-1' }, { total: 12 }],
  ])('waits for the child and returns its description (%s)', async (_label, arn, input, output) => {
    // Act
    const result = await integrationsWith(fakePort({ output: '{"total":12}' })).invoke(taskRequest(arn, { StateMachineArn: MACHINE, Input: { orderId: 'o-1' } }));

    // Assess
    expect(result).toEqual({
      ExecutionArn: EXECUTION,
      Input: input,
      InputDetails: { Included: true },
      Name: 'run-7',
      Output: output,
      OutputDetails: { Included: true },
      StartDate: START.getTime(),
      StateMachineArn: MACHINE,
      Status: 'SUCCEEDED',
      StopDate: STOP.getTime(),
    });
  });

  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'] as const)('fails the task with States.TaskFailed when the child ends %s', async (status) => {
    // Act
    const attempt = integrationsWith(fakePort({ status, error: 'PaymentDeclined', cause: 'card refused' })).invoke(
      taskRequest('arn:aws:states:::states:startExecution.sync', { StateMachineArn: MACHINE, Input: {} }),
    );

    // Assess
    const error = (await attempt.catch((caught: unknown) => caught)) as StatesError;
    expect(error).toBeInstanceOf(StatesError);
    expect(error.error).toBe('States.TaskFailed');
    expect(JSON.parse(error.cause ?? '')).toMatchObject({ ExecutionArn: EXECUTION, Status: status, Error: 'PaymentDeclined', Cause: 'card refused' });
  });

  it('stops waiting when the task is aborted', async () => {
    // Prepare
    const controller = new AbortController();
    const attempt = integrationsWith(fakePort('never')).invoke(
      taskRequest('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: MACHINE }, controller.signal),
    );

    // Act
    controller.abort(new StatesError('States.Timeout'));

    // Assess
    await expect(attempt).rejects.toMatchObject({ error: 'States.Timeout' });
  });

  it('names a refused start as StepFunctions.<Code>Exception', async () => {
    // Act
    const attempt = integrationsWith(fakePort({})).invoke(
      taskRequest('arn:aws:states:::states:startExecution', { StateMachineArn: `${MACHINE.replace(':child', ':missing')}` }),
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({
      error: 'StepFunctions.StateMachineDoesNotExistException',
      cause: expect.stringMatching(/^State Machine Does Not Exist: '.+:missing' \(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; /),
    });
  });

  it('refuses startExecution when no Step Functions service is wired', async () => {
    // Act
    const attempt = integrationsWith(undefined).invoke(taskRequest('arn:aws:states:::states:startExecution', { StateMachineArn: MACHINE }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ error: 'States.Runtime' });
  });
});
