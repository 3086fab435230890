import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { createStepFunctionsTaskDecisions, TaskNoLongerWaiting } from '../../../lib/approvals/task-decisions';

function clientAnswering(answer: () => Promise<unknown>) {
  const sent: unknown[] = [];
  const client = { send: async (command: unknown) => (sent.push(command), answer()) } as unknown as SFNClient;
  return { client, sent };
}

describe('createStepFunctionsTaskDecisions', () => {
  it('sends SendTaskSuccess with the token and the output', async () => {
    // Prepare
    const { client, sent } = clientAnswering(async () => ({}));

    // Act
    await createStepFunctionsTaskDecisions(client).succeed('token-1', '{"decision":"APPROVED"}');

    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(SendTaskSuccessCommand);
    expect((sent[0] as SendTaskSuccessCommand).input).toEqual({ taskToken: 'token-1', output: '{"decision":"APPROVED"}' });
  });

  it('sends SendTaskFailure with the token, the error and the cause', async () => {
    // Prepare
    const { client, sent } = clientAnswering(async () => ({}));

    // Act
    await createStepFunctionsTaskDecisions(client).fail('token-1', 'ApprovalRejected', 'Approval a was rejected');

    // Assess
    expect(sent[0]).toBeInstanceOf(SendTaskFailureCommand);
    expect((sent[0] as SendTaskFailureCommand).input).toEqual({ taskToken: 'token-1', error: 'ApprovalRejected', cause: 'Approval a was rejected' });
  });

  it.each([
    ['TaskTimedOut', () => new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} })],
    ['TaskDoesNotExist', () => new TaskDoesNotExist({ message: 'Task Does Not Exist', $metadata: {} })],
  ])('turns %s into TaskNoLongerWaiting', async (reason, error) => {
    // Prepare
    const { client } = clientAnswering(async () => {
      throw error();
    });

    // Act
    const sending = createStepFunctionsTaskDecisions(client).succeed('token-1', '{}');

    // Assess
    await expect(sending).rejects.toThrow(TaskNoLongerWaiting);
    await expect(sending).rejects.toMatchObject({ name: 'TaskNoLongerWaiting', reason });
  });

  it('lets other errors through as they are', async () => {
    // Prepare
    const { client } = clientAnswering(async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });

    // Act
    const sending = createStepFunctionsTaskDecisions(client).fail('token-1', 'ApprovalRejected', 'c');

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
  });
});
