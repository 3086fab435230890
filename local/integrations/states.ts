/**
 * Nested workflows: `arn:aws:states:::states:startExecution` (request-response), `.sync` and `.sync:2`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
import { StatesError } from '../engine/errors';
import type { TaskRequest } from '../engine/ports';
import { AwsError } from '../platform/aws-error';
import { optimizedCause, unsupportedResource, withExceptionSuffix } from './errors';

/** A child execution, as DescribeExecution reports it once it has ended. */
export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  startDate: Date;
  stopDate?: Date;
  /** JSON text. */
  input: string;
  /** JSON text; only for SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
}

/** What the Step Functions service offers the integrations; the lead's service implements it. */
export interface StepFunctionsPort {
  /**
   * Starts an execution. `input` is the execution input as a JSON value (the integration parses it when the Task gave
   * JSON text); a refusal is a AwsError named as the API names it (`StateMachineDoesNotExist`, ...).
   */
  startExecution(args: { stateMachineArn: string; input?: unknown; name?: string }): Promise<{ executionArn: string; startDate: Date }>;
  /** Resolves once the execution has ended; rejects with the signal's reason when the signal aborts first. */
  awaitExecution(executionArn: string, signal: AbortSignal): Promise<ExecutionDescription>;
}

export async function invokeStates(port: StepFunctionsPort | undefined, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (!port || resource.action !== 'startExecution') throw unsupportedResource(resource);
  const parameters = (request.parameters ?? {}) as Record<string, unknown>;
  if (typeof parameters.StateMachineArn !== 'string') {
    throw new StatesError('States.Runtime', "The field 'StateMachineArn' is required by arn:aws:states:::states:startExecution.");
  }
  const started = await start(port, {
    stateMachineArn: parameters.StateMachineArn,
    input: inputOf(parameters.Input),
    name: typeof parameters.Name === 'string' ? parameters.Name : undefined,
  });
  if (resource.pattern === 'request-response' || resource.pattern === 'waitForTaskToken') {
    return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  }
  request.signal.throwIfAborted();
  const ended = await port.awaitExecution(started.executionArn, request.signal);
  const described = describe(ended, resource.pattern === 'sync:2');
  if (ended.status !== 'SUCCEEDED') throw new StatesError('States.TaskFailed', JSON.stringify(described));
  return described;
}

/** `Input` may be a JSON value or JSON text; none at all means `{}`, as StartExecution requires the braces. */
function inputOf(input: unknown): unknown {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    throw new StatesError(
      'StepFunctions.InvalidExecutionInputException',
      optimizedCause('AWSStepFunctions', { name: 'InvalidExecutionInput', message: `Invalid State Machine Execution Input: '${input}'` }),
    );
  }
}

async function start(port: StepFunctionsPort, args: { stateMachineArn: string; input: unknown; name?: string }) {
  try {
    return await port.startExecution(args);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    const failure = { name: error.code, message: error.message, statusCode: error.statusCode };
    throw new StatesError(`StepFunctions.${withExceptionSuffix(error.code)}`, optimizedCause('AWSStepFunctions', failure));
  }
}

/** The child's description in the integration's PascalCase, Input/Output as JSON text (`.sync`) or parsed (`.sync:2`). */
function describe(execution: ExecutionDescription, parse: boolean): Record<string, unknown> {
  const data = (text: string | undefined) => (parse && text !== undefined ? (JSON.parse(text) as unknown) : text);
  const described: Record<string, unknown> = {
    ExecutionArn: execution.executionArn,
    Input: data(execution.input),
    InputDetails: { Included: true },
    Name: execution.name,
  };
  if (execution.output !== undefined) {
    described.Output = data(execution.output);
    described.OutputDetails = { Included: true };
  }
  if (execution.error !== undefined) described.Error = execution.error;
  if (execution.cause !== undefined) described.Cause = execution.cause;
  described.StartDate = execution.startDate.getTime();
  described.StateMachineArn = execution.stateMachineArn;
  described.Status = execution.status;
  if (execution.stopDate) described.StopDate = execution.stopDate.getTime();
  return described;
}
