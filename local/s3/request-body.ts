/**
 * The bytes of a PutObject or UploadPart as S3 stores them: aws-chunked framing removed, the declared checksum
 * (header or trailer) and Content-MD5 verified. Bodies are held in memory, so one request is capped.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../edge/http-io';
import { AwsError } from '../platform/aws-error';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked';
import { declaredChecksum, verifiedChecksum, verifyContentMd5, type Checksum } from './checksums';
import { malformed } from './xml';

/**
 * The largest body one request may carry here (AWS: 5 GiB for PutObject and for a part). Larger objects go through
 * multipart upload, as AWS requires past 5 GiB. README gives the measured figures.
 */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024 * 1024;
/** Documents (Delete, CompleteMultipartUpload): 10,000 parts of ~100 bytes each fit. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

export interface ReceivedBody {
  readonly bytes: Buffer;
  readonly checksum?: Checksum;
}

async function rawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { members: { MaxSizeAllowed: limit } });
    }
    throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
  }
}

export async function receiveBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<ReceivedBody> {
  const raw = await rawBody(req, limit);
  const headers = req.headers;
  let bytes = raw;
  let fields: Record<string, string | string[] | undefined> = headers;
  if (isAwsChunked(headers)) {
    const decodedLength = headers['x-amz-decoded-content-length'];
    const decoded = decodeAwsChunked(raw, typeof decodedLength === 'string' ? decodedLength : undefined);
    bytes = decoded.bytes;
    fields = { ...headers, ...decoded.trailers };
  }
  verifyContentMd5(typeof headers['content-md5'] === 'string' ? headers['content-md5'] : undefined, bytes);
  const declared = declaredChecksum(fields);
  return { bytes, ...(declared ? { checksum: verifiedChecksum(declared, bytes) } : {}) };
}

/** An XML request document as text; an empty body is the empty string. */
export async function receiveDocument(req: IncomingMessage): Promise<string> {
  const { bytes } = await receiveBody(req, MAX_DOCUMENT_BYTES).catch((error: unknown) => {
    throw error instanceof AwsError && error.code === 'EntityTooLarge' ? malformed() : error;
  });
  return bytes.toString('utf8');
}
