/**
 * The one error every emulated service throws. What an error *is* (its code, HTTP status, fault, extra members) is
 * the same whatever protocol carries it; how it is *written* differs, so each wire protocol has its own small writer
 * in ./protocols: AWS JSON 1.0/1.1, query (XML), REST-JSON and REST-XML.
 * https://smithy.io/2.0/aws/protocols/index.html
 */

/** Who is at fault, as the query protocol's `<Type>` and the `x-amzn-query-error` header say. */
export type Fault = 'Sender' | 'Receiver';

export interface AwsErrorDetails {
  /** Default: `Sender` below 500, `Receiver` from 500. */
  readonly fault?: Fault;
  /**
   * The query-protocol code where it differs from the Smithy shape name: SQS answers `QueueDoesNotExist` in JSON's
   * `__type` and `AWS.SimpleQueueService.NonExistentQueue` in XML and in `x-amzn-query-error`.
   */
  readonly queryCode?: string;
  /** JSON protocols: the `__type` namespace (DynamoDB's `com.amazonaws.dynamodb.v20120810`); SDK v3 keeps what follows `#`. */
  readonly namespace?: string;
  /** Members the exception carries besides its message (DynamoDB's `CancellationReasons`, Lambda's `Type`). */
  readonly members?: Readonly<Record<string, unknown>>;
  /** How the service's model spells the message member: `message` for most, `Message` for some exceptions. */
  readonly messageMember?: 'message' | 'Message';
}

/** An answer of an AWS API that is not a success, ready for any protocol writer. */
export class AwsError extends Error {
  readonly fault: Fault;
  readonly queryCode: string;
  readonly namespace?: string;
  readonly members: Readonly<Record<string, unknown>>;
  readonly messageMember: 'message' | 'Message';

  constructor(
    /** The exception's name as SDK v3 raises it, e.g. `ExecutionDoesNotExist`. */
    readonly code: string,
    /** null where AWS sends a null message (some SES v2 validation errors). */
    readonly wireMessage: string | null,
    readonly statusCode = 400,
    details: AwsErrorDetails = {},
  ) {
    super(wireMessage ?? '');
    this.name = code;
    this.fault = details.fault ?? (statusCode >= 500 ? 'Receiver' : 'Sender');
    this.queryCode = details.queryCode ?? code;
    this.namespace = details.namespace;
    this.members = details.members ?? {};
    this.messageMember = details.messageMember ?? 'message';
  }
}

/** Anything a service threw, as an AwsError: unexpected failures become the protocol's 500 (and are logged by the edge). */
export function asAwsError(error: unknown, internalCode = 'InternalFailure'): AwsError {
  if (error instanceof AwsError) return error;
  return new AwsError(internalCode, error instanceof Error ? error.message : String(error), 500);
}
