/**
 * The multipart upload operations on the wire: CreateMultipartUpload (POST ?uploads), UploadPart (PUT ?partNumber&
 * uploadId), CompleteMultipartUpload (POST ?uploadId), AbortMultipartUpload (DELETE ?uploadId) and ListParts
 * (GET ?uploadId). The rules themselves are in multipart.ts.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { AwsError } from '../platform/aws-error';
import { CHECKSUM_ALGORITHMS, checksumHeaders, md5ETag, type ChecksumAlgorithm } from './checksums';
import { completeUpload, MAX_PART_NUMBER, parsePartNumber, type CompletedPart, type MultipartUpload } from './multipart';
import { objectDescription } from './object-operations';
import { receiveBody, receiveDocument } from './request-body';
import { header, objectAddress, reply, requireBucket, type S3Call, type S3Operation, type S3State } from './s3-state';
import { childrenNamed, childText, malformed, readXml, xmlDocument } from './xml';

function uploadIdOf(call: S3Call): string {
  return call.query.get('uploadId') ?? '';
}

/** The upload the request's uploadId names, in a bucket that must exist: NoSuchBucket first, then NoSuchUpload. */
async function openUpload(state: S3State, call: S3Call, bucket: string, key: string): Promise<MultipartUpload> {
  await requireBucket(state, bucket);
  return state.uploads.get(bucket, key, uploadIdOf(call));
}

function checksumAlgorithm(call: S3Call): ChecksumAlgorithm | undefined {
  const named = header(call, 'x-amz-checksum-algorithm');
  if (named === undefined) return undefined;
  const algorithm = named.toLowerCase() as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) throw new AwsError('InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]', 400);
  return algorithm;
}

export const createMultipartUpload: S3Operation = async (state, call) => {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  await requireBucket(state, bucket);
  const algorithm = checksumAlgorithm(call);
  const type = header(call, 'x-amz-checksum-type');
  if (type !== undefined && type !== 'FULL_OBJECT' && type !== 'COMPOSITE') throw new AwsError('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.', 400);
  const upload = state.uploads.create(bucket, objectDescription(call, key), new Date(state.clock.now()), algorithm, type);
  const headers: Record<string, string> = algorithm ? { 'x-amz-checksum-algorithm': algorithm.toUpperCase(), 'x-amz-checksum-type': upload.checksumType } : {};
  reply(call, 200, xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: upload.uploadId }), headers);
};

export const uploadPart: S3Operation = async (state, call) => {
  const { bucket, key } = objectAddress(call);
  const partNumber = parsePartNumber(call.query.get('partNumber'));
  const received = await receiveBody(call.req);
  const upload = await openUpload(state, call, bucket, key);
  const etag = md5ETag(received.bytes);
  upload.parts.set(partNumber, { partNumber, body: received.bytes, etag, lastModified: new Date(state.clock.now()), ...(received.checksum ? { checksum: received.checksum } : {}) });
  reply(call, 200, '', { ETag: etag, ...(received.checksum ? { [`x-amz-checksum-${received.checksum.algorithm}`]: received.checksum.value } : {}) });
};

export const completeMultipartUpload: S3Operation = async (state, call) => {
  const { bucket, key } = objectAddress(call);
  const text = await receiveDocument(call.req);
  const upload = await openUpload(state, call, bucket, key);
  const document = readXml(text);
  if (document.name !== 'CompleteMultipartUpload') throw malformed();
  const listed: CompletedPart[] = childrenNamed(document, 'Part').map((part) => {
    const number = childText(part, 'PartNumber')?.trim() ?? '';
    const etag = childText(part, 'ETag');
    if (!/^\d{1,5}$/.test(number) || Number(number) < 1 || Number(number) > MAX_PART_NUMBER || etag === undefined) throw malformed();
    return { partNumber: Number(number), etag: etag.trim() };
  });
  const object = completeUpload(upload, listed, new Date(state.clock.now()));
  await state.store.putObject(bucket, object);
  state.uploads.remove(upload.uploadId);
  const checksum = object.checksum ? { [`Checksum${object.checksum.algorithm.toUpperCase()}`]: object.checksum.value, ChecksumType: object.checksum.type } : {};
  reply(call, 200, xmlDocument('CompleteMultipartUploadResult', { Location: `/${bucket}/${key}`, Bucket: bucket, Key: key, ETag: object.etag, ...checksum }), checksumHeaders(object.checksum));
};

export const abortMultipartUpload: S3Operation = async (state, call) => {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  const upload = await openUpload(state, call, bucket, key);
  state.uploads.remove(upload.uploadId);
  reply(call, 204);
};

/** ListParts, paginated by part-number-marker and max-parts (default and cap 1000). https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html */
export const listParts: S3Operation = async (state, call) => {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  const upload = await openUpload(state, call, bucket, key);
  const marker = Number(call.query.get('part-number-marker') ?? 0);
  const maxParts = Math.min(Number(call.query.get('max-parts') ?? 1000), 1000);
  if (!Number.isInteger(marker) || marker < 0 || !Number.isInteger(maxParts) || maxParts < 0) {
    throw new AwsError('InvalidArgument', 'Argument part-number-marker and max-parts must be non-negative integers', 400);
  }
  const after = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  reply(
    call,
    200,
    xmlDocument('ListPartsResult', {
      Bucket: bucket,
      Key: key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length > 0 ? page[page.length - 1]?.partNumber : undefined,
      MaxParts: maxParts,
      IsTruncated: truncated,
      ChecksumAlgorithm: upload.checksumAlgorithm?.toUpperCase(),
      Part: page.map((part) => ({
        PartNumber: part.partNumber,
        LastModified: part.lastModified,
        ETag: part.etag,
        Size: part.body.length,
        ...(part.checksum ? { [`Checksum${part.checksum.algorithm.toUpperCase()}`]: part.checksum.value } : {}),
      })),
      StorageClass: 'STANDARD',
    }),
  );
};
