/**
 * Lambda's Invoke over its REST-JSON API: `POST /2015-03-31/functions/{FunctionName}/invocations?Qualifier=...`, the
 * invocation type and log type in headers, the function's bytes as the body, `X-Amz-Function-Error` on failure.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send } from '../edge/http-io';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendRestJsonError } from '../platform/protocols/rest-json';
import { parseJsonSafely } from '../platform/safe-json';
import type { ServiceRoute } from '../platform/service';
import type { InvocationType, LambdaInvoker } from './types';

const FUNCTIONS_PATH = /^\/2015-03-31\/functions(?:\/|$)/;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** Lambda's errors carry `Type` (User or Service) and spell the message both ways. */
function lambdaError(code: string, message: string, statusCode = 400): AwsError {
  return new AwsError(code, message, statusCode, { members: { Type: statusCode >= 500 ? 'Service' : 'User', Message: message } });
}

export function lambdaRoutes(lambda: LambdaInvoker): ServiceRoute[] {
  return [{ match: { path: FUNCTIONS_PATH }, handle: (req, res, url) => serveLambda(lambda, req, res, url) }];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function serveLambda(lambda: LambdaInvoker, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    await invoke(lambda, req, res, url);
  } catch (error) {
    const failure = asAwsError(error, 'ServiceException');
    sendRestJsonError(res, failure.members.Type ? failure : lambdaError(failure.code, failure.message, failure.statusCode));
  }
}

async function invoke(lambda: LambdaInvoker, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const encodedName = INVOKE_PATH.exec(url.pathname)?.[1];
  if (req.method !== 'POST' || encodedName === undefined) {
    req.resume();
    throw lambdaError('UnknownOperationException', `Unsupported Lambda operation: ${req.method} ${url.pathname}`, 404);
  }
  const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(invocationType)) {
    req.resume();
    throw lambdaError(
      'ValidationException',
      `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    req.resume();
    throw lambdaError('ValidationException', `1 validation error detected: Value '${encodedName}' at 'functionName' is not a valid function name`);
  }
  let text: string;
  try {
    text = (await readBody(req)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw lambdaError('RequestTooLargeException', error.message, 413);
    throw error;
  }
  const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJsonSafely(text);
  if (!parsed.ok) throw lambdaError('InvalidRequestContentException', `Could not parse request body into json: ${parsed.reason}`);
  const result = await lambda.invoke(name, parsed.value, {
    qualifier: url.searchParams.get('Qualifier') ?? undefined,
    invocationType: invocationType as InvocationType,
    logType: header(req, 'x-amz-log-type') === 'Tail' ? 'Tail' : 'None',
  });
  send(res, result.statusCode, result.payload, {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': result.executedVersion,
    ...(result.functionError ? { 'X-Amz-Function-Error': result.functionError } : {}),
    ...(result.logTail !== undefined ? { 'X-Amz-Log-Result': result.logTail } : {}),
  });
}
