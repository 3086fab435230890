/**
 * The resizeImage handler, bundled as deployed (middy + Powertools chain included), against the runtime's S3 service on an
 * edge, with real sharp: formats and widths, EXIF rotation, stripped metadata, typed errors and the idempotent skip.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import sharp from 'sharp';
import { corruptImage, CONTENT_TYPE, sampleImage, type SampleFormat } from '../../../scripts/sample-images';
import { bundleHandler, type BundledHandler } from '../../support/bundle-handler';
import { startS3EdgeWithBuckets, CREDENTIALS, type S3Edge } from '../s3/s3-edge';

const BUCKET = 'images';
type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

let edge: S3Edge;
let s3: S3Client;
let handler: Handler;
let bundle: BundledHandler<Handler>;
let invocations = 0;

/** A Lambda context as the runtime passes it; each invocation gets its own request id. */
function lambdaContext(): Context {
  invocations += 1;
  return {
    awsRequestId: `request-${invocations}`, functionName: 'resizeImage', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:resizeImage',
    memoryLimitInMB: '1024', logGroupName: '/aws/lambda/resizeImage', logStreamName: 'test', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

const put = (Key: string, Body: Buffer, ContentType = 'application/octet-stream') => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentType }));
const read = async (Key: string) => {
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return { contentType: answer.ContentType, metadata: answer.Metadata ?? {}, body: Buffer.from(await answer.Body!.transformToByteArray()) };
};
const invoke = (Key: string, Size?: number) => handler({ bucket: BUCKET, object: { Key, Etag: '"listed"', Size, LastModified: 1_700_000_000, StorageClass: 'STANDARD' } }, lambdaContext());
const rejection = (promise: Promise<unknown>) => promise.then(() => ({ name: 'none', message: 'resolved' }), (error: Error) => ({ name: error.name, message: error.message }));

beforeAll(async () => {
  ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
  // The function's environment, as the runtime sets it; the handler module reads it when it loads.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: edge.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true',
    THUMBNAIL_WIDTHS: '320,1024', THUMBNAIL_PREFIX: 'thumbnails/', MAX_INPUT_BYTES: String(16 * 1024 * 1024), MAX_INPUT_PIXELS: String(4_000_000),
  });
  bundle = await bundleHandler<Handler>('functions/images/resize-image.ts', ['sharp']);
  handler = bundle.handler;
});

afterAll(async () => {
  bundle?.remove();
  await edge.close();
});

describe('resizeImage', () => {
  it.each<[SampleFormat, number, number]>([
    ['jpeg', 1600, 1200],
    ['png', 1200, 800],
    ['webp', 2000, 500],
  ])('writes %s thumbnails at 320 and 1024 px wide, in the source format and content type', async (format, width, height) => {
    // Prepare
    const key = `uploads/sample-${width}.${format}`;
    await put(key, await sampleImage({ format, width, height }), CONTENT_TYPE[format]);

    // Act
    const outcome = await invoke(key);
    const thumbnails = await Promise.all([320, 1024].map(async (size) => {
      const stored = await read(`thumbnails/${size}/${key}`);
      const { format: written, width: w, height: h } = await sharp(stored.body).metadata();
      return { contentType: stored.contentType, format: written, width: w, height: h };
    }));

    // Assess
    expect(outcome).toMatchObject({ key, status: 'RESIZED', format, contentType: CONTENT_TYPE[format] });
    expect(thumbnails).toEqual([320, 1024].map((size) => ({ contentType: CONTENT_TYPE[format], format, width: size, height: Math.round((height * size) / width) })));
  });

  it('never enlarges an image narrower than a width', async () => {
    // Prepare
    await put('uploads/small.png', await sampleImage({ format: 'png', width: 200, height: 100 }));

    // Act
    const outcome = await invoke('uploads/small.png');

    // Assess
    expect(outcome.thumbnails).toEqual([
      expect.objectContaining({ width: 320, outputWidth: 200, outputHeight: 100 }),
      expect.objectContaining({ width: 1024, outputWidth: 200, outputHeight: 100 }),
    ]);
  });

  it('turns a photo upright by its EXIF orientation and strips EXIF from the thumbnail', async () => {
    // Prepare: stored 1200×600 landscape, tagged "rotate 90° clockwise to view" (a phone held upright).
    const source = await sampleImage({ format: 'jpeg', width: 1200, height: 600, orientation: 6, exif: { Copyright: 'Someone', Artist: 'A phone' } });
    await put('uploads/portrait.jpg', source, 'image/jpeg');

    // Act
    await invoke('uploads/portrait.jpg');
    const thumbnail = await sharp((await read('thumbnails/320/uploads/portrait.jpg')).body).metadata();
    const sourceMetadata = await sharp(source).metadata();

    // Assess: the source carries the tag and EXIF; the thumbnail is portrait and carries neither.
    expect([sourceMetadata.width, sourceMetadata.height, sourceMetadata.orientation, sourceMetadata.exif !== undefined]).toEqual([1200, 600, 6, true]);
    expect({ width: thumbnail.width, height: thumbnail.height, orientation: thumbnail.orientation, exif: thumbnail.exif, icc: thumbnail.icc, xmp: thumbnail.xmp })
      .toEqual({ width: 320, height: 640, orientation: undefined, exif: undefined, icc: undefined, xmp: undefined });
  });

  it.each([
    ['bytes that are not an image', 'uploads/notes.jpg', Buffer.from('hello, I am a text file'), 'UnsupportedImage', /not an image sharp can decode/],
    ['a corrupt JPEG', 'uploads/corrupt.jpg', corruptImage(), 'UnsupportedImage', /not an image sharp can decode/],
  ])('fails with UnsupportedImage for %s, writing nothing', async (_label, key, body, name, message) => {
    // Prepare
    await put(key, body);

    // Act
    const error = await rejection(invoke(key));
    const written = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `thumbnails/320/${key}` }));

    // Assess
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`s3://${BUCKET}/${key}`);
    expect(written.KeyCount).toBe(0);
  });

  it('refuses a vector format it does not keep with UnsupportedImage', async () => {
    // Prepare
    await put('uploads/logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), 'image/svg+xml');

    // Act
    const error = await rejection(invoke('uploads/logo.svg'));

    // Assess
    expect(error).toEqual({ name: 'UnsupportedImage', message: expect.stringMatching(/is svg, not one of jpeg, png, webp, gif, tiff/) });
  });

  it.each([
    ['above the pixel limit (4,000,000)', async () => put('uploads/huge.jpg', await sampleImage({ format: 'jpeg', width: 2500, height: 2000 })), 'uploads/huge.jpg', undefined, /5000000 pixels \(2500×2000\), above the limit of 4000000/],
    ['listed above the byte limit, before any request', async () => undefined, 'uploads/never-read.jpg', 17 * 1024 * 1024, /17825792 bytes, above the limit of 16777216/],
    ['stored above the byte limit', async () => put('uploads/heavy.jpg', Buffer.alloc(16 * 1024 * 1024 + 1, 1)), 'uploads/heavy.jpg', undefined, /16777217 bytes, above the limit of 16777216/],
  ])('fails with ImageTooLarge %s', async (_label, prepare, key, listedSize, message) => {
    // Prepare
    await prepare();

    // Act
    const error = await rejection(invoke(key, listedSize));

    // Assess
    expect(error).toEqual({ name: 'ImageTooLarge', message: expect.stringMatching(message) });
  });

  it('skips an image whose thumbnails are newer and made from its current version, and redoes it once the source changes', async () => {
    // Prepare
    const key = 'uploads/again.jpg';
    await put(key, await sampleImage({ format: 'jpeg', width: 800, height: 600, seed: 1 }), 'image/jpeg');
    const first = await invoke(key);
    const writer = async () => (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `thumbnails/1024/${key}` }))).Metadata?.['resized-by'];
    const firstWriter = await writer();

    // Act
    const second = await invoke(key);
    const secondWriter = await writer();
    await put(key, await sampleImage({ format: 'jpeg', width: 800, height: 600, seed: 2 }), 'image/jpeg');
    const third = await invoke(key);
    const thirdWriter = await writer();

    // Assess: the second invocation wrote nothing (the thumbnail still names the first); the third wrote again.
    expect([first.status, second.status, third.status]).toEqual(['RESIZED', 'UP_TO_DATE', 'RESIZED']);
    expect(secondWriter).toBe(firstWriter);
    expect(thirdWriter).not.toBe(firstWriter);
    expect(thirdWriter).toMatch(/^request-\d+$/);
  });

  it('skips keys under thumbnails/ (its own output) and folder markers with a clear outcome', async () => {
    // Prepare
    await put('thumbnails/320/uploads/x.jpg', await sampleImage({ format: 'jpeg', width: 320, height: 240 }));

    // Act
    const thumbnail = await invoke('thumbnails/320/uploads/x.jpg');
    const folder = await invoke('uploads/', 0);
    const nested = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'thumbnails/320/thumbnails/' }));

    // Assess
    expect(thumbnail).toEqual({ key: 'thumbnails/320/uploads/x.jpg', status: 'SKIPPED_THUMBNAIL', reason: "Keys under thumbnails/ are the pipeline's own thumbnails" });
    expect(folder).toEqual({ key: 'uploads/', status: 'SKIPPED_FOLDER', reason: 'A zero-byte folder marker' });
    expect(nested.KeyCount).toBe(0);
  });

  it.each([
    ['no bucket', { object: { Key: 'uploads/a.jpg' } }, /bucket: /],
    ['no object', { bucket: BUCKET }, /object: /],
    ['an object without Key', { bucket: BUCKET, object: { Size: 1 } }, /object\.Key: /],
  ])('fails with InvalidResizeRequest for an event with %s', async (_label, event, message) => {
    // Act
    const error = await rejection(handler(event, lambdaContext()));

    // Assess
    expect(error).toEqual({ name: 'InvalidResizeRequest', message: expect.stringMatching(message) });
  });
});
