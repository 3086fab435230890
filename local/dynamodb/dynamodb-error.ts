/**
 * DynamoDB errors as its JSON 1.0 wire format carries them: a namespaced `__type` (SDK v3 keeps the part after `#`
 * as the exception's name) and the message, plus members some exceptions add (`CancellationReasons`).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
import { AwsError, type AwsErrorDetails } from '../platform/aws-error';

/** The `__type` namespaces DynamoDB answers with: service exceptions, and request validation from the front end. */
const SERVICE_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';
const VALIDATION_NAMESPACE = 'com.amazon.coral.validate';

/** A DynamoDB error: `__type` is `<namespace>#<code>`. */
function dynamoDbError(type: string, message: string, statusCode = 400, details: Omit<AwsErrorDetails, 'namespace'> = {}): AwsError {
  const hash = type.indexOf('#');
  return new AwsError(type.slice(hash + 1), message, statusCode, { ...details, namespace: hash < 0 ? undefined : type.slice(0, hash) });
}

/** An error answered by dynalite, kept as it was sent. */
export function dynamoDbErrorFromWire(statusCode: number, body: unknown): AwsError {
  const record = (body ?? {}) as Record<string, unknown>;
  const type = typeof record.__type === 'string' ? record.__type : `${SERVICE_NAMESPACE}#InternalServerError`;
  const messageMember = typeof record.Message === 'string' && typeof record.message !== 'string' ? 'Message' : 'message';
  const message = String(record[messageMember] ?? '');
  const members = Object.fromEntries(Object.entries(record).filter(([key]) => !['__type', 'message', 'Message'].includes(key)));
  return dynamoDbError(type, message, statusCode, { members, messageMember });
}

/** `ValidationException`: the request is malformed; nothing was applied. */
export function validationError(message: string): AwsError {
  return dynamoDbError(`${VALIDATION_NAMESPACE}#ValidationException`, message);
}

/** `ResourceNotFoundException` as the transaction APIs word it (no table name, unlike DescribeTable's). */
export function resourceNotFound(): AwsError {
  return dynamoDbError(`${SERVICE_NAMESPACE}#ResourceNotFoundException`, 'Requested resource not found');
}

/** `IdempotentParameterMismatchException`: a ClientRequestToken reused, within its window, for another request. */
export function idempotentParameterMismatch(): AwsError {
  return dynamoDbError(
    `${SERVICE_NAMESPACE}#IdempotentParameterMismatchException`,
    'The request uses the same client token as a previous, but non-identical request.',
  );
}

/** `InternalServerError`: the runtime itself failed (e.g. dynalite answered something unreadable). */
export function internalServerError(message: string): AwsError {
  return dynamoDbError(`${SERVICE_NAMESPACE}#InternalServerError`, message, 500);
}

/** One entry of `CancellationReasons`, in AWS's shape. */
export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: Record<string, unknown>;
}

/**
 * `TransactionCanceledException` with one reason per request item, in order. The message lists the codes as AWS does:
 * `Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors
 */
export function transactionCanceled(reasons: readonly CancellationReason[]): AwsError {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return dynamoDbError(
    `${SERVICE_NAMESPACE}#TransactionCanceledException`,
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    400,
    { members: { CancellationReasons: reasons }, messageMember: 'Message' },
  );
}
