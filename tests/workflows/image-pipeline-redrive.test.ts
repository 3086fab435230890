/**
 * Redriving the image pipeline (statemachines/image-processing.asl.json) on the offline runtime, with the real ASL and
 * the real resizeImage bundle: a run fails its 5 % tolerance on corrupt uploads; the corrupt objects are replaced with
 * good images under the same keys; RedriveExecution of the parent redrives the Map Run. Only the children that had not
 * succeeded run again, as resizeImage's own log lines count them (one "Image processed" per successful invocation), and
 * the thumbnails of the images that had succeeded are not rewritten (their `x-amz-meta-resized-by` and Last-Modified
 * are unchanged).
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeMapRunCommand, ListMapRunsCommand, RedriveExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { corruptImage, sampleImage } from '../../scripts/sample-images';
import { defined } from '../support/defined';
import { startImageStack, type ImageStack } from '../support/image-stack';
import type { OrderStack } from '../support/order-stack';

const RUN_TIMEOUT_MS = 180_000;
/**
 * 3 of 30 is 10 %, past the pipeline's 5 %. The corrupt ones are listed last: with MaxConcurrency 20 (serverless.yml)
 * they start only once at least seven good images have ended, so the first run has children that succeeded.
 */
const IMAGE_COUNT = 30;
const CORRUPT = new Set([27, 28, 29]);
const WIDTHS = [320, 1024];

interface ResultRecord { Input: string; Status: string }
interface Manifest { ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', Array<{ Key: string }>> }

describe('image pipeline redrive on the runtime', () => {
  let images: ImageStack;
  let stack: OrderStack;
  let s3: S3Client;
  let bucket: string;
  let resultsBucket: string;
  let machineArn: string;

  beforeAll(async () => {
    images = await startImageStack('images-redrive', RUN_TIMEOUT_MS);
    ({ stack, s3, bucket, resultsBucket, machineArn } = images);
  }, 180_000);

  afterAll(async () => {
    await images?.close();
  });

  const put = async (Key: string, Body: Buffer) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ContentType: 'image/jpeg' }));
  const goodImage = (index: number) => sampleImage({ format: 'jpeg', width: 400, height: 300, seed: index });

  const readJson = <T>(Bucket: string, Key: string): Promise<T> => images.readJson<T>(Bucket, Key);

  /** The source keys in a ResultWriter file. */
  const keysIn = async (Key: string): Promise<string[]> =>
    (await readJson<ResultRecord[]>(resultsBucket, Key)).map((record) => (JSON.parse(record.Input) as { object: { Key: string } }).object.Key).sort();

  /** Who wrote each thumbnail of `key`, and when. */
  async function thumbnailsOf(key: string): Promise<Array<{ resizedBy?: string; lastModified?: number }>> {
    return Promise.all(WIDTHS.map(async (width) => {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `thumbnails/${width}/${key}` }));
      return { resizedBy: head.Metadata?.['resized-by'], lastModified: head.LastModified?.getTime() };
    }));
  }

  /** resizeImage's "Image processed" lines (one per successful invocation) for keys under `prefix`, from log line `from` on. */
  function processedKeys(prefix: string, from: number): Array<{ key: string; status: string }> {
    return stack.logs.slice(from)
      .filter((line) => line.includes('resizeImage') && line.includes('"Image processed"'))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { key: string; status: string })
      .filter((entry) => entry.key.startsWith(prefix));
  }

  it('after a failed run, re-runs only the children that had not succeeded and leaves the good thumbnails alone', async () => {
    // Prepare: 30 uploads, 3 corrupt; the run fails its tolerance.
    const prefix = 'uploads/redrive/';
    const keys = Array.from({ length: IMAGE_COUNT }, (_, index) => `${prefix}image-${String(index).padStart(4, '0')}.jpg`);
    for (const [index, key] of keys.entries()) await put(key, CORRUPT.has(index) ? corruptImage(index) : await goodImage(index));
    const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ bucket, prefix }) }));
    const arn = defined(executionArn, 'the execution ARN');
    expect(await stack.waitForEnd(arn)).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const { mapRuns = [] } = await stack.sfn.send(new ListMapRunsCommand({ executionArn: arn }));
    const mapRunArn = defined(mapRuns[0]?.mapRunArn, 'the Map Run ARN');
    const firstManifestKey = `image-processing/${mapRunArn.split(':').pop()}/manifest.json`;
    const firstManifest = await readJson<Manifest>(resultsBucket, firstManifestKey);
    const succeededFirst = (await Promise.all(firstManifest.ResultFiles.SUCCEEDED.map((file) => keysIn(file.Key)))).flat().sort();
    const notSucceeded = keys.filter((key) => !succeededFirst.includes(key));
    expect(succeededFirst.length).toBeGreaterThanOrEqual(7);
    // Every corrupt image is among them (children that were running when the threshold passed were aborted, too).
    expect(notSucceeded).toEqual(expect.arrayContaining([...CORRUPT].map((index) => keys[index])));
    const thumbnailsBefore = new Map(await Promise.all(succeededFirst.map(async (key) => [key, await thumbnailsOf(key)] as const)));
    const logMark = stack.logs.length;

    // Act: the corrupt objects are replaced with good images under the same keys, then the parent is redriven.
    for (const index of CORRUPT) await put(keys[index]!, await goodImage(index));
    await stack.sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    const redriven = await stack.waitForEnd(arn);

    // Assess: the run succeeded; the same Map Run, redriven once, every image succeeded.
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(await stack.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: 'SUCCEEDED', redriveCount: 1, itemCounts: { total: IMAGE_COUNT, succeeded: IMAGE_COUNT, failed: 0, aborted: 0, pending: 0, pendingRedrive: 0 },
    });
    // resizeImage ran once for each image that had not succeeded, and never for the others.
    const processed = processedKeys(prefix, logMark);
    expect(processed.map((entry) => entry.key).sort()).toEqual(notSucceeded);
    expect(processed.every((entry) => entry.status === 'RESIZED')).toBe(true);
    // The thumbnails of the images that had succeeded were not rewritten; every image now has its thumbnails.
    for (const [key, before] of thumbnailsBefore) expect(await thumbnailsOf(key)).toEqual(before);
    for (const key of notSucceeded) expect((await thumbnailsOf(key)).every((thumbnail) => thumbnail.resizedBy !== undefined)).toBe(true);
    // The manifest: the SUCCEEDED files of both attempts, the second listing exactly the children the redrive ran.
    const manifest = await readJson<Manifest>(resultsBucket, firstManifestKey);
    expect(manifest.ResultFiles.FAILED).toEqual([]);
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    const [firstFile, ...redriveFiles] = manifest.ResultFiles.SUCCEEDED.map((file) => file.Key);
    expect(firstFile).toBe(firstManifest.ResultFiles.SUCCEEDED[0]?.Key);
    expect((await Promise.all(redriveFiles.map(keysIn))).flat().sort()).toEqual(notSucceeded);
  }, RUN_TIMEOUT_MS * 2 + 60_000);
});
