/**
 * The use case behind the approval queue's consumer. The order workflow's `sqs:sendMessage.waitForTaskToken` task
 * puts one message per approval request on the queue; for each, the consumer records the request (with its task
 * token, which stays server side) and mails the manager a signed link to the approval page.
 *
 * Delivery is at least once (SQS may deliver a message twice, and a failed batch item comes back), so the request is
 * stored idempotently on its approvalId, which the state machine draws once per execution: a redelivery stores
 * nothing new. The manager is mailed once per request: a delivery first claims the mail with a conditional write
 * (a lease of MAIL_CLAIM_SECONDS), mails, then records `mailedAt`; a redelivery that finds `mailedAt` mails nobody and
 * logs the duplicate, and one that finds a live claim is delivered again later (by then the mail is recorded, or the
 * claim of a delivery that died has lapsed, so a request is never left unmailed). The one remaining double mail is a
 * consumer that dies between sending and recording `mailedAt`: harmless (the same link; a decision is taken once).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html
 */
import { z } from 'zod';
import type { ApprovalRecord, ApprovalStore } from './approval-record';
import { approvalRequestEmail, type EmailContent } from './approval-email';
import { settleBatch, type BatchResponse, type QueueMessage } from './queue-batch';

/** How long a delivery may hold the mail claim: longer than the consumer's timeout, shorter than the queue's visibility timeout. */
export const MAIL_CLAIM_SECONDS = 30;

/** Another delivery of the same request is mailing the manager right now; this one is retried later by SQS. */
export class ApprovalMailInProgress extends Error {
  override readonly name = 'ApprovalMailInProgress';

  constructor(readonly approvalId: string) {
    super(`Approval ${approvalId} is being mailed by another delivery`);
  }
}

/** Step Functions task tokens are at most 2048 characters (SendTaskSuccess's taskToken constraint). */
const MAX_TASK_TOKEN_LENGTH = 2048;

const lineSchema = z.object({
  productId: z.string().min(1),
  name: z.string(),
  quantity: z.int().positive(),
  unitPriceCents: z.int().nonnegative(),
  lineTotalCents: z.int().nonnegative(),
});

/** The message the state machine's "Wait for the manager's decision" state sends (its MessageBody). */
export const approvalRequestMessageSchema = z.object({
  taskToken: z.string().min(1).max(MAX_TASK_TOKEN_LENGTH),
  approvalId: z.uuid(),
  order: z.object({
    orderId: z.string().min(1).max(80),
    customerEmail: z.string().min(1).max(254),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
    totalCents: z.int().nonnegative(),
    items: z.array(lineSchema).min(1),
  }),
  expiresAt: z.iso.datetime({ offset: true }),
});

export type ApprovalRequestMessage = z.infer<typeof approvalRequestMessageSchema>;

/**
 * A message that can never be processed. It is reported as a batch item failure like any other, so after the queue's
 * maxReceiveCount it rests in the dead-letter queue for someone to look at. The message names the invalid fields
 * only, never their values: one of them is the task token.
 */
export class InvalidApprovalRequest extends Error {
  override readonly name = 'InvalidApprovalRequest';

  constructor(readonly fields: readonly string[]) {
    super(`Invalid approval request message: ${fields.join(', ')}`);
  }
}

/** A mail to one recipient; the port to SES v2 (lib/approvals/ses-mailer.ts). */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly content: EmailContent;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Structured log lines; Powertools' logger fits. Nothing logged here contains the task token. */
export interface ApprovalLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface RequestApprovalDependencies {
  readonly store: ApprovalStore;
  readonly mailer: Mailer;
  /** The signed link to the approval page (lib/approvals/signing.ts approvalLink with the loaded key). */
  readonly approvalLink: (approvalId: string, expiresAt: Date) => Promise<string>;
  readonly managerEmail: string;
  readonly senderEmail: string;
  readonly now?: () => Date;
  readonly log?: ApprovalLog;
}

export type RequestApprovalOutcome =
  /** Recorded now and mailed. */
  | 'requested'
  /** Recorded before (a redelivery): mailed now only if no delivery had mailed it yet. */
  | 'redelivered'
  /** The wait had already expired when the message arrived: nothing recorded, nobody mailed. */
  | 'expired';

/** Parses the message body, or throws InvalidApprovalRequest naming what is wrong. */
export function parseApprovalRequest(body: string): ApprovalRequestMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidApprovalRequest(['body (not JSON)']);
  }
  const parsed = approvalRequestMessageSchema.safeParse(json);
  if (!parsed.success) throw new InvalidApprovalRequest([...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'body'))]);
  return parsed.data;
}

/** Records one approval request and mails the manager; throws on anything that should be retried. */
export async function requestApproval(body: string, dependencies: RequestApprovalDependencies): Promise<{ approvalId: string; outcome: RequestApprovalOutcome }> {
  const message = parseApprovalRequest(body);
  const now = (dependencies.now ?? (() => new Date()))();
  const { approvalId } = message;
  if (Date.parse(message.expiresAt) <= now.getTime()) {
    // The workflow stopped waiting (States.Timeout) and compensated; a link now would only lead to a 410 page.
    dependencies.log?.warn('Approval request arrived after it expired; not mailed', { approvalId, orderId: message.order.orderId, expiresAt: message.expiresAt });
    return { approvalId, outcome: 'expired' };
  }

  const candidate: ApprovalRecord = {
    approvalId,
    order: message.order,
    taskToken: message.taskToken,
    expiresAt: message.expiresAt,
    createdAt: now.toISOString(),
    status: 'PENDING',
  };
  const stored = await dependencies.store.create(candidate);
  const redelivered = stored.createdAt !== candidate.createdAt || stored.taskToken !== candidate.taskToken;
  if (stored.taskToken !== candidate.taskToken) {
    // Only a re-sent message (a retried send) can carry another token under the same id; the first one is kept.
    dependencies.log?.warn('Approval request stored before with another task token; the stored one is kept', { approvalId });
  }
  if (stored.status !== 'PENDING') {
    dependencies.log?.info('Approval already decided; not mailed again', { approvalId, status: stored.status });
    return { approvalId, outcome: 'redelivered' };
  }

  const claim = stored.mailedAt ? 'mailed' : await dependencies.store.claimMail(approvalId, now.toISOString(), new Date(now.getTime() + MAIL_CLAIM_SECONDS * 1000).toISOString());
  if (claim === 'mailed') {
    dependencies.log?.info('Approval request delivered again; the manager was mailed already, not mailed twice', { approvalId, orderId: stored.order.orderId });
    return { approvalId, outcome: 'redelivered' };
  }
  if (claim === 'busy') throw new ApprovalMailInProgress(approvalId);

  const expiresAt = new Date(stored.expiresAt);
  const link = await dependencies.approvalLink(approvalId, expiresAt);
  await dependencies.mailer.send({
    from: dependencies.senderEmail,
    to: dependencies.managerEmail,
    content: approvalRequestEmail({ order: stored.order, link, expiresAt }),
  });
  await dependencies.store.markMailed(approvalId, now.toISOString());
  dependencies.log?.info('Approval requested', { approvalId, orderId: stored.order.orderId, totalCents: stored.order.totalCents, redelivered });
  return { approvalId, outcome: redelivered ? 'redelivered' : 'requested' };
}

/**
 * Handles a batch, each message on its own: a failure is reported for that message only (ReportBatchItemFailures),
 * so the others are deleted from the queue and not mailed twice.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
export async function requestApprovals(messages: readonly QueueMessage[], dependencies: RequestApprovalDependencies): Promise<BatchResponse> {
  return settleBatch(messages, (message) => requestApproval(message.body, dependencies), dependencies.log, 'Approval request failed; the message will be delivered again');
}
