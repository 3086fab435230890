/**
 * The Distributed Map's S3 port (object-storage.ts), made on first use: a runtime whose state machines never read or
 * write S3 from a Map never loads `@aws-sdk/client-s3`, and the Step Functions service, created before its
 * integrations, can be given the port before the client exists.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStorage } from '../engine/distributed/ports';

/** An ObjectStorage that `make`s the real one at its first call. */
export function deferredObjectStorage(make: () => ObjectStorage): ObjectStorage {
  let storage: ObjectStorage | undefined;
  const open = (): ObjectStorage => (storage ??= make());
  return {
    listObjectsV2: (request) => open().listObjectsV2(request),
    getObject: (request) => open().getObject(request),
    putObject: (request) => open().putObject(request),
  };
}

/** The S3 port over the S3 client `client()` returns, both loaded at the first call. */
export function s3ObjectStorageOnFirstUse(client: () => unknown): ObjectStorage {
  return deferredObjectStorage(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { s3ObjectStorage } = require('./object-storage') as typeof import('./object-storage');
    return s3ObjectStorage(client() as S3Client);
  });
}
