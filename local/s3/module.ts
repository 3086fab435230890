/**
 * S3 behind the edge: the project's own service over an object store, in memory by default. Chosen over embedding
 * s3rver (the only embeddable S3 on the registry, last released in 2024) by measurement: s3rver stored the
 * aws-chunked framing of an SDK v3 PutObject as the object's bytes ("6\r\nhello \r\n5\r\nworld\r\n0\r\n
 * x-amz-checksum-crc32:...") instead of "hello world", and it needs its own HTTP server and port; SDK v3 sends
 * aws-chunked bodies with a CRC32 trailer by default. README's "S3" paragraph has the figures.
 *
 * The module only wires: addressing.ts (bucket and key from Host or path), s3-routes.ts (which operation),
 * bucket-operations.ts, object-operations.ts, multipart-operations.ts (the operations), object-store.ts (where bytes
 * live), list-objects.ts (pagination), aws-chunked.ts and checksums.ts (request bodies), xml.ts (documents).
 */
import { startedOrUnavailable } from '../platform/not-started';
import { DiskObjectStore } from './disk-object-store';
import type { EmulatedService } from '../platform/service';
import { MultipartUploads } from './multipart';
import { InMemoryObjectStore, type ObjectStore } from './object-store';
import { s3Routes } from './s3-routes';
import type { S3State } from './s3-state';

export const S3 = 's3';

export interface S3Module extends EmulatedService {
  /** The store, for the deploy (buckets of serverless.yml) and for tests that look inside. */
  readonly store: ObjectStore;
}

export interface S3ModuleOptions {
  /** Where objects live; in memory by default. */
  readonly store?: () => ObjectStore;
}

export function createS3Module(options: S3ModuleOptions = {}): S3Module {
  let state: S3State | undefined;
  return {
    name: S3,
    get store() {
      return startedOrUnavailable(state, S3).store;
    },
    routes: s3Routes(() => startedOrUnavailable(state, S3)),
    async start(context) {
      // Durable mode keeps objects as files under <state dir>/s3 (disk-object-store.ts); otherwise in memory.
      const stateDir = context.stateDirFor(S3);
      const store = options.store?.() ?? (stateDir === undefined ? new InMemoryObjectStore() : await DiskObjectStore.open(stateDir, context.log));
      state = {
        store,
        uploads: new MultipartUploads(),
        clock: context.clock,
        region: context.region,
      };
    },
    async close() {
      await state?.store.clear();
      state?.uploads.clear();
      state = undefined;
    },
  };
}
