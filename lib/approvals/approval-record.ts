/**
 * A manager's approval request, as the approvals table keeps it. The task token stays here, server side: the emailed
 * link carries only the approval id and a signature, so whoever sees the mail never holds the token.
 */

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ApprovalLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
}

/** What the manager decides on: enough to judge the order, nothing secret (no payment token, no card data). */
export interface OrderSummary {
  readonly orderId: string;
  readonly customerEmail: string;
  readonly currency: string;
  readonly totalCents: number;
  readonly items: readonly ApprovalLine[];
}

export interface ApprovalRecord {
  /** Random and unguessable (a UUID v4); the table's key. */
  readonly approvalId: string;
  readonly order: OrderSummary;
  /** The `.waitForTaskToken` token of the waiting execution; never leaves the backend. */
  readonly taskToken: string;
  /** When the workflow stops waiting (the task's TimeoutSeconds); the link expires with it. ISO 8601. */
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly status: ApprovalStatus;
  readonly decidedAt?: string;
  /** When the manager was mailed about it; a redelivered request finds it and mails nobody. */
  readonly mailedAt?: string;
  /** When the decision reached the execution ('accepted') or was found too late ('gone'); absent while undelivered. */
  readonly deliveredAt?: string;
  readonly deliveryOutcome?: 'accepted' | 'gone';
}

/** What a delivery of the request may do about the manager's mail (see ApprovalStore.claimMail). */
export type MailClaim = 'claimed' | 'mailed' | 'busy';

/** The approvals table, behind a port so the use cases can be tested without DynamoDB. */
export interface ApprovalStore {
  /** Stores a new request; storing the same approvalId again (an SQS redelivery) keeps the first one. */
  create(record: ApprovalRecord): Promise<ApprovalRecord>;
  get(approvalId: string): Promise<ApprovalRecord | undefined>;
  /**
   * Moves a PENDING request to APPROVED or REJECTED in one conditional write, so a decision is taken once however many
   * clicks race. Returns the updated record, or `{ alreadyDecided: record }` when it was no longer PENDING.
   */
  decide(approvalId: string, status: Exclude<ApprovalStatus, 'PENDING'>, decidedAt: string): Promise<ApprovalRecord | { alreadyDecided: ApprovalRecord }>;
  /**
   * Claims the right to mail the manager about a request until `until` (ISO 8601), in one conditional write: 'claimed'
   * when this delivery may mail, 'mailed' when one already did, 'busy' when another delivery holds a live claim. A claim
   * whose holder died lapses, so a request is never left unmailed for good.
   */
  claimMail(approvalId: string, now: string, until: string): Promise<MailClaim>;
  /** Records that the mail went out, so that every later delivery of the request mails nobody. */
  markMailed(approvalId: string, mailedAt: string): Promise<void>;
  /** Records that the decision was delivered (or that nobody waited for it any more); idempotent. */
  markDelivered(approvalId: string, deliveredAt: string, outcome: 'accepted' | 'gone'): Promise<void>;
}
