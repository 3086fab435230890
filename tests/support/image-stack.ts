/**
 * The image pipeline's workflow tests share this: the order stack's runtime (the whole serverless.yml deployed), its
 * image outputs, an S3 client on the edge, and a JSON reader for the ResultWriter's files.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { defined } from './defined';
import { startOrderStack, type OrderStack } from './order-stack';

export interface ImageStack {
  readonly stack: OrderStack;
  readonly s3: S3Client;
  /** ImageBucketName: uploads in, thumbnails out. */
  readonly bucket: string;
  /** ImageResultsBucketName: the Map Runs' manifests and result files. */
  readonly resultsBucket: string;
  readonly machineArn: string;
  /** An object's body, parsed as JSON. */
  readJson<T>(bucket: string, key: string): Promise<T>;
  close(): Promise<void>;
}

export async function startImageStack(name: string, waitForEndTimeoutMs: number): Promise<ImageStack> {
  const stack = await startOrderStack({ name, logFileVariable: 'IMAGES_TEST_LOG', waitForEndTimeoutMs });
  const output = (key: string) => defined(stack.runtime.outputs[key], `the stack output ${key}`);
  const s3 = new S3Client({ endpoint: stack.runtime.url, region: stack.runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true });
  return {
    stack,
    s3,
    bucket: output('ImageBucketName'),
    resultsBucket: output('ImageResultsBucketName'),
    machineArn: output('ImageStateMachineArn'),
    async readJson<T>(Bucket: string, Key: string): Promise<T> {
      const answer = await s3.send(new GetObjectCommand({ Bucket, Key }));
      return JSON.parse(await defined(answer.Body, `the body of s3://${Bucket}/${Key}`).transformToString()) as T;
    },
    async close() {
      s3.destroy();
      await stack.close();
    },
  };
}
