/**
 * A Distributed Map's children are executions of their own, of the Map Run's state machine
 * (`…:stateMachine:<name>/<label>`), named with a UUID as AWS names them: STANDARD ones under
 * `…:execution:<name>/<label>:<uuid>` with a history of their own, EXPRESS ones under `…:express:<name>/<label>:<uuid>`
 * with none. They share the parent's clock and integrations but not its variables: a child cannot read the outer
 * scope's variables (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 */
import { randomUUID } from 'node:crypto';
import type { ItemProcessor } from '../asl';
import type { MapItemContext } from '../context';
import { Execution } from '../execution';
import type { ExecutionRuntime } from '../frame';
import type { QueryLanguage, StateMachineDefinition } from '../types';
import type { MapRun } from './map-run-record';

/** One child's input, as read (after ItemSelector and ItemBatcher). */
export interface ChildInput {
  readonly input: unknown;
  /** Items in it: 1, or a batch's size. */
  readonly itemCount: number;
  /** `$$.Map.Item` for an unbatched child. */
  readonly mapItem?: MapItemContext;
}

export type ChildExecutionType = 'STANDARD' | 'EXPRESS';

/** The ItemProcessor as the definition of the children's state machine. */
export function childDefinition(processor: ItemProcessor, language: QueryLanguage): StateMachineDefinition {
  return { StartAt: processor.StartAt, States: processor.States, QueryLanguage: processor.QueryLanguage ?? language };
}

export function childExecutionType(processor: ItemProcessor): ChildExecutionType {
  return processor.ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
}

/** Starts one child and makes it known to the service (STANDARD children answer DescribeExecution and GetExecutionHistory). */
export function startChildExecution(runtime: ExecutionRuntime, mapRun: MapRun, definition: StateMachineDefinition, type: ChildExecutionType, child: ChildInput): Execution {
  const execution = new Execution(definition, {
    input: child.input,
    type,
    name: randomUUID(),
    stateMachineArn: mapRun.stateMachineArn,
    roleArn: runtime.context.Execution.RoleArn,
    region: runtime.region,
    integrations: runtime.integrations,
    clock: runtime.clock,
    tokens: runtime.tokens,
    mapRuns: runtime.mapRuns,
    objectStorage: runtime.objectStorage,
    mapItem: child.mapItem,
  });
  runtime.mapRuns?.childStarted(execution, mapRun, child.itemCount);
  return execution;
}
