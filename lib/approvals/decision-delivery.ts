/**
 * Getting a recorded decision to the waiting execution, even when the first SendTaskSuccess/SendTaskFailure fails.
 *
 * The decision page records the decision with one conditional write, puts the approval id on the decision outbox
 * queue (whose messages are delayed), and only then tells the workflow at once. When that works, the page marks the
 * record delivered and the outbox's consumer (functions/approvals/deliver-decision.ts), reading the message after the
 * delay, sends nothing. When it fails for any reason other than "too late" (a throttle, a network error, Step Functions
 * unavailable, the page's Lambda timing out mid-call), the consumer calls Step Functions again and lets SQS redeliver
 * until the execution accepts or is gone; a message that still fails after the queue's maxReceiveCount rests in its
 * dead-letter queue. The record says when the decision was delivered (`deliveredAt`), so a
 * redelivery, or the manager submitting the same decision again, delivers nothing twice, and a resubmitted decision
 * that is still undelivered is queued again: that closes the gap of a page that died between recording and queueing.
 * The message carries only the approval id: the task token stays in the table.
 */
import type { ApprovalRecord } from './approval-record';
import { ApprovalRejected, type ApprovalOutput } from './approval-output';
import { settleBatch, type BatchResponse, type QueueMessage } from './queue-batch';
import { TaskNoLongerWaiting, type TaskDecisionPort } from './task-decisions';

/** The outbox queue, behind a port (its SQS adapter is createSqsDecisionOutbox). */
export interface DecisionOutbox {
  enqueue(approvalId: string): Promise<void>;
}

/** The part of the approvals table delivery needs. */
export interface DeliveryStore {
  get(approvalId: string): Promise<ApprovalRecord | undefined>;
  /** Records that the execution accepted the decision, or was gone ('gone'); idempotent. */
  markDelivered(approvalId: string, deliveredAt: string, outcome: DeliveryOutcome): Promise<void>;
}

export type DeliveryOutcome = 'accepted' | 'gone';

/**
 * Sends a decided record's decision to its task: SendTaskSuccess with the ApprovalOutput for APPROVED, SendTaskFailure
 * ApprovalRejected for REJECTED. Answers 'gone' when the execution no longer waits (timed out, ended, or the token is
 * not one it knows); throws anything else, which is worth another attempt.
 */
export async function sendDecision(record: ApprovalRecord, tasks: TaskDecisionPort): Promise<DeliveryOutcome> {
  try {
    if (record.status === 'APPROVED') {
      const output: ApprovalOutput = { decision: 'APPROVED', approvalId: record.approvalId, decidedAt: record.decidedAt ?? '' };
      await tasks.succeed(record.taskToken, JSON.stringify(output));
    } else if (record.status === 'REJECTED') {
      const rejection = new ApprovalRejected(`Approval ${record.approvalId} for order ${record.order.orderId} was rejected by the manager`);
      await tasks.fail(record.taskToken, rejection.name, rejection.message);
    } else {
      throw new Error(`Approval ${record.approvalId} is not decided`);
    }
    return 'accepted';
  } catch (error) {
    if (error instanceof TaskNoLongerWaiting) return 'gone';
    throw error;
  }
}

export interface DeliverDecisionDependencies {
  readonly store: DeliveryStore;
  readonly tasks: TaskDecisionPort;
  readonly now?: () => Date;
  readonly log?: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
}

export type DeliveryResult = DeliveryOutcome | 'already-delivered' | 'unknown' | 'not-decided';

/** The outbox consumer's work for one approval id; throws what should be retried. */
export async function deliverDecision(approvalId: string, dependencies: DeliverDecisionDependencies): Promise<DeliveryResult> {
  const record = await dependencies.store.get(approvalId);
  if (!record) {
    // Removed by the table's TTL long after its task expired, or never stored: nobody waits for it.
    dependencies.log?.warn('Decision to deliver is unknown; dropped', { approvalId });
    return 'unknown';
  }
  if (record.status === 'PENDING') {
    dependencies.log?.warn('Decision to deliver is not decided; dropped', { approvalId });
    return 'not-decided';
  }
  if (record.deliveredAt) {
    dependencies.log?.info('Decision delivered before; not sent again', { approvalId, deliveredAt: record.deliveredAt });
    return 'already-delivered';
  }
  const outcome = await sendDecision(record, dependencies.tasks);
  await dependencies.store.markDelivered(approvalId, (dependencies.now ?? (() => new Date()))().toISOString(), outcome);
  dependencies.log?.info(outcome === 'accepted' ? 'Decision delivered from the outbox' : 'Decision not delivered: the execution no longer waits', { approvalId, status: record.status });
  return outcome;
}

/** Parses an outbox message body: `{"approvalId": "..."}`; undefined for anything else. */
export function approvalIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { approvalId?: unknown };
    return typeof parsed?.approvalId === 'string' && parsed.approvalId !== '' ? parsed.approvalId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A batch of outbox messages, each on its own (ReportBatchItemFailures): a failed delivery comes back after the queue's
 * visibility timeout, the delivered ones are deleted. A body that names no approval is reported failed too, so it ends
 * in the dead-letter queue for someone to look at.
 */
export async function deliverDecisions(
  messages: readonly QueueMessage[],
  dependencies: DeliverDecisionDependencies & { readonly log?: DeliverDecisionDependencies['log'] & { error(message: string, fields?: Record<string, unknown>): void } },
): Promise<BatchResponse> {
  return settleBatch(
    messages,
    async (message) => {
      const approvalId = approvalIdOf(message.body);
      if (!approvalId) throw new Error('The outbox message names no approval');
      await deliverDecision(approvalId, dependencies);
    },
    dependencies.log,
    'Decision delivery failed; the message will be delivered again',
  );
}
