/**
 * The `aws-chunked` content encoding SDK v3 and the CLI use to stream a body with its checksum as a trailer:
 * `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` repeated, a zero-size chunk, then trailer lines
 * `x-amz-checksum-crc32:<base64>\r\n` (and `x-amz-trailer-signature` when signed), then `\r\n`. Signatures are not
 * checked (the edge checks none); sizes are, against `x-amz-decoded-content-length`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from '../platform/aws-error';

export interface DecodedBody {
  readonly bytes: Buffer;
  /** Trailer fields by lower-case name, e.g. `x-amz-checksum-crc32`. */
  readonly trailers: Record<string, string>;
}

/** Is this body aws-chunked? Said by Content-Encoding, or by a STREAMING-* payload hash on its own. */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const encodings = String(headers['content-encoding'] ?? '').split(',').map((part) => part.trim().toLowerCase());
  return encodings.includes('aws-chunked') || String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
}

/** Content-Encoding without aws-chunked, which describes the transfer and is not stored with the object. */
export function storedContentEncoding(headers: IncomingHttpHeaders): string | undefined {
  const kept = String(headers['content-encoding'] ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '' && part.toLowerCase() !== 'aws-chunked');
  return kept.length > 0 ? kept.join(',') : undefined;
}

const CRLF = Buffer.from('\r\n');

function incomplete(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}

/** Decodes a whole aws-chunked body; IncompleteBody when its framing is broken or its length is not the one declared. */
export function decodeAwsChunked(body: Buffer, decodedLength: string | undefined): DecodedBody {
  const parts: Buffer[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, offset);
    if (lineEnd < 0 || lineEnd - offset > 1024) throw incomplete();
    const header = body.subarray(offset, lineEnd).toString('latin1');
    const sizeText = header.split(';', 1)[0]!.trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw incomplete();
    const size = parseInt(sizeText, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size + 2 > body.length || !body.subarray(offset + size, offset + size + 2).equals(CRLF)) throw incomplete();
    parts.push(body.subarray(offset, offset + size));
    total += size;
    offset += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw incomplete();
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (decodedLength !== undefined && Number(decodedLength) !== total) throw incomplete();
  return { bytes: Buffer.concat(parts, total), trailers };
}
