/**
 * Typed settings for the Lambdas, read from the environment that serverless.yml sets per function. serverless.yml is
 * the one place a value is written (`custom.orders` for business settings, `Ref` for resource names), so a handler
 * never hard-codes a table name or a threshold, and a missing variable fails loudly at the first use.
 */

/** Thrown when a function is deployed without a setting it needs: a wiring mistake in serverless.yml. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`Environment variable ${name} is not set: declare it in serverless.yml`);
  return value;
}

function nonNegativeInteger(env: Env, name: string): number {
  const text = required(env, name);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigurationError(`Environment variable ${name} must be a non-negative integer, got "${text}"`);
  return value;
}

function positiveInteger(env: Env, name: string): number {
  const value = nonNegativeInteger(env, name);
  if (value === 0) throw new ConfigurationError(`Environment variable ${name} must be a positive integer, got "0"`);
  return value;
}

/** Every setting of the order-processing functions, each read only when asked for. */
export interface OrderSettings {
  readonly inventoryTableName: string;
  readonly ordersTableName: string;
  readonly paymentsTableName: string;
  readonly idempotencyTableName: string;
  readonly orderStateMachineArn: string;
  /** Orders whose total is above this many cents need a manager's approval (the seam of the approval flow). */
  readonly approvalThresholdCents: number;
  /**
   * How long an order waits for a manager's decision before it fails with ApprovalExpired: the approval Task's
   * TimeoutSeconds, carried by the priced order (Step Functions allows at most a year for a Standard execution).
   */
  readonly approvalTimeoutSeconds: number;
  /** The verified SES identity the confirmation email is sent from. */
  readonly senderAddress: string;
  /** ISO 4217 code; prices in the inventory table are integer minor units of this currency. */
  readonly currency: string;
  /** The API's base URL (`https://<id>.execute-api.<region>.<suffix>/<stage>`), for status links; optional. */
  readonly apiUrl: string | undefined;
}

/**
 * The settings as lazy getters: a function reads only the variables it uses, so validateOrder does not need the
 * payments table to be configured.
 */
export function orderSettings(env: Env = process.env): OrderSettings {
  return {
    get inventoryTableName() {
      return required(env, 'INVENTORY_TABLE_NAME');
    },
    get ordersTableName() {
      return required(env, 'ORDERS_TABLE_NAME');
    },
    get paymentsTableName() {
      return required(env, 'PAYMENTS_TABLE_NAME');
    },
    get idempotencyTableName() {
      return required(env, 'IDEMPOTENCY_TABLE_NAME');
    },
    get orderStateMachineArn() {
      return required(env, 'ORDER_STATE_MACHINE_ARN');
    },
    get approvalThresholdCents() {
      return nonNegativeInteger(env, 'APPROVAL_THRESHOLD_CENTS');
    },
    get approvalTimeoutSeconds() {
      return positiveInteger(env, 'APPROVAL_TIMEOUT_SECONDS');
    },
    get senderAddress() {
      return required(env, 'ORDER_SENDER_ADDRESS');
    },
    get currency() {
      return env.ORDER_CURRENCY || 'USD';
    },
    get apiUrl() {
      return env.ORDERS_API_URL || undefined;
    },
  };
}

/** Settings of the manager-approval functions (the queue consumer and the approval pages). */
export interface ApprovalSettings {
  readonly approvalsTableName: string;
  /**
   * Where the approval pages are served: the API stage URL (`https://<id>.execute-api.<region>.<suffix>/<stage>`, which
   * the offline runtime rewrites to its local form) or a custom domain. Links in the manager's mail start with it.
   */
  readonly approvalBaseUrl: string;
  /** Who receives approval requests. */
  readonly managerEmail: string;
  /** The verified SES identity approval requests are sent from. */
  readonly senderEmail: string;
  /** The decision outbox queue's URL (lib/approvals/decision-delivery.ts), where the decision page queues each decision. */
  readonly decisionOutboxQueueUrl: string;
}

/** The approval settings as lazy getters, like orderSettings. The signing key is read by lib/approvals/signing-key. */
export function approvalSettings(env: Env = process.env): ApprovalSettings {
  return {
    get approvalsTableName() {
      return required(env, 'APPROVALS_TABLE_NAME');
    },
    get approvalBaseUrl() {
      return required(env, 'APPROVAL_BASE_URL');
    },
    get managerEmail() {
      return required(env, 'MANAGER_EMAIL');
    },
    get senderEmail() {
      return required(env, 'SENDER_EMAIL');
    },
    get decisionOutboxQueueUrl() {
      return required(env, 'DECISION_OUTBOX_QUEUE_URL');
    },
  };
}

/** Settings of the review sentiment summary function. */
export interface ReviewSettings {
  /** The bucket the summary and the per-review results file are written to (summaries/<run>/). */
  readonly reviewsBucketName: string;
}

export function reviewSettings(env: Env = process.env): ReviewSettings {
  return {
    get reviewsBucketName() {
      return required(env, 'REVIEWS_BUCKET_NAME');
    },
  };
}
