import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { failure, startS3EdgeWithBuckets, type S3Edge } from './s3-edge';

const BUCKET = 'objects';

const md5 = (text: string | Buffer) => `"${createHash('md5').update(text).digest('hex')}"`;

describe('S3 object operations (through @aws-sdk/client-s3)', () => {
  let edge: S3Edge;
  let s3: S3Client;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
  });

  afterAll(() => edge.close());

  it('stores a body with its ETag (the MD5), Content-Type and metadata, and returns them on GET with the CRC32 the SDK checks', async () => {
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { owner: 'ann' } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/hello.txt' }));

    // Assess
    expect(put.ETag).toBe(md5('hello world'));
    expect(put.ChecksumCRC32).toBe('DUoRhQ==');
    expect(await got.Body?.transformToString()).toBe('hello world');
    expect(got).toMatchObject({ ETag: md5('hello world'), ContentType: 'text/plain', ContentLength: 11, Metadata: { owner: 'ann' }, ChecksumCRC32: 'DUoRhQ==', AcceptRanges: 'bytes' });
    expect(got.LastModified).toBeInstanceOf(Date);
  });

  it('decodes an aws-chunked stream (the SDK default for a stream body) and verifies its CRC32 trailer', async () => {
    // Prepare
    const chunks = [Buffer.alloc(70_000, 'a'), Buffer.alloc(30_000, 'b')];

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed.bin', Body: Readable.from(chunks), ContentLength: 100_000 }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed.bin' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);

    // Assess
    expect(bytes.equals(Buffer.concat(chunks))).toBe(true);
    expect(put.ETag).toBe(md5(Buffer.concat(chunks)));
    expect(got.ContentEncoding).toBeUndefined();
  });

  it('refuses a body whose declared CRC32 does not match with BadDigest', async () => {
    // Act
    const error = await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'corrupt', Body: 'hello world', ChecksumCRC32: 'AAAAAA==' })));
    const stored = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'corrupt' })));

    // Assess
    expect(error.name).toBe('BadDigest');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(stored.$metadata.httpStatusCode).toBe(404);
  });

  it.each([
    ['bytes=0-4', 'hello', 'bytes 0-4/11'],
    ['bytes=6-', 'world', 'bytes 6-10/11'],
    ['bytes=-5', 'world', 'bytes 6-10/11'],
    ['bytes=6-100', 'world', 'bytes 6-10/11'],
  ])('serves Range %s as 206 with Content-Range', async (range, body, contentRange) => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged', Body: 'hello world' }));

    // Act
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: range }));

    // Assess
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ContentRange).toBe(contentRange);
    expect(got.ChecksumCRC32).toBeUndefined();
  });

  it('answers a range past the end with InvalidRange (416)', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'short', Body: 'abc' }));

    // Act
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'short', Range: 'bytes=3-9' })));

    // Assess
    expect(error.name).toBe('InvalidRange');
    expect(error.$metadata.httpStatusCode).toBe(416);
  });

  it('answers HeadObject with the headers of GET and no body', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'head-me', Body: 'twelve bytes', ContentType: 'text/plain', CacheControl: 'max-age=60' }));

    // Act
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'head-me' }));

    // Assess
    expect(head).toMatchObject({ ContentLength: 12, ContentType: 'text/plain', CacheControl: 'max-age=60', ETag: md5('twelve bytes') });
  });

  it('answers a missing key with NoSuchKey (404) on GET and a bare 404 (NotFound) on HEAD', async () => {
    // Act
    const get = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ghost' })));
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'ghost' })));

    // Assess
    expect(get).toBeInstanceOf(NoSuchKey);
    expect(get.$metadata.httpStatusCode).toBe(404);
    expect(head.name).toBe('NotFound');
  });

  it('answers an object in a missing bucket with NoSuchBucket', async () => {
    // Act
    const error = await failure(s3.send(new PutObjectCommand({ Bucket: 'missing-bucket', Key: 'k', Body: 'v' })));

    // Assess
    expect(error.name).toBe('NoSuchBucket');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('answers If-None-Match with 304 and If-Match with a mismatch with 412 PreconditionFailed', async () => {
    // Prepare
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'conditional', Body: 'v1' }));

    // Act
    const notModified = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'conditional', IfNoneMatch: ETag })));
    const failed = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'conditional', IfMatch: '"0000"' })));

    // Assess
    expect(notModified.$metadata.httpStatusCode).toBe(304);
    expect(failed.name).toBe('PreconditionFailed');
    expect(failed.$metadata.httpStatusCode).toBe(412);
  });

  it('deletes an object (204) and answers 204 again for a key that is gone', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doomed', Body: 'x' }));

    // Act
    const first = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }));
    const second = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }));
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doomed' })));

    // Assess
    expect([first.$metadata.httpStatusCode, second.$metadata.httpStatusCode]).toEqual([204, 204]);
    expect(error.name).toBe('NoSuchKey');
  });

  it('deletes several keys with DeleteObjects, listing each as Deleted (missing ones too)', async () => {
    // Prepare
    await Promise.all(['batch/1', 'batch/2'].map((Key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))));

    // Act
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'batch/1' }, { Key: 'batch/2' }, { Key: 'batch/never' }] } }));
    const error = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'batch/1' })));

    // Assess
    expect(result.Deleted?.map((deleted) => deleted.Key)).toEqual(['batch/1', 'batch/2', 'batch/never']);
    expect(result.Errors).toBeUndefined();
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('copies an object with its metadata, or replaces the metadata when told to', async () => {
    // Prepare
    const source = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source key+1', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));

    // Act
    const copied = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/${encodeURIComponent('source key+1')}` }));
    const replaced = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'replaced', CopySource: `${BUCKET}/source%20key%2B1`, MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'application/x-test' }));
    const copy = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'copy' }));
    const replacement = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'replaced' }));

    // Assess
    expect(copied.CopyObjectResult?.ETag).toBe(source.ETag);
    expect(replaced.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    expect(await copy.Body?.transformToString()).toBe('copy me');
    expect(copy).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' } });
    expect(replacement).toMatchObject({ ContentType: 'application/x-test', Metadata: { b: '2' } });
  });

  it.each([
    ['a missing source key', 'objects/nothing-here', 'NoSuchKey', 404],
    ['a missing source bucket', 'nobucket/k', 'NoSuchBucket', 404],
    ['the object onto itself, unchanged', 'objects/self', 'InvalidRequest', 400],
  ])('refuses to copy %s (source %s) with its error', async (_label, CopySource, code, status) => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'self', Body: 'me' }));

    // Act
    const error = await failure(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'self', CopySource })));

    // Assess
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(status);
  });

  it('answers GetObject of one part (partNumber) with NotImplemented rather than the whole object', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'parted', Body: 'whole' }));

    // Act
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'parted', PartNumber: 1 })));

    // Assess
    expect(error.name).toBe('NotImplemented');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('keeps keys that URL parsing would rewrite (dot segments, double slashes, unicode)', async () => {
    // Prepare
    const keys = ['a/../b', 'c//d', './e', 'ünï cødé/😀'];

    // Act
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))));
    const bodies = await Promise.all(keys.map(async (Key) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body?.transformToString()));

    // Assess
    expect(bodies).toEqual(keys);
  });
});
