/**
 * Calls dynalite's own actions in process, through the same request handler the edge uses, so that every operation a
 * transaction performs is validated and evaluated by dynalite exactly as a single-item call would be (its expression
 * parser, condition semantics, index maintenance). No socket is involved: the request and response are small
 * stand-ins for node's IncomingMessage and ServerResponse with only what dynalite's handler touches.
 */
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { dynamoDbErrorFromWire, internalServerError } from './dynamodb-error';

/** The JSON 1.0 API: one action (`PutItem`) with its input, answered with its output or an AwsError. */
export type DynamoDbCall = (action: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Placeholder SigV4 headers: dynalite refuses a request that does not look signed, and never checks signatures. */
const INTERNAL_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20200101T000000Z',
};

/** Binds a DynamoDbCall to a dynalite server (which need not listen). */
export function dynaliteCaller(server: Server): DynamoDbCall {
  return (action, input) =>
    new Promise((resolve, reject) => {
      const request = new InternalRequest(action, Buffer.from(JSON.stringify(input)));
      const response = new InternalResponse((statusCode, text) => {
        let body: unknown;
        try {
          body = text === '' ? {} : JSON.parse(text);
        } catch {
          reject(internalServerError(`DynamoDB answered ${action} with a body that is not JSON (status ${statusCode})`));
          return;
        }
        if (statusCode === 200) resolve(body as Record<string, unknown>);
        else reject(dynamoDbErrorFromWire(statusCode, body));
      });
      server.emit('request', request, response);
    });
}

/** What dynalite's handler reads from a request: method, url, headers, and the body as `data` then `end` events. */
class InternalRequest extends EventEmitter {
  readonly method = 'POST';
  readonly url = '/';
  readonly headers: Record<string, string>;

  constructor(action: string, body: Buffer) {
    super();
    this.headers = { ...INTERNAL_HEADERS, 'x-amz-target': `DynamoDB_20120810.${action}` };
    // The handler subscribes synchronously when the request is emitted; the body follows on the next tick.
    process.nextTick(() => {
      this.emit('data', body);
      this.emit('end');
    });
  }
}

/** What dynalite's handler writes: status, headers (ignored) and one `end(body)`. */
class InternalResponse {
  statusCode = 200;
  contentType = 'application/x-amz-json-1.0';

  constructor(private readonly done: (statusCode: number, body: string) => void) {}

  setHeader(): void {
    // Headers (request id, CRC32) mean nothing in process.
  }

  end(body?: string | Buffer): void {
    this.done(this.statusCode, body === undefined ? '' : body.toString());
  }
}
