/**
 * The AWS JSON 1.0 and 1.1 protocols (Step Functions, DynamoDB, SQS): the action in `X-Amz-Target`, a JSON object as
 * the body, errors as `{"__type": "...", "message": "..."}`. Services that moved from the query protocol (SQS) also
 * send `x-amzn-query-error: <query code>;<fault>` so that SDK v3 can name the exception as older SDKs did.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 * https://smithy.io/2.0/aws/protocols/aws-query-compatible-trait.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send, toAwsJson } from '../../edge/http-io';
import { asAwsError, AwsError } from '../aws-error';
import { targetAction, type ServiceRoute } from '../service';
import { parseJsonSafely } from '../safe-json';

export const AWS_JSON_1_0 = 'application/x-amz-json-1.0';

export interface AwsJsonErrorOptions {
  /** Send `x-amzn-query-error` (services with the awsQueryCompatible trait). */
  readonly queryCompatible?: boolean;
  /** The service's `__type` namespace, for errors that name none (SQS: `com.amazonaws.sqs`). */
  readonly namespace?: string;
}

/** Writes an error in the JSON protocols' shape. */
export function sendAwsJsonError(res: ServerResponse, error: AwsError, options: AwsJsonErrorOptions = {}): void {
  const namespace = error.namespace ?? options.namespace;
  const type = namespace ? `${namespace}#${error.code}` : error.code;
  const body = { __type: type, [error.messageMember]: error.wireMessage, ...error.members };
  send(res, error.statusCode, JSON.stringify(body), {
    'Content-Type': AWS_JSON_1_0,
    ...(options.queryCompatible ? { 'x-amzn-query-error': `${error.queryCode};${error.fault}` } : {}),
  });
}

/**
 * The request body as the JSON object every JSON-protocol action takes (an empty body is `{}`). A body that is too
 * large, not JSON, nested past what can be processed safely or not an object is refused the way AWS's front end
 * refuses it: `SerializationException` (413 `RequestEntityTooLarge` for the size), before the action runs.
 */
export async function readAwsJsonObject(req: IncomingMessage, maxBytes?: number): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await readBody(req, maxBytes)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AwsError('RequestEntityTooLarge', error.message, 413);
    throw new AwsError('SerializationException', 'The request body could not be read', 400);
  }
  if (text.trim() === '') return {};
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw new AwsError('SerializationException', `Could not parse the request: ${parsed.reason}`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('SerializationException', 'Could not parse the request: the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A service's actions over the JSON protocol: one call per `X-Amz-Target` action, the parsed body in, JSON out. */
export type JsonServiceHandler = (action: string, body: Record<string, unknown>, signal?: AbortSignal) => Promise<unknown>;

export interface AwsJsonRouteOptions extends AwsJsonErrorOptions {
  /** The part of `X-Amz-Target` before the dot, e.g. `AWSStepFunctions`. */
  readonly target: string;
  readonly handler: JsonServiceHandler;
  /** The most a request body may hold; the edge's cap by default. */
  readonly maxBodyBytes?: number;
  /** What an unexpected failure is called in this service (`InternalFailure`, DynamoDB's `InternalServerError`). */
  readonly internalErrorCode?: string;
}

/** The route of a JSON-protocol service: POST with its `X-Amz-Target`, any action; errors in this protocol's shape. */
export function awsJsonRoute(options: AwsJsonRouteOptions): ServiceRoute {
  return {
    match: { target: options.target, when: (req) => req.method === 'POST' },
    handle: async (req, res) => {
      const signal = clientGone(res);
      try {
        const body = await readAwsJsonObject(req, options.maxBodyBytes);
        const output = await options.handler(targetAction(req), body, signal);
        send(res, 200, toAwsJson(output ?? {}), { 'Content-Type': AWS_JSON_1_0 });
      } catch (error) {
        sendAwsJsonError(res, asAwsError(error, options.internalErrorCode), options);
      }
    },
  };
}

/** Aborted when the client goes away before the answer, so that a long poll stops waiting for nobody. */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
