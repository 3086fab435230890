/**
 * Reading requests and writing AWS-shaped responses on the edge: bodies with a size cap, JSON with AWS's timestamp
 * encoding, and errors in the shape each protocol's SDK deserializer understands.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Above Lambda's 6 MB and Step Functions' 256 KiB quotas, so that the services themselves report their limits. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(limit = MAX_BODY_BYTES) {
    super(`Request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The bodies read so far, so that the edge can log the request behind a 5xx. */
const bodies = new WeakMap<IncomingMessage, Buffer>();

/** The body of a request as it was read (undefined if nobody read it through readBody). */
export function bodyRead(req: IncomingMessage): Buffer | undefined {
  return bodies.get(req);
}

/** The whole request body; rejects with BodyTooLargeError past the cap. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        // Stop buffering but drain the rest, so that the 413 can still be written to the client.
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.set(req, body);
      resolve(body);
    });
    req.on('error', reject);
  });
}

/**
 * JSON as the AWS JSON protocols encode it: timestamps are epoch seconds (a number with a fraction), not ISO strings.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#shape-serialization
 */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : item;
  });
}

/** Writes a complete response with a request id, as every AWS service sends one. */
export function send(res: ServerResponse, statusCode: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(statusCode, {
    'x-amzn-RequestId': randomUUID(),
    'Content-Length': String(buffer.length),
    ...headers,
  });
  res.end(buffer);
}
