/**
 * How large an object and how large a bucket the runtime's in-memory S3 handles, measured through an unmodified SDK v3
 * client (default CRC32 checksums) against S3 alone on an edge in this process. README quotes the figures.
 *   npx tsx scripts/s3-limits.ts [--object-mib 100] [--keys 10000]
 * Prints, per step, the time taken and the process's resident memory afterwards.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { systemClock } from '../local/platform/clock';
import { startPlatform } from '../local/platform/compose';
import { createS3Module } from '../local/s3/module';
import { MAX_REQUEST_BODY_BYTES } from '../local/s3/request-body';

const MiB = 1024 * 1024;
const PART_BYTES = 8 * MiB;

const { values } = parseArgs({ options: { 'object-mib': { type: 'string', default: '100' }, keys: { type: 'string', default: '10000' } } });
const objectMib = Number(values['object-mib']);
const keyCount = Number(values.keys);

function report(step: string, started: number): void {
  const rss = process.memoryUsage().rss / MiB;
  console.log(`${step.padEnd(64)} ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s   rss ${rss.toFixed(0).padStart(5)} MiB`);
}

async function main(): Promise<void> {
  const platform = await startPlatform({ services: [createS3Module()], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined });
  const s3 = new S3Client({ endpoint: platform.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'limits' }));
    report('start', performance.now());

    // One object of objectMib MiB through multipart upload, 8 MiB parts (the CLI's default size), then read back.
    let started = performance.now();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'limits', Key: 'large.bin' }));
    const expected = createHash('md5');
    const parts = [];
    for (let offset = 0, number = 1; offset < objectMib * MiB; offset += PART_BYTES, number++) {
      const body = Buffer.alloc(Math.min(PART_BYTES, objectMib * MiB - offset), number % 251);
      expected.update(body);
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'limits', Key: 'large.bin', UploadId, PartNumber: number, Body: body }));
      parts.push({ PartNumber: number, ETag });
    }
    const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'limits', Key: 'large.bin', UploadId, MultipartUpload: { Parts: parts } }));
    report(`multipart upload of ${objectMib} MiB (${parts.length} parts, ETag ${completed.ETag})`, started);
    started = performance.now();
    const got = await s3.send(new GetObjectCommand({ Bucket: 'limits', Key: 'large.bin' }));
    const actual = createHash('md5');
    for await (const chunk of got.Body as AsyncIterable<Buffer>) actual.update(chunk);
    if (actual.digest('hex') !== expected.digest('hex')) throw new Error('The object read back differs from what was uploaded');
    report(`GetObject of ${objectMib} MiB, bytes verified`, started);

    // The largest single PutObject, and one byte more.
    started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: 'limits', Key: 'single.bin', Body: Buffer.alloc(MAX_REQUEST_BODY_BYTES - 64 * 1024, 1) }));
    report(`PutObject of ${(MAX_REQUEST_BODY_BYTES / MiB - 1 / 16).toFixed(2)} MiB (under the per-request cap)`, started);
    const refused = await s3.send(new PutObjectCommand({ Bucket: 'limits', Key: 'too-big.bin', Body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1) })).then(() => 'accepted', (error: Error) => error.name);
    console.log(`PutObject of ${MAX_REQUEST_BODY_BYTES / MiB} MiB + 1 byte: ${refused}`);

    // A bucket of keyCount keys, written 64 at a time, then listed 1,000 per page.
    started = performance.now();
    for (let first = 0; first < keyCount; first += 64) {
      const batch = Array.from({ length: Math.min(64, keyCount - first) }, (_, index) => `keys/${String(first + index).padStart(7, '0')}.json`);
      await Promise.all(batch.map((Key) => s3.send(new PutObjectCommand({ Bucket: 'limits', Key, Body: `{"key":"${Key}"}` }))));
    }
    report(`PutObject of ${keyCount} small keys`, started);
    started = performance.now();
    let listed = 0;
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1000 }, { Bucket: 'limits', Prefix: 'keys/' })) {
      listed += page.KeyCount ?? 0;
      pages++;
    }
    if (listed !== keyCount) throw new Error(`Listed ${listed} keys, expected ${keyCount}`);
    report(`ListObjectsV2 of ${keyCount} keys (${pages} pages of 1,000)`, started);
  } finally {
    s3.destroy();
    await platform.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
