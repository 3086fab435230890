/**
 * Whether an execution may be redriven, and AWS's reason when it may not, as DescribeExecution reports them
 * (`redriveStatus`, `redriveStatusReason`) and RedriveExecution refuses them (ExecutionNotRedrivable).
 * Rules: https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html.
 */

/** "This period starts from the day a state machine completes its execution." */
export const REDRIVABLE_PERIOD_MS = 14 * 24 * 3600 * 1000;
/** A Standard execution may stay open for one year at most. */
export const MAX_EXECUTION_TIME_MS = 365 * 24 * 3600 * 1000;
/** "The execution event history count is less than 24,999", leaving room for ExecutionRedriven and one more event. */
export const REDRIVE_HISTORY_LIMIT = 24_999;

/**
 * AWS's `redriveStatusReason` texts (DescribeExecutionOutput in the API reference), word for word. `express` is
 * ours: AWS documents that Express state machines cannot be redriven but records no reason text for them, as
 * DescribeExecution does not describe Express executions at all.
 */
export const REDRIVE_REFUSALS = {
  running: 'Execution is RUNNING and cannot be redriven.',
  succeeded: 'Execution is SUCCEEDED and cannot be redriven.',
  historyLimit: 'Execution history event limit exceeded.',
  maxExecutionTime: 'Execution has exceeded the max execution time.',
  periodExceeded: 'Execution redrivable period exceeded.',
  express: 'Execution of an EXPRESS state machine cannot be redriven.',
  /**
   * Ours too: a Distributed Map's child is REDRIVABLE_BY_MAP_RUN, redriven by redriving its parent, which redrives
   * its Map Run. Redriving the child alone would leave the Map Run's counts and result files out of step.
   */
  mapRunChild: 'Execution is a child of a Map Run; redrive its parent execution to redrive the Map Run.',
} as const;

export interface RedriveCandidate {
  readonly status: string;
  readonly startDate: number;
  readonly stopDate?: number;
  readonly historyEvents: number;
}

export type RedriveEligibility = { readonly redrivable: true } | { readonly redrivable: false; readonly reason: string };

/** Checked in the order a user can act on: still running or succeeded first, then the limits. */
export function redriveEligibility(execution: RedriveCandidate, now: number): RedriveEligibility {
  const refuse = (reason: string): RedriveEligibility => ({ redrivable: false, reason });
  if (execution.status === 'RUNNING') return refuse(REDRIVE_REFUSALS.running);
  if (execution.status === 'SUCCEEDED') return refuse(REDRIVE_REFUSALS.succeeded);
  if (execution.historyEvents >= REDRIVE_HISTORY_LIMIT) return refuse(REDRIVE_REFUSALS.historyLimit);
  if (now - execution.startDate > MAX_EXECUTION_TIME_MS) return refuse(REDRIVE_REFUSALS.maxExecutionTime);
  if (execution.stopDate !== undefined && now - execution.stopDate > REDRIVABLE_PERIOD_MS) return refuse(REDRIVE_REFUSALS.periodExceeded);
  return { redrivable: true };
}

/** ExecutionNotRedrivable's message: the API reference's text, with the reason a caller needs to act on it. */
export const notRedrivableMessage = (executionArn: string, reason: string): string =>
  `The execution ARN '${executionArn}' cannot be redriven: ${reason}`;
