/**
 * The Step Functions engine: a pure interpreter of ASL behind ports. Importing it loads no SDK, no validator and
 * no expression library; those load on first use.
 */
export { startExecution, Execution, type ExecutionOptions, type ExecutionOutcome, type ExecutionStatus } from './execution';
export { TaskTokens, TaskTokenError } from './task-tokens';
export { systemClock, acceleratedClock } from '../platform/clock';
export { StatesError, InvalidDefinitionError } from './errors';
export { toHistoryEventShape, type HistoryEventShape } from './history';
export type { Clock, TaskIntegrations, TaskRequest, TaskResource } from './ports';
export type { Json, StateMachineDefinition, StateMachineType } from './types';
