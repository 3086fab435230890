/**
 * The image figure of `npm run bench` (`--only images`):
 * - sharp against jimp on the same generated JPEGs and widths, in the same process, alternating rounds so that drift
 *   on a shared machine hits both alike; each library's figure is the median of its rounds, in images per second;
 * - images per second through the whole pipeline on the offline runtime (Distributed Map, EXPRESS children, the
 *   resizeImage bundle with sharp), when the runtime's engine runs Distributed Maps over S3;
 * - what 10,000 images cost on AWS, priced from bench/pricing.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startRuntime } from '../../local/runtime';
import { sampleImage } from '../../scripts/sample-images';
import { median } from '../stats';
import { imagePipelineCost, type ImageCost } from './cost';
import { RESIZERS, type ResizerName } from './resizers';

export interface ImagesLoad {
  /** Distinct JPEGs each resizer round works through. */
  readonly resizerImages: number;
  readonly resizerRounds: number;
  /** Images through the pipeline (0 skips that part). */
  readonly pipelineImages: number;
}

export const IMAGES_FULL: ImagesLoad = { resizerImages: 12, resizerRounds: 5, pipelineImages: 500 };
export const IMAGES_QUICK: ImagesLoad = { resizerImages: 6, resizerRounds: 3, pipelineImages: 100 };

const WIDTHS = [320, 1024] as const;
const SOURCE = { width: 1600, height: 1200 } as const;
/** resizeImage's settings in serverless.yml, for the cost. */
const LAMBDA_MEMORY_MB = 1024;

export interface ImagesResult {
  readonly source: string;
  readonly imagesPerSecond: Readonly<Record<ResizerName, number>>;
  /** sharp's images/s over jimp's: how many times faster. */
  readonly sharpOverJimp: number;
  readonly pipeline?: { readonly images: number; readonly seconds: number; readonly imagesPerSecond: number; readonly status: string };
  readonly pipelineNote?: string;
  readonly costPer10000: ImageCost;
}

async function measureResizers(load: ImagesLoad, progress: (line: string) => void): Promise<Record<ResizerName, number>> {
  const images = await Promise.all(Array.from({ length: load.resizerImages }, (_, seed) => sampleImage({ format: 'jpeg', ...SOURCE, seed })));
  const samples: Record<ResizerName, number[]> = { sharp: [], jimp: [] };
  // One untimed pass each: module loading and JIT warm-up are not resizing.
  for (const name of ['sharp', 'jimp'] as const) await RESIZERS[name](defined(images[0]), WIDTHS);
  for (let round = 0; round < load.resizerRounds; round += 1) {
    for (const name of ['sharp', 'jimp'] as const) {
      const started = performance.now();
      for (const image of images) await RESIZERS[name](image, WIDTHS);
      const perSecond = images.length / ((performance.now() - started) / 1000);
      samples[name].push(perSecond);
      progress(`(images) ${name} #${round + 1}: ${perSecond.toFixed(2)} images/s`);
    }
  }
  return { sharp: median(samples.sharp), jimp: median(samples.jimp) };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('no sample image');
  return value;
}

/** Starts the runtime, uploads the images, runs one execution over them; throws if the pipeline does not run there. */
async function measurePipeline(images: number, progress: (line: string) => void): Promise<NonNullable<ImagesResult['pipeline']>> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-images-'));
  const runtime = await startRuntime({ port: 0, outputsFile: path.join(workDir, 'stack-outputs.json'), log: () => undefined });
  const config = { endpoint: runtime.url, region: runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sfn = new SFNClient(config);
  try {
    const bucket = String(runtime.outputs.ImageBucketName);
    const prefix = `uploads/bench-${Date.now()}/`;
    for (let index = 0; index < images; index += 1) {
      const body = await sampleImage({ format: 'jpeg', width: 800, height: 600, seed: index });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${String(index).padStart(5, '0')}.jpg`, Body: body, ContentType: 'image/jpeg' }));
    }
    progress(`(images) uploaded ${images} JPEGs (800×600) to s3://${bucket}/${prefix}`);
    const started = performance.now();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: String(runtime.outputs.ImageStateMachineArn), input: JSON.stringify({ bucket, prefix }) }));
    let status = 'RUNNING';
    while (status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? 'UNKNOWN';
    }
    const seconds = (performance.now() - started) / 1000;
    if (status !== 'SUCCEEDED') throw new Error(`the pipeline execution ended ${status}`);
    return { images, seconds, imagesPerSecond: images / seconds, status };
  } finally {
    s3.destroy();
    sfn.destroy();
    await runtime.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export async function measureImages(load: ImagesLoad, progress: (line: string) => void): Promise<ImagesResult> {
  const imagesPerSecond = await measureResizers(load, progress);
  let pipeline: ImagesResult['pipeline'];
  let pipelineNote: string | undefined;
  if (load.pipelineImages > 0) {
    try {
      pipeline = await measurePipeline(load.pipelineImages, progress);
    } catch (error) {
      pipelineNote = `not measured: ${(error as Error).message}`;
    }
  }
  // The Lambda's duration is estimated by sharp's time per image here; Lambda at 1,024 MB has less CPU than this machine.
  const costPer10000 = imagePipelineCost({ images: 10_000, lambdaMillis: 1000 / imagesPerSecond.sharp, lambdaMemoryMb: LAMBDA_MEMORY_MB, architecture: 'arm64', widths: WIDTHS.length, parentTransitions: 4 });
  return {
    source: `${load.resizerImages} generated JPEGs of ${SOURCE.width}×${SOURCE.height}, thumbnails at ${WIDTHS.join(' and ')} px`,
    imagesPerSecond,
    sharpOverJimp: imagesPerSecond.sharp / imagesPerSecond.jimp,
    ...(pipeline ? { pipeline } : {}),
    ...(pipelineNote ? { pipelineNote } : {}),
    costPer10000,
  };
}
