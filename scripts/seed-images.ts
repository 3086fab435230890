/**
 * `npm run seed:images`: uploads 24 sample objects for the image pipeline, made by sharp on the spot: JPEG, PNG and
 * WebP in several sizes, one JPEG stored sideways with EXIF Orientation 6 (its thumbnails come out upright), and one
 * corrupt object (an UnsupportedImage failure, within the 5 % the pipeline tolerates). Then prints how to start the pipeline and where to look.
 *
 * Against `npm start`'s runtime (default): reads `.local/stack-outputs.json` (EdgeEndpoint, ImageBucketName,
 * ImageStateMachineArn, ImageResultsBucketName); `--outputs <file>` reads another one.
 * Against AWS: `npm run seed:images -- --bucket <ImageBucketName>`, with your usual credentials and region.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CONTENT_TYPE, corruptImage, sampleImage, type SampleImageOptions } from './sample-images';
import { optionValue, readStackOutputs } from './stack-outputs';

/** Under the prefix serverless.yml's custom.images.sourcePrefix allows on AWS. */
export const SAMPLE_PREFIX = 'uploads/samples/';

interface Sample {
  readonly key: string;
  readonly contentType: string;
  readonly body: () => Promise<Buffer>;
  readonly note: string;
}

const image = (name: string, options: SampleImageOptions, note: string): Sample => ({
  key: `${SAMPLE_PREFIX}${name}`,
  contentType: CONTENT_TYPE[options.format],
  body: () => sampleImage(options),
  note,
});

export const SAMPLES: readonly Sample[] = [
  image('landscape.jpg', { format: 'jpeg', width: 1600, height: 1200, seed: 1 }, 'JPEG 1600×1200'),
  image('small.jpg', { format: 'jpeg', width: 640, height: 480, seed: 2 }, 'JPEG 640×480 (its 1024 px thumbnail stays 640 px: never enlarged)'),
  image('diagram.png', { format: 'png', width: 1200, height: 800, seed: 3 }, 'PNG 1200×800'),
  image('icon.png', { format: 'png', width: 300, height: 200, seed: 4 }, 'PNG 300×200'),
  image('banner.webp', { format: 'webp', width: 2000, height: 1000, seed: 5 }, 'WebP 2000×1000'),
  image('square.webp', { format: 'webp', width: 800, height: 800, seed: 6 }, 'WebP 800×800'),
  image('portrait-exif-6.jpg', { format: 'jpeg', width: 1200, height: 800, seed: 7, orientation: 6 }, 'JPEG stored 1200×800 with EXIF Orientation 6: thumbnails are portrait (320×480)'),
  // Enough images that one corrupt object stays within the pipeline's 5 % tolerance (1 of 24 is 4.2 %).
  ...Array.from({ length: 16 }, (_, index) => {
    const format = (['jpeg', 'png', 'webp'] as const)[index % 3]!;
    const width = 480 + 120 * index;
    return image(`gallery/${String(index + 1).padStart(2, '0')}.${format === 'jpeg' ? 'jpg' : format}`, { format, width, height: Math.round(width * 0.75), seed: 10 + index }, `${format.toUpperCase()} ${width}×${Math.round(width * 0.75)}`);
  }),
  { key: `${SAMPLE_PREFIX}corrupt.jpg`, contentType: 'image/jpeg', body: async () => corruptImage(), note: 'not an image: fails with UnsupportedImage, a tolerated failure (1 of 24)' },
];

interface Target {
  readonly endpoint: string | undefined;
  readonly bucket: string;
  readonly stateMachineArn: string | undefined;
  readonly resultsBucket: string | undefined;
}

function target(argv: readonly string[]): Target {
  const bucket = optionValue(argv, '--bucket');
  if (bucket) return { endpoint: undefined, bucket, stateMachineArn: optionValue(argv, '--state-machine-arn'), resultsBucket: undefined };
  const outputs = readStackOutputs(argv, { required: ['EdgeEndpoint', 'ImageBucketName'], stack: 'the image pipeline', otherwise: 'pass --bucket <ImageBucketName> for AWS' });
  return { endpoint: outputs.EdgeEndpoint, bucket: outputs.ImageBucketName, stateMachineArn: outputs.ImageStateMachineArn, resultsBucket: outputs.ImageResultsBucketName };
}

/** Uploads every sample; returns the keys written. */
export async function seedImages(s3: S3Client, bucket: string, samples: readonly Sample[] = SAMPLES): Promise<string[]> {
  for (const sample of samples) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: sample.key, Body: await sample.body(), ContentType: sample.contentType }));
  }
  return samples.map((sample) => sample.key);
}

function instructions({ endpoint, bucket, stateMachineArn, resultsBucket }: Target): string {
  const env = endpoint ? `AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 ` : '';
  const input = JSON.stringify({ bucket, prefix: SAMPLE_PREFIX });
  return [
    'Start the pipeline:',
    `  ${env}aws stepfunctions start-execution --state-machine-arn ${stateMachineArn ?? '<ImageStateMachineArn>'} --input '${input}'`,
    'Then look at the thumbnails and the run\'s results:',
    `  ${env}aws s3 ls --recursive s3://${bucket}/thumbnails/`,
    `  ${env}aws stepfunctions describe-execution --execution-arn <executionArn from start-execution>   # output: manifest, Map Run, counts`,
    `  ${env}aws s3 ls --recursive s3://${resultsBucket ?? '<ImageResultsBucketName>'}/image-processing/`,
  ].join('\n');
}

async function main(): Promise<void> {
  const where = target(process.argv);
  const s3 = new S3Client(where.endpoint
    ? { endpoint: where.endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true }
    : {});
  try {
    await seedImages(s3, where.bucket);
    process.stdout.write(`Uploaded ${SAMPLES.length} objects to s3://${where.bucket}/${SAMPLE_PREFIX}${where.endpoint ? ` at ${where.endpoint}` : ''}:\n`);
    for (const sample of SAMPLES) process.stdout.write(`  ${sample.key.slice(SAMPLE_PREFIX.length).padEnd(20)} ${sample.note}\n`);
    process.stdout.write(`\n${instructions(where)}\n`);
  } finally {
    s3.destroy();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
