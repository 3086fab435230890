/**
 * SNS on the edge: the query protocol (form-encoded `Action=...` answered in XML), recognised by the SigV4 scope
 * naming `sns`; the unsubscribe link every notification carries (an unsigned `GET /?Action=Unsubscribe&...`, as the
 * link in a mail is opened from a browser); and `/_aws/sns`, the published messages (see published-messages.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../edge/http-io';
import { asAwsError, AwsError } from '../platform/aws-error';
import { readQueryParameters, sendQueryError } from '../platform/protocols/aws-query';
import { sendRestJsonError } from '../platform/protocols/rest-json';
import type { RequestTest, ServiceRoute } from '../platform/service';
import type { PublishedMessages } from './published-messages';
import { parseQueryParameters, renderQueryResponse, SNS_XML_NAMESPACE } from './query-protocol';
import type { SnsService } from './sns-service';

/** The inspection endpoint of published messages. */
export const PUBLISHED_MESSAGES_PATH = '/_aws/sns';
/** A PublishBatch of ten 256 KiB messages is refused by size, not by reading: this is room for one, form-encoded. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

export interface SnsRouteTargets {
  readonly service: () => SnsService;
  readonly published: () => PublishedMessages;
  readonly region: () => string;
}

export function snsRoutes(targets: SnsRouteTargets): ServiceRoute[] {
  return [
    { match: { scope: 'sns', when: isQueryRequest }, handle: (req, res, url) => serveQuery(targets.service, req, res, url) },
    { match: { path: '/', when: isUnsubscribeLink }, handle: (req, res, url) => serveQuery(targets.service, req, res, url) },
    { match: { path: PUBLISHED_MESSAGES_PATH }, handle: (req, res, url) => servePublished(targets, req, res, url) },
  ];
}

const isQueryRequest: RequestTest = (req, url) => {
  if (req.method === 'GET') return url.searchParams.has('Action');
  return req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
};

/** Only the one action a link may carry, and only unsigned: a signed request goes by its scope. */
const isUnsubscribeLink: RequestTest = (req, url) => req.method === 'GET' && !req.headers.authorization && url.searchParams.get('Action') === 'Unsubscribe';

async function serveQuery(service: () => SnsService, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID();
  try {
    const params = await readQueryParameters(req, url, MAX_REQUEST_BYTES);
    const { action, input } = parseQueryParameters(params);
    const output = await service().call(action, input);
    send(res, 200, renderQueryResponse(action, output, requestId), { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId });
  } catch (error) {
    sendQueryError(res, asAwsError(error, 'InternalError'), requestId, SNS_XML_NAMESPACE);
  }
}

/** `GET /_aws/sns[?topicArn=&accountId=&region=]` lists, `DELETE` with the same filters forgets. */
function servePublished(targets: SnsRouteTargets, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'DELETE') {
    sendRestJsonError(res, new AwsError('MethodNotAllowed', `${req.method ?? 'This method'} is not served at ${PUBLISHED_MESSAGES_PATH}; use GET or DELETE`, 405));
    return;
  }
  const filter = { topicArn: url.searchParams.get('topicArn'), accountId: url.searchParams.get('accountId'), region: url.searchParams.get('region') };
  if (req.method === 'DELETE') {
    targets.published().delete(filter);
    res.writeHead(204).end();
    return;
  }
  const body = { region: filter.region ?? targets.region(), published_messages: targets.published().byTopic(filter) };
  send(res, 200, JSON.stringify(body), { 'Content-Type': 'application/json' });
}
