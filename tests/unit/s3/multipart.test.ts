import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { failure, startS3EdgeWithBuckets, type S3Edge } from './s3-edge';

const BUCKET = 'multipart';
const MiB = 1024 * 1024;

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();

describe('S3 multipart upload (through @aws-sdk/client-s3)', () => {
  let edge: S3Edge;
  let s3: S3Client;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
  });

  afterAll(() => edge.close());

  async function upload(key: string, parts: readonly Buffer[], checksumAlgorithm?: 'CRC32') {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'application/x-test', ...(checksumAlgorithm ? { ChecksumAlgorithm: checksumAlgorithm } : {}) }));
    const uploaded = [];
    for (const [index, Body] of parts.entries()) {
      const { ETag, ChecksumCRC32 } = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: index + 1, Body }));
      uploaded.push({ PartNumber: index + 1, ETag, ChecksumCRC32 });
    }
    return { UploadId: UploadId as string, uploaded };
  }

  it('joins the parts into one object whose ETag is the MD5 of the part MD5s, dash, part count', async () => {
    // Prepare
    const parts = [Buffer.alloc(5 * MiB, 1), Buffer.alloc(5 * MiB, 2), Buffer.from('tail')];
    const { UploadId, uploaded } = await upload('big.bin', parts);

    // Act
    const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'big.bin', UploadId, MultipartUpload: { Parts: uploaded } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);

    // Assess
    const expected = `"${createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-3"`;
    expect(completed).toMatchObject({ Bucket: BUCKET, Key: 'big.bin', ETag: expected });
    expect(uploaded.map((part) => part.ETag)).toEqual(parts.map((part) => `"${md5(part).toString('hex')}"`));
    expect(got).toMatchObject({ ETag: expected, ContentLength: 10 * MiB + 4, ContentType: 'application/x-test' });
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it('gives an upload declared with CRC32 a COMPOSITE checksum ("<crc of part crcs>-N"), which the SDK accepts on GET', async () => {
    // Prepare
    const parts = [Buffer.alloc(5 * MiB, 3), Buffer.from('end')];
    const { UploadId, uploaded } = await upload('checked.bin', parts, 'CRC32');

    // Act
    const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'checked.bin', UploadId, MultipartUpload: { Parts: uploaded } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'checked.bin' }));
    await got.Body?.transformToByteArray();

    // Assess
    expect(uploaded.every((part) => typeof part.ChecksumCRC32 === 'string')).toBe(true);
    expect(completed.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==-2$/);
    expect(completed.ChecksumType).toBe('COMPOSITE');
    expect(got.ChecksumCRC32).toBe(completed.ChecksumCRC32);
  });

  it('lists the uploaded parts with their sizes and ETags', async () => {
    // Prepare
    const { UploadId } = await upload('listed.bin', [Buffer.from('one'), Buffer.from('two!')]);

    // Act
    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'listed.bin', UploadId }));

    // Assess
    expect(listed.Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([
      [1, 3, `"${md5(Buffer.from('one')).toString('hex')}"`],
      [2, 4, `"${md5(Buffer.from('two!')).toString('hex')}"`],
    ]);
    expect(listed.IsTruncated).toBe(false);
  });

  it('refuses a part under 5 MiB that is not the last with EntityTooSmall', async () => {
    // Prepare
    const { UploadId, uploaded } = await upload('small.bin', [Buffer.from('too small'), Buffer.from('last')]);

    // Act
    const error = await failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'small.bin', UploadId, MultipartUpload: { Parts: uploaded } })));

    // Assess
    expect(error.name).toBe('EntityTooSmall');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it.each([
    ['a part that was never uploaded', [{ PartNumber: 7, ETag: '"00000000000000000000000000000000"' }], 'InvalidPart'],
    ['a part with the wrong ETag', [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }], 'InvalidPart'],
  ])('refuses %s with %s', async (_label, Parts, code) => {
    // Prepare
    const { UploadId } = await upload('invalid.bin', [Buffer.from('only part')]);

    // Act
    const error = await failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'invalid.bin', UploadId, MultipartUpload: { Parts } })));

    // Assess
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses parts out of order with InvalidPartOrder', async () => {
    // Prepare
    const { UploadId, uploaded } = await upload('unordered.bin', [Buffer.alloc(5 * MiB), Buffer.from('b')]);

    // Act
    const error = await failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'unordered.bin', UploadId, MultipartUpload: { Parts: [...uploaded].reverse() } })));

    // Assess
    expect(error.name).toBe('InvalidPartOrder');
  });

  it('aborts an upload: its parts go, and using it again is NoSuchUpload (404), with no object left behind', async () => {
    // Prepare
    const { UploadId, uploaded } = await upload('aborted.bin', [Buffer.from('x')]);

    // Act
    const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId }));
    const error = await failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId, MultipartUpload: { Parts: uploaded } })));
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'aborted.bin' })));

    // Assess
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    expect(error.name).toBe('NoSuchUpload');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it.each([
    ['an unknown upload id', 'nope', 1, 'NoSuchUpload', 404],
    ['part number 0', undefined, 0, 'InvalidArgument', 400],
    ['part number 10001', undefined, 10_001, 'InvalidArgument', 400],
  ])('refuses UploadPart to %s with %s', async (_label, uploadId, PartNumber, code, status) => {
    // Prepare
    const { UploadId } = await upload('parts.bin', []);

    // Act
    const error = await failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'parts.bin', UploadId: uploadId ?? UploadId, PartNumber, Body: 'x' })));

    // Assess
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(status);
  });
});
