/**
 * The query protocol (SQS's older wire format, SNS's only one; CloudWatch next): form-encoded `Action=...` requests
 * answered in XML; an error is `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * with the query code in `Code`. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send } from '../../edge/http-io';
import { AwsError } from '../aws-error';
import { escapeXml } from './xml';

/** The error document; `xmlns` is the service's API namespace (e.g. `http://queue.amazonaws.com/doc/2012-11-05/`). */
export function renderQueryError(error: AwsError, requestId: string, xmlns: string): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type>` +
    `<Code>${escapeXml(error.queryCode)}</Code><Message>${escapeXml(error.message)}</Message><Detail/></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function sendQueryError(res: ServerResponse, error: AwsError, requestId: string, xmlns: string): void {
  send(res, error.statusCode, renderQueryError(error, requestId, xmlns), { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId });
}

/**
 * A query-protocol request's parameters: the query string, then a POST's form body over it (the SDK posts the form;
 * a hand-made link may carry everything in the URL). A body over `maxBytes` is RequestEntityTooLarge (413).
 */
export async function readQueryParameters(req: IncomingMessage, url: URL, maxBytes: number): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.search);
  if (req.method !== 'POST') {
    req.resume();
    return params;
  }
  let body: Buffer;
  try {
    body = await readBody(req, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AwsError('RequestEntityTooLarge', error.message, 413);
    throw error;
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  return params;
}
