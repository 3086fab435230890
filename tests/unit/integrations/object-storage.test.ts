/**
 * The Distributed Map's S3 port over an SDK v3 client and the runtime's S3: pages with their continuation token, bodies
 * as streams of chunks, and S3's own error names carried into ObjectStorageError.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectStorageError, type ObjectStorage } from '../../../local/engine/distributed/ports';
import { s3ObjectStorage } from '../../../local/integrations/object-storage';
import { startS3EdgeWithBuckets, type S3Edge } from '../s3/s3-edge';

const BUCKET = 'port';

describe('s3ObjectStorage', () => {
  let edge: S3Edge;
  let s3: S3Client;
  let storage: ObjectStorage;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
    storage = s3ObjectStorage(s3);
    for (const Key of ['a/1.txt', 'a/2.txt', 'a/3.txt', 'b/1.txt']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: `body of ${Key}` }));
  });

  afterAll(() => edge.close());

  it('returns one ListObjectsV2 page at a time, with the token of the next', async () => {
    // Act
    const first = await storage.listObjectsV2({ Bucket: BUCKET, Prefix: 'a/', MaxKeys: 2 });
    const second = await storage.listObjectsV2({ Bucket: BUCKET, Prefix: 'a/', MaxKeys: 2, ContinuationToken: first.nextContinuationToken });

    // Assess
    expect(first.contents.map((object) => object.Key)).toEqual(['a/1.txt', 'a/2.txt']);
    expect(typeof first.nextContinuationToken).toBe('string');
    expect(second.contents.map((object) => object.Key)).toEqual(['a/3.txt']);
    expect(second.nextContinuationToken).toBeUndefined();
    expect(first.contents[0]).toEqual({ Key: 'a/1.txt', ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/), LastModified: expect.any(Date), Size: 'body of a/1.txt'.length, StorageClass: 'STANDARD' });
  });

  it('streams a body as chunks and writes one with PutObject', async () => {
    // Act
    await storage.putObject({ Bucket: BUCKET, Key: 'out/result.json', Body: '[1,2,3]' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of await storage.getObject({ Bucket: BUCKET, Key: 'out/result.json' })) chunks.push(chunk);

    // Assess
    expect(Buffer.concat(chunks).toString('utf8')).toBe('[1,2,3]');
  });

  it.each<[string, () => Promise<unknown>, string, string]>([
    ['listing a missing bucket', () => storage.listObjectsV2({ Bucket: 'missing' }), 'NoSuchBucket', 'The specified bucket does not exist'],
    ['reading a missing key', () => storage.getObject({ Bucket: BUCKET, Key: 'missing' }), 'NoSuchKey', 'The specified key does not exist.'],
    ['writing to a missing bucket', () => storage.putObject({ Bucket: 'missing', Key: 'k', Body: '' }), 'NoSuchBucket', 'The specified bucket does not exist'],
  ])('names S3\'s error when %s', async (_name, call, code, message) => {
    // Act
    const error = await call().then(() => undefined, (caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectStorageError);
    expect(error).toMatchObject({ code, message });
  });
});
