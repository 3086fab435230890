/**
 * The REST-JSON protocol (Lambda, SES v2, API Gateway): the operation in the method and path, errors named by the
 * `X-Amzn-ErrorType` header with a JSON body carrying the message.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
import type { ServerResponse } from 'node:http';
import { send } from '../../edge/http-io';
import type { AwsError } from '../aws-error';

export function sendRestJsonError(res: ServerResponse, error: AwsError): void {
  const body = { [error.messageMember]: error.wireMessage, ...error.members };
  send(res, error.statusCode, JSON.stringify(body), { 'Content-Type': 'application/json', 'X-Amzn-ErrorType': error.code });
}
