/** An edge with only S3 behind it, and an SDK v3 client pointed at it, for the S3 tests. */
import { CreateBucketCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';
import { createS3Module } from '../../../local/s3/module';

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface S3Edge {
  readonly platform: Platform;
  readonly url: string;
  client(config?: S3ClientConfig): S3Client;
  close(): Promise<void>;
}

/** `stateDir`: durable mode, objects kept as files under `<stateDir>/s3`. */
export async function startS3Edge(options: { clock?: Clock; region?: string; stateDir?: string; log?: (line: string) => void } = {}): Promise<S3Edge> {
  const region = options.region ?? 'us-east-1';
  const { stateDir } = options;
  const durable = stateDir === undefined ? {} : { stateDir: { dirFor: (service: string) => mkdirSync(path.join(stateDir, service), { recursive: true }) ?? path.join(stateDir, service) } };
  const platform = await startPlatform({
    services: [createS3Module()], port: 0, region, accountId: '000000000000', clock: options.clock ?? systemClock, log: options.log ?? (() => undefined), ...durable,
  });
  const clients: S3Client[] = [];
  return {
    platform,
    url: platform.url,
    client(config = {}) {
      // Unmodified SDK defaults (CRC32 request checksums, aws-chunked streams, response validation); path style, as
      // the edge's host is an IP address.
      const client = new S3Client({ endpoint: platform.url, region, credentials: CREDENTIALS, forcePathStyle: true, maxAttempts: 1, ...config });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await platform.close();
    },
  };
}

/** An edge with one client, and the given buckets created through it. */
export async function startS3EdgeWithBuckets(...buckets: string[]): Promise<{ edge: S3Edge; s3: S3Client }> {
  const edge = await startS3Edge();
  const s3 = edge.client();
  for (const Bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket }));
  return { edge, s3 };
}

/** The error an SDK call rejects with, for assertions on its name, status and message. */
export async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof S3ServiceException)) throw new Error(`Expected an S3 error, got ${String(error)}`);
  return error;
}
