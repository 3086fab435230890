/**
 * S3's additional checksums: a client names one algorithm and sends its value in `x-amz-checksum-<algorithm>` (a
 * header, or a trailer of an aws-chunked body); S3 computes the same over the bytes it received, refuses a mismatch
 * with BadDigest, stores the value with the object and returns it when a GET says `x-amz-checksum-mode: ENABLED`.
 * SDK v3 sends CRC32 by default since early 2025 and validates what comes back.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AwsError } from '../platform/aws-error';

/** The algorithms S3 accepts, as their header suffix. CRC64NVME is stored and returned but not verified here. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Base64 of the big-endian digest, as the header carries it. For a composite multipart checksum, with `-<parts>`. */
  readonly value: string;
  /** Multipart objects: COMPOSITE (a checksum of the parts' checksums) or FULL_OBJECT. https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html#ChecksumTypes */
  readonly type: 'FULL_OBJECT' | 'COMPOSITE';
}

const CRC32C_TABLE = (() => {
  // The Castagnoli polynomial, reflected (iSCSI, RFC 3720 appendix B.4).
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC32C_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

/** The raw digest of `bytes`, or undefined for an algorithm this runtime does not compute (CRC64NVME). */
export function digest(algorithm: ChecksumAlgorithm, bytes: Uint8Array): Buffer | undefined {
  switch (algorithm) {
    case 'crc32':
      return uint32(crc32(bytes));
    case 'crc32c':
      return uint32(crc32c(bytes));
    case 'sha1':
    case 'sha256':
      return createHash(algorithm).update(bytes).digest();
    default:
      return undefined;
  }
}

/** Which checksum a request declares, from `x-amz-checksum-<algorithm>` in its headers (or its decoded trailers). */
export function declaredChecksum(fields: Readonly<Record<string, string | string[] | undefined>>): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = fields[`x-amz-checksum-${algorithm}`];
    if (typeof value === 'string') return { algorithm, value };
  }
  return undefined;
}

/**
 * Verifies a declared checksum against the bytes received and returns the one to store. A mismatch is S3's BadDigest;
 * a value that is not base64 of the algorithm's length is InvalidRequest.
 */
export function verifiedChecksum(declared: { algorithm: ChecksumAlgorithm; value: string }, bytes: Uint8Array): Checksum {
  const computed = digest(declared.algorithm, bytes);
  const name = declared.algorithm.toUpperCase();
  if (computed === undefined) return { algorithm: declared.algorithm, value: declared.value, type: 'FULL_OBJECT' };
  const sent = Buffer.from(declared.value, 'base64');
  if (sent.length !== computed.length || sent.toString('base64') !== declared.value) {
    throw new AwsError('InvalidRequest', `Value for x-amz-checksum-${declared.algorithm} header is invalid.`, 400);
  }
  if (!sent.equals(computed)) throw new AwsError('BadDigest', `The ${name} you specified did not match the calculated checksum.`, 400);
  return { algorithm: declared.algorithm, value: declared.value, type: 'FULL_OBJECT' };
}

/** The header a response carries for a stored checksum. */
export function checksumHeaders(checksum: Checksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [`x-amz-checksum-${checksum.algorithm}`]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

/** Content-MD5, when sent, must be the base64 MD5 of the body: InvalidDigest if it is not one, BadDigest if it differs. */
export function verifyContentMd5(contentMd5: string | undefined, bytes: Uint8Array): void {
  if (contentMd5 === undefined) return;
  const sent = Buffer.from(contentMd5, 'base64');
  if (sent.length !== 16 || sent.toString('base64') !== contentMd5) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
  if (!sent.equals(createHash('md5').update(bytes).digest())) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
}

/** A single-part object's ETag: the hex MD5 of its bytes, quoted. https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html */
export function md5ETag(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}
