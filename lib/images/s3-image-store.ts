/** The ImageStore over one S3 bucket (AWS SDK v3). */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import type { ImageStore, StoredObject } from './image-store';

/**
 * HeadObject answers 404 `NotFound` for a missing key, but only to a caller allowed s3:ListBucket; without it S3
 * answers 403 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html), which is why serverless.yml grants
 * the function ListBucket. A 403 here therefore stays an error instead of passing for "no thumbnail yet".
 */
const isMissing = (error: unknown): boolean => error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey');

export function createS3ImageStore(bucket: string, s3: S3Client): ImageStore {
  return {
    async head(key): Promise<StoredObject | undefined> {
      try {
        const answer = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: answer.ContentLength ?? 0, lastModified: answer.LastModified ?? new Date(0), etag: answer.ETag ?? '', metadata: answer.Metadata ?? {} };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async read(key) {
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!answer.Body) throw new Error(`GetObject s3://${bucket}/${key} answered no body`);
      return Buffer.from(await answer.Body.transformToByteArray());
    },

    async write(key, body, contentType, metadata) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: { ...metadata } }));
    },
  };
}
