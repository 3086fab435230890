/** The contract between a manager's decision and the order-processing ASL's "Wait for the manager's decision" task. */

/**
 * A manager's rejection, raised in the waiting execution through SendTaskFailure (its name is the task's Error, which
 * the state machine's Catch matches). It is never thrown in a Lambda: the workflow fails with it.
 */
export class ApprovalRejected extends Error {
  override readonly name = 'ApprovalRejected';
}

/** The output SendTaskSuccess hands the waiting task. */
export interface ApprovalOutput {
  readonly decision: 'APPROVED';
  readonly approvalId: string;
  readonly decidedAt: string;
}
