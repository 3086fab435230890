/**
 * The AWS/States execution metrics the runtime emits into its metric store when an execution starts and ends:
 * ExecutionsStarted, ExecutionsSucceeded, ExecutionsFailed, ExecutionsTimedOut and ExecutionsAborted, each a count
 * of 1 with the `StateMachineArn` dimension. https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
 * An execution started through a version or an alias is also counted under the version's and the alias's ARN, so an
 * alarm can watch one version during a canary; that AWS uses the same dimension name with a qualified ARN is
 * unverified (see README, "What the local CloudWatch does").
 */
import type { ExecutionStatus } from '../engine/execution';
import type { MetricStore } from '../cloudwatch/metrics';

export const STATES_NAMESPACE = 'AWS/States';

const METRIC_BY_STATUS: Record<Exclude<ExecutionStatus, 'RUNNING'>, string> = {
  SUCCEEDED: 'ExecutionsSucceeded',
  FAILED: 'ExecutionsFailed',
  TIMED_OUT: 'ExecutionsTimedOut',
  ABORTED: 'ExecutionsAborted',
};

export interface ExecutionIdentity {
  readonly stateMachineArn: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

function count(store: MetricStore, metricName: string, identity: ExecutionIdentity, timestamp: number): void {
  for (const arn of [identity.stateMachineArn, identity.stateMachineVersionArn, identity.stateMachineAliasArn]) {
    if (arn !== undefined) store.put({ namespace: STATES_NAMESPACE, metricName, dimensions: { StateMachineArn: arn } }, 1, timestamp);
  }
}

export function recordExecutionStarted(store: MetricStore, identity: ExecutionIdentity, timestamp: number): void {
  count(store, 'ExecutionsStarted', identity, timestamp);
}

export function recordExecutionClosed(store: MetricStore, identity: ExecutionIdentity, status: Exclude<ExecutionStatus, 'RUNNING'>, timestamp: number): void {
  count(store, METRIC_BY_STATUS[status], identity, timestamp);
}
