/**
 * Lambda from a Task: a bare function ARN returns the function's result itself; the optimized
 * `arn:aws:states:::lambda:invoke` wraps it in the Invoke response (`Payload` parsed from JSON).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
import { randomUUID } from 'node:crypto';
import { StatesError } from '../engine/errors';
import type { TaskRequest } from '../engine/ports';
import { AwsError } from '../platform/aws-error';
import { isPlatformErrorType } from '../lambda/platform-errors';
import type { InvocationType, InvokeResult, LambdaInvoker } from '../lambda/types';
import { optimizedCause, unsupportedResource } from './errors';

const INVOCATION_TYPES = new Set<string>(['RequestResponse', 'Event', 'DryRun']);

/** `Resource: arn:aws:lambda:...:function:name[:qualifier]`: the parameters are the event, the payload the result. */
export async function invokeLambdaFunction(lambda: LambdaInvoker, request: TaskRequest): Promise<unknown> {
  const result = await call(lambda, request.resource.arn, request.parameters ?? {}, {});
  return parsePayload(result.payload);
}

/** `Resource: arn:aws:states:::lambda:invoke[.waitForTaskToken]`: the Invoke API's parameters and response. */
export async function invokeLambdaOptimized(lambda: LambdaInvoker, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (resource.action !== 'invoke' || (resource.pattern !== 'request-response' && resource.pattern !== 'waitForTaskToken')) {
    throw unsupportedResource(resource);
  }
  const parameters = (request.parameters ?? {}) as Record<string, unknown>;
  if (typeof parameters.FunctionName !== 'string') {
    throw new StatesError(
      'States.Runtime',
      "The field 'FunctionName' is required by arn:aws:states:::lambda:invoke and must be a function name or ARN.",
    );
  }
  const invocationType = typeof parameters.InvocationType === 'string' ? parameters.InvocationType : 'RequestResponse';
  if (!INVOCATION_TYPES.has(invocationType)) {
    throw lambdaServiceError(
      new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
      ),
    );
  }
  const result = await call(lambda, parameters.FunctionName, eventOf(parameters.Payload), {
    qualifier: typeof parameters.Qualifier === 'string' ? parameters.Qualifier : undefined,
    invocationType: invocationType as InvocationType,
  });
  return invokeResponse(result);
}

/**
 * `Payload` as Step Functions sends it: JSON text is sent as is (the function gets the parsed value), any other value
 * is serialised; no Payload means an empty object.
 */
function eventOf(payload: unknown): unknown {
  if (payload === undefined) return {};
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

async function call(
  lambda: LambdaInvoker,
  functionName: string,
  event: unknown,
  options: { qualifier?: string; invocationType?: InvocationType },
): Promise<InvokeResult> {
  let result: InvokeResult;
  try {
    result = await lambda.invoke(functionName, event, options);
  } catch (error) {
    if (error instanceof AwsError) throw lambdaServiceError(error);
    throw new StatesError('Lambda.ServiceException', (error as Error)?.message ?? String(error));
  }
  if (result.functionError) throw functionError(result.payload);
  return result;
}

/**
 * A failed invocation. The function's own error is named by its `errorType` with the whole error payload as the cause;
 * what the platform reports (timeout, crash, out of memory) or a payload without `errorType` is `Lambda.Unknown`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export function functionError(payload: string): StatesError {
  let errorType: string | undefined;
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown };
    if (typeof parsed?.errorType === 'string' && parsed.errorType !== '') errorType = parsed.errorType;
  } catch {
    errorType = undefined;
  }
  if (errorType === undefined) {
    return new StatesError(
      'Lambda.Unknown',
      `The cause could not be determined because Lambda did not return an error type. Returned payload: ${payload}`,
    );
  }
  if (isPlatformErrorType(errorType)) return new StatesError('Lambda.Unknown', payload);
  return new StatesError(errorType, payload);
}

/** Lambda refused the call itself: `Lambda.ResourceNotFoundException` and the like, with the Java-SDK-style cause. */
function lambdaServiceError(error: AwsError): StatesError {
  const failure = { name: error.code, message: error.message, statusCode: error.statusCode };
  return new StatesError(`Lambda.${error.code}`, optimizedCause('AWSLambda', failure));
}

function parsePayload(payload: string): unknown {
  if (payload === '') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

/** The optimized integration's result: the Invoke response as the Java SDK exposes it, with the Payload parsed. */
function invokeResponse(result: InvokeResult): Record<string, unknown> {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(result.payload)),
    'Content-Type': 'application/json',
    Date: new Date().toUTCString(),
    'X-Amz-Executed-Version': result.executedVersion,
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)};Sampled=0`,
  };
  return {
    ExecutedVersion: result.executedVersion,
    Payload: parsePayload(result.payload),
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: result.statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: result.statusCode,
  };
}
