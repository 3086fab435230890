/**
 * GetObject's `Range` header: one byte range, `bytes=first-last`, `bytes=first-` or `bytes=-suffixLength`
 * (RFC 9110 §14.1.2). S3 serves one range only; a header it cannot parse is ignored and the whole object is sent, as
 * RFC 9110 allows; a range that starts past the end is 416 InvalidRange.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
 */
import { AwsError } from '../platform/aws-error';

/** Inclusive byte offsets. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** The range to serve of an object of `size` bytes, or undefined for the whole object. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw invalidRange(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

function invalidRange(size: number): AwsError {
  return new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { members: { ActualObjectSize: size } });
}
