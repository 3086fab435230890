import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startS3Edge, failure, type S3Edge } from '../s3/s3-edge';

const BUCKET = 'photos';

describe('S3 in durable mode (objects as files under <state dir>/s3)', () => {
  let dir: string;
  const edges: S3Edge[] = [];
  const log: string[] = [];
  const start = async () => {
    const edge = await startS3Edge({ stateDir: dir, log: (line) => log.push(line) });
    edges.push(edge);
    return { edge, s3: edge.client() };
  };
  const objectsDir = () => path.join(dir, 's3', 'buckets', BUCKET, 'objects');
  const fileOf = (key: string) => path.join(objectsDir(), createHash('sha256').update(key).digest('hex'));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-s3-'));
    log.length = 0;
  });
  afterEach(async () => {
    for (const edge of edges.splice(0)) await edge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps buckets and objects (bytes, ETag, metadata, listing order) across a restart', async () => {
    // Prepare
    const first = await start();
    await first.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const keys = ['b/2.jpg', 'a.jpg', 'b/10.jpg', 'z'];
    const puts = [];
    for (const key of keys) puts.push(await first.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `bytes of ${key}`, ContentType: 'image/jpeg', Metadata: { camera: key } })));
    const listedBefore = await first.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    await first.edge.close();
    edges.length = 0;

    // Act
    const second = await start();
    const listedAfter = await second.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const object = await second.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'b/10.jpg' }));

    // Assess
    expect(listedAfter.Contents?.map(({ Key, ETag, Size }) => [Key, ETag, Size])).toEqual(listedBefore.Contents?.map(({ Key, ETag, Size }) => [Key, ETag, Size]));
    expect(listedAfter.Contents?.map(({ Key }) => Key)).toEqual(['a.jpg', 'b/10.jpg', 'b/2.jpg', 'z']);
    expect(await object.Body?.transformToString()).toBe('bytes of b/10.jpg');
    expect([object.ETag, object.ContentType, object.Metadata]).toEqual([puts[2]?.ETag, 'image/jpeg', { camera: 'b/10.jpg' }]);
  });

  it('keeps a multipart object with its multipart ETag', async () => {
    // Prepare
    const first = await start();
    await first.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const { UploadId } = await first.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big' }));
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const { ETag: etag1 } = await first.s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'big', UploadId, PartNumber: 1, Body: part1 }));
    const { ETag: etag2 } = await first.s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'big', UploadId, PartNumber: 2, Body: 'tail' }));
    const completed = await first.s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etag1 }, { PartNumber: 2, ETag: etag2 }] } }));
    await first.edge.close();
    edges.length = 0;

    // Act
    const second = await start();
    const object = await second.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big' }));

    // Assess
    expect(object.ETag).toBe(completed.ETag);
    expect(object.ETag).toMatch(/-2"$/);
    // equals(), not toEqual: Jest compares a Buffer byte by byte in JavaScript.
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(Buffer.concat([part1, Buffer.from('tail')]))).toBe(true);
  });

  it('removes a write a crash cut short and reports a cut object file without loading it', async () => {
    // Prepare: two objects; then what a kill leaves: a temporary file mid-write, and (damage) a cut object file.
    const first = await start();
    await first.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await first.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'whole', Body: 'whole object' }));
    await first.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cut', Body: 'this object will be cut short' }));
    await first.edge.close();
    edges.length = 0;
    writeFileSync(path.join(objectsDir(), '.tmp-interrupted'), '{"key":"half","size":100');
    truncateSync(fileOf('cut'), readFileSync(fileOf('cut')).length - 5);

    // Act
    const second = await start();
    const listed = await second.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const cut = await failure(second.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cut' })));

    // Assess
    expect(listed.Contents?.map(({ Key }) => Key)).toEqual(['whole']);
    expect(cut.name).toBe('NoSuchKey');
    expect(log.join('\n')).toContain(`${fileOf('cut')} is not a whole object (its length disagrees with its description); it is not loaded`);
    expect(readdirSync(objectsDir()).some((name) => name.startsWith('.tmp-'))).toBe(false);
  });
});
