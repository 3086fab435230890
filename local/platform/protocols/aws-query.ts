/**
 * The query protocol (SQS's older wire format, SNS's only one; CloudWatch next): form-encoded `Action=...` requests
 * answered in XML; an error is `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * with the query code in `Code`. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization
 */
import type { ServerResponse } from 'node:http';
import { send } from '../../edge/http-io';
import type { AwsError } from '../aws-error';
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
