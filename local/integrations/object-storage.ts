/**
 * The Distributed Map's S3 port over an SDK v3 S3 client pointed at the runtime's edge: the same requests a Map Run
 * makes on AWS, so the S3 service answers (and fails) exactly as it does for any other client.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { ObjectStorageError, type ListObjectsPage, type ObjectStorage } from '../engine/distributed/ports';

export function s3ObjectStorage(client: S3Client): ObjectStorage {
  return {
    listObjectsV2: (request) => named(async (): Promise<ListObjectsPage> => {
      const page = await client.send(new ListObjectsV2Command(request));
      return {
        contents: (page.Contents ?? []).map((object) => ({
          Key: object.Key ?? '',
          ETag: object.ETag ?? '',
          LastModified: object.LastModified ?? new Date(0),
          Size: object.Size ?? 0,
          StorageClass: object.StorageClass ?? 'STANDARD',
        })),
        ...(page.IsTruncated && page.NextContinuationToken ? { nextContinuationToken: page.NextContinuationToken } : {}),
      };
    }),
    getObject: (request) => named(async () => {
      const { Body } = await client.send(new GetObjectCommand(request));
      // In Node the SDK's Body is an http.IncomingMessage: a Readable, hence an AsyncIterable of Buffers, read as it
      // arrives rather than collected.
      if (!Body || !(Symbol.asyncIterator in Body)) throw new ObjectStorageError('InvalidResponse', `GetObject of ${request.Key} returned no body`);
      return Body as AsyncIterable<Uint8Array>;
    }),
    putObject: (request) => named(async () => {
      await client.send(new PutObjectCommand({ ...request, ContentType: 'application/json', ContentLength: Buffer.byteLength(request.Body) }));
    }),
  };
}

/** S3's own error code and message (NoSuchBucket, "The specified bucket does not exist") for the states' causes. */
async function named<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof S3ServiceException) throw new ObjectStorageError(error.name, error.message);
    throw error;
  }
}
