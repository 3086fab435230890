/**
 * The order domain's errors. Behind Step Functions a Lambda throws them and the Task fails with the class's `name`
 * as its Error, which is what the state machine's Retry and Catch match
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). Behind API Gateway the handler
 * turns them into 4xx answers. Names are set explicitly so that minified bundles keep them.
 */

/** One invalid field: `items[1].quantity` and what is wrong with it. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** The order cannot be processed as sent. Permanent: Retry never matches it; the workflow rejects the order. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ') || 'Invalid order');
  }
}

/**
 * The inventory table could not be read in full (DynamoDB kept answering with unprocessed keys). Transient: the
 * ValidateOrder step only reads, so the state machine retries it.
 */
export class CatalogUnavailable extends Error {
  override readonly name = 'CatalogUnavailable';
}

/** Not enough stock for at least one line; nothing was reserved. */
export class OutOfStock extends Error {
  override readonly name = 'OutOfStock';
}

/** The workflow's Error for an order that failed validation (the Fail state carries it). */
export class OrderRejected extends Error {
  override readonly name = 'OrderRejected';
}

/** The same orderId was sent before with a different body: the API answers 409 instead of guessing which one wins. */
export class OrderConflict extends Error {
  override readonly name = 'OrderConflict';

  constructor(readonly orderId: string) {
    super(`Order ${orderId} already exists with a different body`);
  }
}
