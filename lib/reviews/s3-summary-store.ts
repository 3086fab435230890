/**
 * The summary's storage on S3 through SDK v3: objects read as a stream of lines (node:readline over the body), the
 * results file written through @aws-sdk/lib-storage's Upload, which sends a small file as one PutObject and a large
 * one in parts, so neither side ever holds a whole file.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { LineUpload, SummaryStore } from './summarize-reviews';

/**
 * A result file the manifest lists but S3 does not (yet) serve. Transient as far as the summary can tell: the
 * workflow retries the step.
 */
export class ResultFileUnavailable extends Error {
  override readonly name = 'ResultFileUnavailable';
}

export function createS3SummaryStore(client: S3Client): SummaryStore {
  return {
    async *lines(bucket, key) {
      let body: unknown;
      try {
        ({ Body: body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
      } catch (error) {
        if (error instanceof NoSuchKey) throw new ResultFileUnavailable(`s3://${bucket}/${key} does not exist`, { cause: error });
        throw error;
      }
      if (!(body instanceof Readable)) throw new ResultFileUnavailable(`s3://${bucket}/${key} has no readable body`);
      yield* createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
    },

    async putJson(bucket, key, value) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: 'application/json' }));
    },

    openLines(bucket, key): LineUpload {
      const body = new PassThrough();
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' } });
      const done = upload.done();
      // Observed by close() and abort(); a failure while lines are still being written must not go unhandled.
      done.catch(() => undefined);
      return {
        async write(line) {
          // Waits while the upload is behind, so lines never pile up in memory; a failed upload ends the wait.
          if (!body.write(`${line}\n`)) await Promise.race([once(body, 'drain'), done]);
        },
        async close() {
          body.end();
          await done;
        },
        async abort() {
          await upload.abort().catch(() => undefined);
          body.destroy();
        },
      };
    },
  };
}
