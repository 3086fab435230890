/**
 * Every error name that can reach Step Functions from a Lambda step of order processing, and what the state machine
 * does with it: retried, caught with intent, or fatal (the execution fails at that step). The ASL
 * (statemachines/order-processing.asl.json) is the behaviour; this list is its explanation, and a unit test
 * (tests/unit/orders/step-errors.test.ts) fails when the two disagree, so neither can change alone.
 *
 * Why a list at all: a Lambda step can fail with names from five places, and a name that no Retry or Catch expects
 * does whatever States.ALL (or nothing) does with it. That is how middy's `TimeoutError` sent paid orders to
 * compensation (issue 12): the early-timeout guard fires 5 ms before the platform's timeout and, under load, wins.
 * - the handler's own named errors (lib/orders/errors.ts, lib/payments/errors.ts, lib/config.ts);
 * - middy: `TimeoutError` from the early-timeout guard (https://middy.js.org/docs/intro/early-interrupt); the AWS SDK
 *   names a socket timeout `TimeoutError` too;
 * - Powertools idempotency (https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/);
 * - the platform: a timeout, crash or out-of-memory is `Lambda.Unknown` (or, on current runtimes, the `errorType`
 *   itself: `Sandbox.Timedout`, `Runtime.ExitError`, `Runtime.OutOfMemory`), and the Invoke API's own failures are
 *   `Lambda.<Exception>` (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html);
 * - the AWS SDK calls inside the handler, after the SDK's own retries (DynamoDB's throttling and 5xx names);
 * plus `States.Timeout` where the Task sets TimeoutSeconds.
 */

export type ErrorSource = 'handler' | 'middy' | 'idempotency' | 'platform' | 'lambda' | 'sdk' | 'states';

export type Disposition =
  /** A Retry names it; once the attempts are spent, the first matching Catch sends it to `thenNext` (null: none does, the execution fails). */
  | { readonly kind: 'retried'; readonly thenNext: string | null }
  /** No Retry matches; a Catch sends it to `next` at once. */
  | { readonly kind: 'caught'; readonly next: string }
  /** Neither matches: the execution fails at this step, on purpose (a bug or a wiring mistake that a retry cannot fix). */
  | { readonly kind: 'fatal' };

export interface StepError {
  readonly name: string;
  readonly source: ErrorSource;
  readonly disposition: Disposition;
  readonly why: string;
}

export interface LambdaStep {
  /** The Task state's name in the ASL. */
  readonly state: string;
  /** The ASL placeholder of the function it invokes. */
  readonly functionPlaceholder: string;
  /** Whether running the step twice has the effect of running it once: only such a step may retry ambiguous failures. */
  readonly idempotent: boolean;
  readonly errors: readonly StepError[];
}

const retried = (thenNext: string | null): Disposition => ({ kind: 'retried', thenNext });
const caught = (next: string): Disposition => ({ kind: 'caught', next });
const fatal: Disposition = { kind: 'fatal' };

/** The failures that mean "the attempt did not finish, or never started": retried wherever the step is idempotent. */
function transientErrors(thenNext: string | null): StepError[] {
  const disposition = retried(thenNext);
  return [
    { name: 'TimeoutError', source: 'middy', disposition, why: "middy's early-timeout guard (or an SDK socket timeout): the attempt was cut short; it may or may not have had its effect" },
    { name: 'Lambda.Unknown', source: 'platform', disposition, why: 'the platform ended the attempt (timeout, crash, out of memory) as Step Functions names it' },
    { name: 'Sandbox.Timedout', source: 'platform', disposition, why: "the platform's timeout, as current runtimes name it" },
    { name: 'Runtime.ExitError', source: 'platform', disposition, why: 'the runtime process exited during the attempt' },
    { name: 'Lambda.ServiceException', source: 'lambda', disposition, why: 'Lambda itself failed; the function did not run' },
    { name: 'Lambda.AWSLambdaException', source: 'lambda', disposition, why: 'Lambda itself failed; the function did not run' },
    { name: 'Lambda.SdkClientException', source: 'lambda', disposition, why: 'the call to Lambda failed on the way; the function did not run' },
    { name: 'Lambda.TooManyRequestsException', source: 'lambda', disposition, why: 'throttled by Lambda; the function did not run' },
    { name: 'ProvisionedThroughputExceededException', source: 'sdk', disposition, why: "DynamoDB throttled the handler's call beyond the SDK's own retries" },
    { name: 'ThrottlingException', source: 'sdk', disposition, why: "DynamoDB throttled the handler's control-plane or on-demand call beyond the SDK's own retries" },
    { name: 'RequestLimitExceeded', source: 'sdk', disposition, why: "DynamoDB's account-level throughput limit, beyond the SDK's own retries" },
    { name: 'InternalServerError', source: 'sdk', disposition, why: "DynamoDB's 5xx, beyond the SDK's own retries" },
  ];
}

/**
 * The failures that the same attempt would meet again (out of memory, a deployment mistake, a bug): one disposition for
 * all four at a step, each with that step's reason.
 */
function repeatingErrors(
  disposition: Disposition,
  why: { readonly outOfMemory: string; readonly configuration: string; readonly missingFunction: string; readonly bug: string },
): StepError[] {
  return [
    { name: 'Runtime.OutOfMemory', source: 'platform', disposition, why: why.outOfMemory },
    { name: 'ConfigurationError', source: 'handler', disposition, why: why.configuration },
    { name: 'Lambda.ResourceNotFoundException', source: 'lambda', disposition, why: why.missingFunction },
    { name: 'Error', source: 'handler', disposition, why: why.bug },
  ];
}

const REJECT = 'Mark the order rejected';
const REFUND = 'Refund any charge taken';

export const ORDER_PROCESSING_LAMBDA_STEPS: readonly LambdaStep[] = [
  {
    state: 'Validate the order',
    functionPlaceholder: 'ValidateOrderFunctionArn',
    // It reads the inventory and writes nothing.
    idempotent: true,
    errors: [
      { name: 'ValidationError', source: 'handler', disposition: caught(REJECT), why: 'the input is invalid: permanent, the order ends REJECTED with OrderRejected' },
      { name: 'CatalogUnavailable', source: 'handler', disposition: retried(null), why: 'the inventory could not be read in full: transient' },
      ...transientErrors(null),
      ...repeatingErrors(fatal, {
        outOfMemory: 'the same input would exhaust memory again; nothing is reserved or charged yet, so the execution fails for an operator',
        configuration: 'a setting missing from serverless.yml: a deployment mistake, fixed by a deploy and a redrive',
        missingFunction: 'the function does not exist: a deployment mistake',
        bug: 'a malformed inventory item (a data error) or a bug: nothing is reserved or charged yet',
      }),
    ],
  },
  {
    state: 'Take payment',
    functionPlaceholder: 'ProcessPaymentFunctionArn',
    // Powertools idempotency on the order id, and the same key at the provider: a repeated attempt cannot charge twice.
    idempotent: true,
    errors: [
      { name: 'PaymentDeclined', source: 'handler', disposition: caught(REFUND), why: 'the card said no: permanent, compensation runs (nothing to refund, the stock is released)' },
      { name: 'InvalidPaymentRequest', source: 'handler', disposition: caught(REFUND), why: 'a malformed request is a bug upstream; compensation runs, so no stock stays held' },
      { name: 'PaymentFailed', source: 'handler', disposition: retried(REFUND), why: 'the provider could not answer: transient, and retrying with the same key is safe' },
      ...transientErrors(REFUND),
      { name: 'States.Timeout', source: 'states', disposition: retried(REFUND), why: "the Task's TimeoutSeconds (8 s) passed: the attempt is abandoned and retried" },
      { name: 'IdempotencyAlreadyInProgressError', source: 'idempotency', disposition: retried(REFUND), why: 'an earlier attempt for this order is still in progress (or its record has not expired yet): ask again later' },
      { name: 'IdempotencyPersistenceLayerError', source: 'idempotency', disposition: retried(REFUND), why: "the idempotency table could not be read or written: transient" },
      { name: 'IdempotencyInconsistentStateError', source: 'idempotency', disposition: retried(REFUND), why: 'the idempotency record changed while it was read: ask again' },
      { name: 'IdempotencyKeyError', source: 'idempotency', disposition: caught(REFUND), why: 'the event has no orderId: a bug upstream; compensation runs' },
      ...repeatingErrors(caught(REFUND), {
        outOfMemory: 'it would fail again; compensation refunds whatever was charged and releases the stock',
        configuration: 'a deployment mistake; compensation runs so no stock stays held',
        missingFunction: 'a deployment mistake; compensation runs',
        bug: 'a bug: compensation refunds whatever was charged and releases the stock',
      }),
    ],
  },
  {
    state: REFUND,
    functionPlaceholder: 'RefundPaymentFunctionArn',
    // One refund per charge at the provider (a conditional write on the charge), however often asked.
    idempotent: true,
    errors: [
      { name: 'PaymentFailed', source: 'handler', disposition: retried(null), why: 'the provider could not answer: transient; retried long because money is at stake' },
      ...transientErrors(null),
      { name: 'InvalidPaymentRequest', source: 'handler', disposition: fatal, why: 'no valid order id: a bug; the execution fails here, the stock still held, for an operator' },
      ...repeatingErrors(fatal, {
        outOfMemory: 'it would fail again; the execution fails here for an operator, who redrives it once fixed',
        configuration: 'a deployment mistake, fixed by a deploy and a redrive',
        missingFunction: 'the function does not exist: a deployment mistake',
        bug: 'a bug: the refund must not be skipped, so the execution stops here for an operator',
      }),
    ],
  },
];
