/**
 * The REST-XML protocol (S3, next): the operation in the method and path, an error is `<Error><Code/><Message/>
 * <RequestId/></Error>` at the document's root, plus any members the error carries (S3's `BucketName`, `Key`).
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html#error-response-serialization
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses
 */
import type { ServerResponse } from 'node:http';
import { send } from '../../edge/http-io';
import type { AwsError } from '../aws-error';
import { escapeXml } from './xml';

export function renderRestXmlError(error: AwsError, requestId: string): string {
  const members = Object.entries(error.members)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message>${members}<RequestId>${requestId}</RequestId></Error>`
  );
}

export function sendRestXmlError(res: ServerResponse, error: AwsError, requestId: string): void {
  send(res, error.statusCode, renderRestXmlError(error, requestId), { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId });
}
