import { createHash } from 'node:crypto';
import { ListObjectsCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { startS3EdgeWithBuckets, type S3Edge } from './s3-edge';

const BUCKET = 'listing';
/** Photos in two albums, loose files and a key that sorts among them in UTF-8 order only. */
const KEYS = [
  ...Array.from({ length: 12 }, (_, index) => `photos/2024/img-${String(index).padStart(2, '0')}.jpg`),
  ...Array.from({ length: 3 }, (_, index) => `photos/2025/img-${index}.jpg`),
  'photos/cover.jpg',
  'readme.txt',
  'a.txt',
  'z\u{1F600}.txt',
  'z\uFF21.txt',
];

describe('S3 ListObjectsV2 and ListObjects (through @aws-sdk/client-s3)', () => {
  let edge: S3Edge;
  let s3: S3Client;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
    await Promise.all(KEYS.map((Key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))));
  });

  afterAll(() => edge.close());

  it('lists every key in UTF-8 binary order with size, ETag and storage class', async () => {
    // Act
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    // Assess: U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (F0 9F 98 80), though not in UTF-16.
    expect(page.Contents?.map((object) => object.Key)).toEqual([...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(page.Contents?.slice(-2).map((object) => object.Key)).toEqual(['z\uFF21.txt', 'z\u{1F600}.txt']);
    expect(page).toMatchObject({ KeyCount: KEYS.length, MaxKeys: 1000, IsTruncated: false, Name: BUCKET });
    expect(page.Contents?.[0]).toMatchObject({ Key: 'a.txt', Size: 5, StorageClass: 'STANDARD', ETag: `"${createHash('md5').update('a.txt').digest('hex')}"` });
  });

  it('pages with MaxKeys and ContinuationToken without losing or repeating a key', async () => {
    // Act
    const pages = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 4 }, { Bucket: BUCKET, Prefix: 'photos/' })) pages.push(page);

    // Assess
    expect(pages.map((page) => page.KeyCount)).toEqual([4, 4, 4, 4]);
    expect(pages.map((page) => page.IsTruncated)).toEqual([true, true, true, false]);
    expect(pages.flatMap((page) => page.Contents ?? []).map((object) => object.Key)).toEqual(KEYS.filter((key) => key.startsWith('photos/')).sort());
    expect(pages[3]?.NextContinuationToken).toBeUndefined();
  });

  it('rolls keys up to the next Delimiter into CommonPrefixes, paging across them', async () => {
    // Act
    const first = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'photos/', Delimiter: '/', MaxKeys: 2 }));
    const second = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'photos/', Delimiter: '/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));

    // Assess
    expect(first.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
    expect(first.Contents).toBeUndefined();
    expect(first).toMatchObject({ KeyCount: 2, IsTruncated: true, Delimiter: '/', Prefix: 'photos/' });
    expect(second.Contents?.map((object) => object.Key)).toEqual(['photos/cover.jpg']);
    expect(second.CommonPrefixes).toBeUndefined();
    expect(second.IsTruncated).toBe(false);
  });

  it('starts after StartAfter', async () => {
    // Act
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'photos/2025/img-1.jpg', Prefix: 'photos/' }));

    // Assess
    expect(page.Contents?.map((object) => object.Key)).toEqual(['photos/2025/img-2.jpg', 'photos/cover.jpg']);
    expect(page.StartAfter).toBe('photos/2025/img-1.jpg');
  });

  it('answers MaxKeys 0 with an empty page and a broken token with InvalidArgument', async () => {
    // Act
    const empty = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 0 }));
    const error = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'not-a-token' })).catch((caught: S3ServiceException) => caught);

    // Assess
    expect(empty).toMatchObject({ KeyCount: 0, MaxKeys: 0, IsTruncated: false });
    expect(empty.Contents).toBeUndefined();
    expect((error as S3ServiceException).name).toBe('InvalidArgument');
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('answers a missing bucket with NoSuchBucket', async () => {
    // Act
    const error = await s3.send(new ListObjectsV2Command({ Bucket: 'no-listing-here' })).catch((caught: S3ServiceException) => caught);

    // Assess
    expect((error as S3ServiceException).name).toBe('NoSuchBucket');
  });

  it('pages version 1 listings with Marker and NextMarker', async () => {
    // Act
    const first = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'photos/', Delimiter: '/', MaxKeys: 1 }));
    const rest = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'photos/', Delimiter: '/', Marker: first.NextMarker }));

    // Assess
    expect(first.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['photos/2024/']);
    expect(first.NextMarker).toBe('photos/2024/');
    expect(rest.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['photos/2025/']);
    expect(rest.Contents?.map((object) => object.Key)).toEqual(['photos/cover.jpg']);
  });

  it('URL-encodes keys and prefixes when asked with encoding-type=url (as the AWS CLI always asks)', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'odd/a b&c<d>.txt', Body: 'x' }));

    // Act
    const response = await fetch(`${edge.url}/${BUCKET}?list-type=2&prefix=odd%2F&encoding-type=url`, {
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
    });
    const xml = await response.text();

    // Assess
    expect(xml).toContain('<Key>odd/a%20b%26c%3Cd%3E.txt</Key>');
    expect(xml).toContain('<Prefix>odd/</Prefix>');
    expect(xml).toContain('<EncodingType>url</EncodingType>');
  });
});
