/**
 * Multipart uploads: CreateMultipartUpload opens one, UploadPart adds numbered parts (1 to 10,000, the last upload of
 * a number wins), CompleteMultipartUpload joins the listed parts into one object, AbortMultipartUpload drops them.
 * The object's ETag is the MD5 of the concatenated binary MD5s of its parts, a dash and the part count; every part but
 * the last must be at least 5 MiB (EntityTooSmall).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html#large-object-checksums
 */
import { createHash, randomBytes } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import { digest, type Checksum, type ChecksumAlgorithm } from './checksums';
import type { StoredObject } from './object-store';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface UploadedPart {
  readonly partNumber: number;
  readonly body: Buffer;
  /** Quoted hex MD5. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: Checksum;
}

/** What CreateMultipartUpload said about the object to be. */
export type UploadTemplate = Omit<StoredObject, 'body' | 'etag' | 'lastModified' | 'checksum' | 'partCount'>;

export interface MultipartUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly initiated: Date;
  readonly object: UploadTemplate;
  /** `x-amz-checksum-algorithm` of CreateMultipartUpload, and its type (COMPOSITE unless FULL_OBJECT was asked). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType: 'FULL_OBJECT' | 'COMPOSITE';
  readonly parts: Map<number, UploadedPart>;
}

/** A part CompleteMultipartUpload lists. */
export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

export class MultipartUploads {
  private readonly uploads = new Map<string, MultipartUpload>();

  create(bucket: string, object: UploadTemplate, initiated: Date, checksumAlgorithm?: ChecksumAlgorithm, checksumType?: 'FULL_OBJECT' | 'COMPOSITE'): MultipartUpload {
    const uploadId = randomBytes(24).toString('base64url');
    const upload: MultipartUpload = {
      uploadId,
      bucket,
      initiated,
      object,
      ...(checksumAlgorithm ? { checksumAlgorithm } : {}),
      checksumType: checksumType ?? (checksumAlgorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE'),
      parts: new Map(),
    };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  /** The upload, which must be of this bucket and key: NoSuchUpload otherwise. */
  get(bucket: string, key: string, uploadId: string): MultipartUpload {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.object.key !== key) {
      throw new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { members: { UploadId: uploadId } });
    }
    return upload;
  }

  remove(uploadId: string): void {
    this.uploads.delete(uploadId);
  }

  /** Aborts every upload into a bucket (DeleteBucket). */
  removeBucket(bucket: string): void {
    for (const [id, upload] of this.uploads) if (upload.bucket === bucket) this.uploads.delete(id);
  }

  clear(): void {
    this.uploads.clear();
  }
}

/** `partNumber` of UploadPart: an integer from 1 to 10,000, InvalidArgument otherwise. */
export function parsePartNumber(value: string | null): number {
  const number = value !== null && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= MAX_PART_NUMBER)) {
    throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, { members: { ArgumentName: 'partNumber', ArgumentValue: value ?? '' } });
  }
  return number;
}

function md5(bytes: Uint8Array): Buffer {
  return createHash('md5').update(bytes).digest();
}

/**
 * Joins the listed parts: they must ascend (InvalidPartOrder), exist with the ETag given (InvalidPart), and all but the
 * last be at least 5 MiB (EntityTooSmall). Returns the object to store.
 */
export function completeUpload(upload: MultipartUpload, listed: readonly CompletedPart[], lastModified: Date): StoredObject {
  if (listed.length === 0) throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  const parts: UploadedPart[] = [];
  listed.forEach(({ partNumber, etag }, index) => {
    if (index > 0 && partNumber <= (listed[index - 1] as CompletedPart).partNumber) {
      throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { members: { UploadId: upload.uploadId } });
    }
    const part = upload.parts.get(partNumber);
    const unquoted = (text: string) => text.replace(/^"|"$/g, '');
    if (!part || unquoted(part.etag) !== unquoted(etag)) {
      throw new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400, {
        members: { UploadId: upload.uploadId, PartNumber: partNumber, ETag: etag },
      });
    }
    parts.push(part);
  });
  parts.slice(0, -1).forEach((part) => {
    if (part.body.length < MIN_PART_BYTES) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
        members: { ProposedSize: part.body.length, MinSizeAllowed: MIN_PART_BYTES, PartNumber: part.partNumber, ETag: part.etag },
      });
    }
  });
  const body = Buffer.concat(parts.map((part) => part.body));
  const etag = `"${md5(Buffer.concat(parts.map((part) => md5(part.body)))).toString('hex')}-${parts.length}"`;
  const checksum = objectChecksum(upload, parts, body);
  return { ...upload.object, body, etag, lastModified, partCount: parts.length, ...(checksum ? { checksum } : {}) };
}

/**
 * The object's checksum when the upload declared an algorithm: FULL_OBJECT is the algorithm over the whole body;
 * COMPOSITE is the algorithm over the parts' raw checksums, then `-<parts>` (SDK v3 skips validating those on GET).
 */
function objectChecksum(upload: MultipartUpload, parts: readonly UploadedPart[], body: Buffer): Checksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  if (upload.checksumType === 'FULL_OBJECT') {
    const whole = digest(algorithm, body);
    return whole ? { algorithm, value: whole.toString('base64'), type: 'FULL_OBJECT' } : undefined;
  }
  const partDigests = parts.map((part) => (part.checksum?.algorithm === algorithm ? Buffer.from(part.checksum.value, 'base64') : digest(algorithm, part.body)));
  if (partDigests.some((value) => value === undefined)) return undefined;
  const composite = digest(algorithm, Buffer.concat(partDigests as Buffer[]));
  return composite ? { algorithm, value: `${composite.toString('base64')}-${parts.length}`, type: 'COMPOSITE' } : undefined;
}
