/**
 * The AWS CLI against the S3 service: `aws s3 mb/cp/ls/rm` and `aws s3api list-objects-v2`, with the CLI's own
 * defaults (CRC32 checksums, `encoding-type=url` listings, multipart above 8 MiB). Skipped, with a message, where no
 * `aws` is on PATH.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startS3Edge, type S3Edge } from './s3-edge';

const run = promisify(execFile);
const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCli) console.log('aws-cli.test.ts: skipped, no `aws` on PATH (install the AWS CLI to run it)');
const describeWithCli = hasCli ? describe : describe.skip;

describeWithCli('the AWS CLI against S3 on the edge', () => {
  let edge: S3Edge;
  let dir: string;

  // The CLI must run asynchronously: the edge answers from this process's event loop.
  const aws = async (...args: string[]) =>
    (await run('aws', args, {
      env: { ...process.env, AWS_ENDPOINT_URL: edge.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    })).stdout;

  beforeAll(async () => {
    edge = await startS3Edge();
    dir = mkdtempSync(path.join(tmpdir(), 's3-cli-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await edge.close();
  });

  it('makes a bucket, copies files up (one of them multipart) and back, and lists them', async () => {
    // Prepare
    const small = path.join(dir, 'note.txt');
    const large = path.join(dir, 'large.bin');
    writeFileSync(small, 'hello from the CLI');
    writeFileSync(large, Buffer.alloc(20 * 1024 * 1024, 7));

    // Act
    await aws('s3', 'mb', 's3://cli-bucket');
    await aws('s3', 'cp', small, 's3://cli-bucket/notes/a note.txt');
    await aws('s3', 'cp', large, 's3://cli-bucket/large.bin');
    const top = await aws('s3', 'ls', 's3://cli-bucket/');
    const buckets = await aws('s3', 'ls');
    const listed = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'cli-bucket')) as { Contents: { Key: string; Size: number; ETag: string }[] };
    await aws('s3', 'cp', 's3://cli-bucket/notes/a note.txt', path.join(dir, 'note-back.txt'));
    await aws('s3', 'cp', 's3://cli-bucket/large.bin', path.join(dir, 'large-back.bin'));

    // Assess
    expect(top).toMatch(/PRE notes\/\n.* 20971520 large\.bin\n$/);
    expect(buckets).toMatch(/ cli-bucket\n$/);
    expect(listed.Contents.map(({ Key, Size }) => [Key, Size])).toEqual([['large.bin', 20971520], ['notes/a note.txt', 18]]);
    expect(listed.Contents[1]?.ETag).toBe(`"${createHash('md5').update('hello from the CLI').digest('hex')}"`);
    expect(listed.Contents[0]?.ETag).toMatch(/^"[0-9a-f]{32}-\d+"$/);
    expect(readFileSync(path.join(dir, 'note-back.txt'), 'utf8')).toBe('hello from the CLI');
    expect(readFileSync(path.join(dir, 'large-back.bin')).equals(readFileSync(large))).toBe(true);
  }, 60_000);

  it('removes every object recursively, after which the bucket can go', async () => {
    // Act
    await aws('s3', 'rm', '--recursive', 's3://cli-bucket');
    const listed = await aws('s3api', 'list-objects-v2', '--bucket', 'cli-bucket');
    await aws('s3', 'rb', 's3://cli-bucket');
    const buckets = await aws('s3', 'ls');

    // Assess
    expect(JSON.parse(listed || '{}').Contents).toBeUndefined();
    expect(buckets).toBe('');
  }, 60_000);
});
