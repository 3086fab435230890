/**
 * The port through which the API starts the order-processing state machine, and its Step Functions adapter.
 * Executions are named after the orderId: Step Functions refuses a second execution of the same name in a state
 * machine for 90 days, which makes the start itself idempotent
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { OrderInput } from './order-input';

export interface OrderWorkflow {
  /** The ARN the execution for this order has (or will have): known before it starts, so it can be stored first. */
  executionArnFor(orderId: string): string;
  /** Starts the execution; starting one that exists already is not an error (the earlier request started it). */
  start(order: OrderInput): Promise<void>;
}

/**
 * `arn:aws:states:r:a:stateMachine:name` + `id` → `arn:aws:states:r:a:execution:name:id`. A version or alias ARN
 * (`…:stateMachine:name:live`) gives the same: execution ARNs carry the machine's name only.
 */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const marker = ':stateMachine:';
  const at = stateMachineArn.indexOf(marker);
  if (at < 0) throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  const machineName = stateMachineArn.slice(at + marker.length).split(':')[0];
  return `${stateMachineArn.slice(0, at)}:execution:${machineName}:${executionName}`;
}

/** The adapter; the SFN client reads AWS_ENDPOINT_URL by itself, so locally it talks to the runtime's edge. */
export function createStepFunctionsOrderWorkflow(stateMachineArn: string, client: SFNClient = new SFNClient({})): OrderWorkflow {
  return {
    executionArnFor: (orderId) => executionArnFor(stateMachineArn, orderId),
    async start(order) {
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name: order.orderId, input: JSON.stringify(order) }));
      } catch (error) {
        // The execution of this name ran already (closed) or runs with another input: it was this order's.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
  };
}
