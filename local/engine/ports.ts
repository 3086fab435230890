/**
 * The engine's ports: everything with a side effect reaches the interpreter through one of these,
 * so tests and benchmarks can swap them (a fast clock, in-process functions, no history).
 */
import type { StateMachineType } from './types';

/** How a Task waits, from the suffix of its Resource ARN. https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html */
export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';

/** A Task's Resource, parsed. */
export interface TaskResource {
  /** The Resource exactly as written in the definition. */
  readonly arn: string;
  /**
   * `lambda-function` for a bare function ARN (history logs LambdaFunction* events and the payload is returned as is);
   * `optimized` for `arn:aws:states:::<service>:<action>`; `aws-sdk` for `arn:aws:states:::aws-sdk:<service>:<action>`;
   * `activity` for an activity ARN.
   */
  readonly kind: 'lambda-function' | 'optimized' | 'aws-sdk' | 'activity';
  /** `lambda`, `dynamodb`, `states`, `sqs`, `sesv2`, ... (for a bare function ARN: `lambda`). */
  readonly service: string;
  /** `invoke`, `getItem`, `startExecution`, ... (for a bare function ARN: `invoke`). */
  readonly action: string;
  readonly pattern: IntegrationPattern;
}

export interface TaskRequest {
  readonly resource: TaskResource;
  /** Parameters (JSONPath) or Arguments (JSONata), already evaluated; for `.waitForTaskToken` they carry the token. */
  readonly parameters: unknown;
  /** Aborted when the task times out or the execution stops; a `.sync` wait must end when it fires. */
  readonly signal: AbortSignal;
  /** The execution running the task, for integrations that start child executions or log. */
  readonly executionArn: string;
  readonly timeoutSeconds?: number;
}

/**
 * Calls a Task's resource. Resolve with the task's result (for `.waitForTaskToken`: once the request is made; the
 * engine then waits for the token itself). Reject with a `StatesError` named as AWS names it
 * (`PaymentDeclined`, `Lambda.Unknown`, `DynamoDB.ConditionalCheckFailedException`, `States.TaskFailed`, ...).
 */
export interface TaskIntegrations {
  invoke(request: TaskRequest): Promise<unknown>;
}

/** The runtime's clock lives in local/platform/clock.ts (SQS and the other services read it too). */
export type { Clock } from '../platform/clock';

/** Identity of the machine an execution runs, for the context object and ARNs. */
export interface StateMachineIdentity {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly roleArn?: string;
}

/**
 * Where a Distributed Map's Map Runs and child executions become visible: the Step Functions service registers them
 * for ListMapRuns, DescribeMapRun, UpdateMapRun, ListExecutions(mapRunArn) and, for STANDARD children,
 * DescribeExecution and GetExecutionHistory. Without one (the engine on its own), Map Runs still run.
 */
export interface MapRunHost {
  mapRunStarted(run: MapRun): void;
  /** A child started; `itemCount` items are in its input (a batch holds several). */
  childStarted(child: Execution, run: MapRun, itemCount: number): void;
}

export type { ObjectStorage } from './distributed/ports';
import type { MapRun } from './distributed/map-run-record';
import type { Execution } from './execution';
