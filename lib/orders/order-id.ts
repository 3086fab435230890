/**
 * The one definition of an order id, which the API, the workflow's steps and the status endpoint all check: 1-64
 * characters of A-Z, a-z, 0-9, `_` and `-`. The client chooses it (it is the business idempotency key) and it becomes
 * the execution name, whose limit is 80 characters
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html); this subset is also safe
 * in URLs and DynamoDB keys without escaping.
 */

export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What a client is told when its order id does not match. */
export const ORDER_ID_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, _ and -';

/** True for a string the API could have accepted as an order id. */
export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_ID_PATTERN.test(value);
}
