/**
 * The port through which a decision reaches the waiting execution, and its Step Functions adapter. SendTaskSuccess
 * resumes the `.waitForTaskToken` task with an output; SendTaskFailure fails it with an error name its Catch matches
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token).
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';

/**
 * The execution no longer waits for this token: the task timed out, the execution ended (stopped, failed), or the
 * token is not one Step Functions knows (InvalidToken: nothing can ever accept it).
 */
export class TaskNoLongerWaiting extends Error {
  override readonly name = 'TaskNoLongerWaiting';

  constructor(readonly reason: 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken') {
    super(`The task is no longer waiting for a decision (${reason})`);
  }
}

export interface TaskDecisionPort {
  /** Resumes the task with `output` (a JSON document). Throws TaskNoLongerWaiting when too late. */
  succeed(taskToken: string, output: string): Promise<void>;
  /** Fails the task with `error` and `cause`. Throws TaskNoLongerWaiting when too late. */
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/**
 * SendTask* answer TaskTimedOut once the task's TimeoutSeconds or heartbeat has passed, TaskDoesNotExist once the
 * execution has closed, and InvalidToken for a token it cannot read (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html).
 * Matched by name, which the SDK sets from the error code, so the check holds for any endpoint that speaks the API.
 */
function tooLate(error: unknown): never {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken') throw new TaskNoLongerWaiting(name);
  throw error;
}

/** The adapter; the SFN client reads AWS_ENDPOINT_URL by itself, so locally it talks to the runtime's edge. */
export function createStepFunctionsTaskDecisions(client: SFNClient = new SFNClient({})): TaskDecisionPort {
  return {
    async succeed(taskToken, output) {
      await client.send(new SendTaskSuccessCommand({ taskToken, output })).catch(tooLate);
    },
    async fail(taskToken, error, cause) {
      await client.send(new SendTaskFailureCommand({ taskToken, error, cause })).catch(tooLate);
    },
  };
}
