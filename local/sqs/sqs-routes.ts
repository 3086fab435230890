/**
 * SQS on the edge, in both wire protocols: the AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Action>`, what SDK v3
 * has sent since late 2023 and the CLI v2 sends now) and the query protocol (form-encoded `Action=...` answered in XML,
 * what older SDKs send), recognised by the SigV4 scope naming `sqs` or by a path of the queue-URL form
 * `/<account>/<queue>`. JSON errors carry `__type` plus the `x-amzn-query-error` header SDK v3 needs to name the
 * exception. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../edge/http-io';
import { asAwsError } from '../platform/aws-error';
import { awsJsonRoute, clientGone } from '../platform/protocols/aws-json';
import { readQueryParameters, sendQueryError } from '../platform/protocols/aws-query';
import type { RequestTest, ServiceRoute } from '../platform/service';
import { parseQueryRequest, renderQueryResponse, SQS_XML_NAMESPACE } from './query-protocol';
import type { SqsService } from './sqs-service';

/** `/<12-digit account>/<queue name>`: a request sent to a queue URL. */
const QUEUE_PATH = /^\/(\d{12})\/([A-Za-z0-9_.-]{1,80})\/?$/;
/** SQS's `__type` namespace in the JSON protocol. */
const SQS_NAMESPACE = 'com.amazonaws.sqs';
/** SQS's message quota is 1 MiB since 2025; anything past twice that is refused before it is parsed. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

/** The JSON route and the two query routes (by SigV4 scope, by queue URL) of one SqsService. */
export function sqsRoutes(service: () => SqsService): ServiceRoute[] {
  const json = awsJsonRoute({
    target: 'AmazonSQS',
    queryCompatible: true,
    namespace: SQS_NAMESPACE,
    maxBodyBytes: MAX_REQUEST_BYTES,
    internalErrorCode: 'InternalError',
    handler: (action, input, signal) => service().call(action, input, signal),
  });
  const serve = (req: IncomingMessage, res: ServerResponse, url: URL) => serveQuery(service, req, res, url);
  return [json, { match: { scope: 'sqs', when: isQueryRequest }, handle: serve }, { match: { path: QUEUE_PATH, when: isQueryRequest }, handle: serve }];
}

const isQueryRequest: RequestTest = (req, url) => {
  if (req.headers['x-amz-target']) return false;
  if (req.method === 'GET') return url.searchParams.has('Action');
  return req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
};

async function serveQuery(service: () => SqsService, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID();
  const signal = clientGone(res);
  try {
    const params = await readQueryParameters(req, url, MAX_REQUEST_BYTES);
    const queueName = QUEUE_PATH.exec(url.pathname)?.[2];
    const sqs = service();
    const { action, input } = parseQueryRequest(params, queueName === undefined ? undefined : sqs.queueUrl(queueName));
    const output = await sqs.call(action, input, signal);
    send(res, 200, renderQueryResponse(action, output, requestId), { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId });
  } catch (error) {
    sendQueryError(res, asAwsError(error, 'InternalError'), requestId, SQS_XML_NAMESPACE);
  }
}
