/**
 * The image pipeline (statemachines/image-processing.asl.json) on the offline runtime, end to end: the real ASL, the
 * real resizeImage bundle with sharp, the runtime's S3 and Distributed Map. Generated images go up through the S3 API;
 * outcomes are read back from the thumbnails, the ResultWriter's files and the Map Run API.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import sharp from 'sharp';
import { DescribeMapRunCommand, ListMapRunsCommand, StartExecutionCommand, type DescribeMapRunCommandOutput, type HistoryEvent } from '@aws-sdk/client-sfn';
import { corruptImage, sampleImage } from '../../scripts/sample-images';
import { defined } from '../support/defined';
import { startImageStack, type ImageStack } from '../support/image-stack';
import type { OrderStack } from '../support/order-stack';

const run = promisify(execFile);
const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCli) console.log('image-pipeline.test.ts: the AWS CLI check is skipped, no `aws` on PATH (install the AWS CLI to run it)');

/** 200 children through real Lambda workers running sharp on a 2-core machine. */
const RUN_TIMEOUT_MS = 240_000;
const IMAGE_COUNT = 200;

interface ResultRecord {
  Input: string;
  Error?: string;
  Cause?: string;
  Status: string;
}

describe('image pipeline on the runtime', () => {
  let images: ImageStack;
  let stack: OrderStack;
  let s3: S3Client;
  let bucket: string;
  let resultsBucket: string;
  let machineArn: string;

  beforeAll(async () => {
    images = await startImageStack('images', RUN_TIMEOUT_MS);
    ({ stack, s3, bucket, resultsBucket, machineArn } = images);
  }, 180_000);

  afterAll(async () => {
    await images?.close();
  });

  /** Uploads `count` small JPEGs under `prefix`, every `corruptEvery`-th one corrupt; answers the corrupt keys. */
  async function uploadImages(prefix: string, count: number, corruptCount: number): Promise<{ keys: string[]; corrupt: string[] }> {
    const keys: string[] = [];
    const corrupt: string[] = [];
    // Spread the corrupt ones over the listing, so they are not all in the first or last children started.
    const corruptIndexes = new Set(Array.from({ length: corruptCount }, (_, index) => Math.floor(((index + 0.5) * count) / corruptCount)));
    for (let index = 0; index < count; index += 1) {
      const key = `${prefix}image-${String(index).padStart(4, '0')}.jpg`;
      const body = corruptIndexes.has(index) ? corruptImage(index) : await sampleImage({ format: 'jpeg', width: 400, height: 300, seed: index });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'image/jpeg' }));
      keys.push(key);
      if (corruptIndexes.has(index)) corrupt.push(key);
    }
    return { keys, corrupt };
  }

  const readJson = <T>(Bucket: string, Key: string): Promise<T> => images.readJson<T>(Bucket, Key);

  const listKeys = async (Prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((object) => defined(object.Key, 'a listed key')));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return keys;
  };

  async function runPipeline(input: unknown) {
    const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input) }));
    const arn = defined(executionArn, 'the execution ARN');
    return { executionArn: arn, execution: await stack.waitForEnd(arn) };
  }

  async function mapRunOf(executionArn: string): Promise<DescribeMapRunCommandOutput> {
    const { mapRuns = [] } = await stack.sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    return stack.sfn.send(new DescribeMapRunCommand({ mapRunArn: defined(mapRuns[0]?.mapRunArn, 'the Map Run ARN') }));
  }

  it('runs the deployed resizeImage (stage local: sharp for this machine) on an EXIF-rotated JPEG', async () => {
    // Prepare
    const key = 'uploads/direct/portrait.jpg';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await sampleImage({ format: 'jpeg', width: 1200, height: 800, orientation: 6 }), ContentType: 'image/jpeg' }));
    const lambda = new LambdaClient({ endpoint: stack.runtime.url, region: stack.runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

    // Act
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'sfn-reference-local-resizeImage', Payload: JSON.stringify({ bucket, object: { Key: key, Size: 1 } }) }));
    lambda.destroy();
    const outcome = JSON.parse(Buffer.from(answer.Payload ?? []).toString()) as Record<string, unknown>;
    const thumbnail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `thumbnails/320/${key}` }));
    const { width, height, orientation } = await sharp(Buffer.from(await defined(thumbnail.Body, 'the thumbnail').transformToByteArray())).metadata();

    // Assess
    expect(answer.FunctionError).toBeUndefined();
    expect(outcome).toMatchObject({ key, status: 'RESIZED', format: 'jpeg', contentType: 'image/jpeg' });
    expect([thumbnail.ContentType, width, height, orientation]).toEqual(['image/jpeg', 320, 480, undefined]);
  });

  it('makes the thumbnails of 200 images, 3 % of them corrupt, and succeeds, the corrupt ones listed in the FAILED results', async () => {
    // Prepare
    const prefix = 'uploads/tolerated/';
    const { keys, corrupt } = await uploadImages(prefix, IMAGE_COUNT, 6);

    // Act
    const { executionArn, execution } = await runPipeline({ bucket, prefix });
    const output = JSON.parse(execution.output ?? '{}') as { manifest: string; mapRunArn: string; thumbnails: string; source: string; items: Record<string, number> };
    const manifestKey = output.manifest.replace(`s3://${resultsBucket}/`, '');
    const manifest = await readJson<{ ResultFiles: Record<string, { Key: string }[]> }>(resultsBucket, manifestKey);
    const failedRecords = (await Promise.all((manifest.ResultFiles.FAILED ?? []).map((file) => readJson<ResultRecord[]>(resultsBucket, file.Key)))).flat();
    const failedKeys = failedRecords.map((record) => (JSON.parse(record.Input) as { object: { Key: string } }).object.Key).sort();
    const thumbnails = await listKeys('thumbnails/320/uploads/tolerated/');
    const mapRun = await mapRunOf(executionArn);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ source: `s3://${bucket}/${prefix}`, thumbnails: `s3://${bucket}/thumbnails/`, mapRunArn: mapRun.mapRunArn });
    expect(output.manifest).toMatch(new RegExp(`^s3://${resultsBucket}/image-processing/.+/manifest\\.json$`));
    expect(failedKeys).toEqual(corrupt);
    expect(failedRecords.map((record) => record.Error)).toEqual(corrupt.map(() => 'UnsupportedImage'));
    expect(thumbnails).toEqual(keys.filter((key) => !corrupt.includes(key)).map((key) => `thumbnails/320/${key}`));
    expect(mapRun).toMatchObject({ status: 'SUCCEEDED', toleratedFailurePercentage: 5, itemCounts: { total: IMAGE_COUNT, succeeded: IMAGE_COUNT - 6, failed: 6 } });
    expect(output.items).toMatchObject({ Total: IMAGE_COUNT, Succeeded: IMAGE_COUNT - 6, Failed: 6 });
    // No state carried an image: the largest payload in the parent's history is a few pointers and counts.
    const events = await stack.historyOf(executionArn);
    const payloadSizes = events.map((event: HistoryEvent) => JSON.stringify(event).length);
    expect(Math.max(...payloadSizes)).toBeLessThan(4096);
  }, RUN_TIMEOUT_MS + 60_000);

  it('fails with States.ExceedToleratedFailureThreshold when 10 % are corrupt, with Map Run counts that agree', async () => {
    // Prepare
    const prefix = 'uploads/intolerable/';
    await uploadImages(prefix, IMAGE_COUNT, 20);

    // Act
    const { executionArn, execution } = await runPipeline({ bucket, prefix });
    const mapRun = await mapRunOf(executionArn);
    const { total = 0, succeeded = 0, failed = 0, aborted = 0, pending = 0, running = 0, timedOut = 0 } = defined(mapRun.itemCounts, 'the item counts');
    const children = defined(mapRun.executionCounts, 'the execution counts');

    // Assess
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(mapRun.status).toBe('FAILED');
    expect(mapRun.toleratedFailurePercentage).toBe(5);
    // More than 5 % failed (that is what ended the run); no more than the 20 corrupt ones can have.
    expect(failed).toBeGreaterThan(IMAGE_COUNT * 0.05);
    expect(failed).toBeLessThanOrEqual(20);
    expect(total).toBe(IMAGE_COUNT);
    expect(succeeded + failed + aborted + pending + running + timedOut).toBe(total);
    // One image per child: the executions say the same as the items.
    expect([children.failed, children.succeeded]).toEqual([failed, succeeded]);
  }, RUN_TIMEOUT_MS + 60_000);

  it.each([
    ['an empty object', {}, 'bucket, prefix'],
    ['no prefix', { bucket: 'some-bucket' }, 'prefix'],
    ['no bucket', { prefix: 'uploads/' }, 'bucket'],
    ['an empty bucket name', { bucket: '', prefix: 'uploads/' }, 'bucket'],
    ['a number for the prefix', { bucket: 'some-bucket', prefix: 7 }, 'prefix'],
  ])('fails at once with InvalidInput for an input with %s', async (_label, input, missing) => {
    // Act
    const { executionArn, execution } = await runPipeline(input);
    const types = (await stack.historyOf(executionArn)).map((event) => event.type);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InvalidInput');
    expect(execution.cause).toMatch(/^The input must be \{"bucket": "<bucket name>", "prefix": "<key prefix such as uploads\/, or an empty string for the whole bucket>"\}; missing or not a non-empty string: /);
    expect(execution.cause?.endsWith(`: ${missing}`)).toBe(true);
    expect(types).not.toContain('MapStateEntered');
    expect(types).not.toContain('MapRunStarted');
  });

  (hasCli ? it : it.skip)('lists the thumbnails with the AWS CLI (`aws s3 ls`)', async () => {
    // Prepare: the first test's run made them.
    const env = { ...process.env, AWS_ENDPOINT_URL: stack.runtime.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

    // Act
    const { stdout } = await run('aws', ['s3', 'ls', '--recursive', `s3://${bucket}/thumbnails/1024/uploads/tolerated/`], { env });
    const listed = stdout.trim().split('\n').map((line) => line.split(/\s+/).pop());

    // Assess
    expect(listed).toHaveLength(IMAGE_COUNT - 6);
    expect(listed[0]).toBe('thumbnails/1024/uploads/tolerated/image-0000.jpg');
  });
});
