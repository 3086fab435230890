/**
 * Where buckets and objects live. The service talks to this interface only, so a durable store (files under
 * LOCAL_STATE_DIR) can replace the in-memory one without touching the protocol code. Keys come back in S3's listing
 * order: ascending UTF-8 binary order. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import type { Checksum } from './checksums';

export interface BucketRecord {
  readonly name: string;
  readonly region: string;
  readonly creationDate: Date;
}

/** What S3 keeps of an object and sends back on GET/HEAD. */
export interface StoredObject {
  readonly key: string;
  readonly body: Buffer;
  /** Quoted, as the ETag header carries it: `"<md5 hex>"` or `"<md5 hex>-<parts>"`. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Content-Encoding, Content-Disposition, Content-Language, Cache-Control, Expires: stored and returned as sent. */
  readonly representation: Readonly<Record<string, string>>;
  readonly checksum?: Checksum;
  /** Multipart objects: how many parts they were completed from. */
  readonly partCount?: number;
}

/** What a listing shows of an object: no body, so that a store on disk lists without reading any. */
export interface ObjectSummary {
  readonly key: string;
  readonly etag: string;
  readonly lastModified: Date;
  readonly size: number;
  readonly checksum?: Checksum;
}

/** The summary of a stored object. */
export function summaryOf(object: StoredObject): ObjectSummary {
  return { key: object.key, etag: object.etag, lastModified: object.lastModified, size: object.body.length, ...(object.checksum ? { checksum: object.checksum } : {}) };
}

/**
 * Asynchronous throughout, so that a store on disk (durable mode) can read and write without blocking the edge's
 * event loop; the in-memory store answers at once.
 */
export interface ObjectStore {
  /** False if a bucket of that name exists already. */
  createBucket(bucket: BucketRecord): Promise<boolean>;
  bucket(name: string): Promise<BucketRecord | undefined>;
  buckets(): Promise<BucketRecord[]>;
  deleteBucket(name: string): Promise<void>;
  objectCount(bucket: string): Promise<number>;
  putObject(bucket: string, object: StoredObject): Promise<void>;
  getObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** True if there was an object to delete. */
  deleteObject(bucket: string, key: string): Promise<boolean>;
  /** The bucket's objects whose keys sort after `after` (all if undefined), in listing order. */
  objectsAfter(bucket: string, after: string | undefined): AsyncIterable<ObjectSummary>;
  /** Frees everything. */
  clear(): Promise<void>;
}

/**
 * S3's order: ascending UTF-8 bytes. JavaScript compares UTF-16 code units, which agrees except between a surrogate
 * pair (a code point above U+FFFF, sorting last in UTF-8) and a code unit from U+E000 to U+FFFF; compare code points.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const surrogateX = x >= 0xd800 && x <= 0xdfff;
    const surrogateY = y >= 0xd800 && y <= 0xdfff;
    if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

interface BucketContents {
  readonly record: BucketRecord;
  readonly objects: Map<string, StoredObject>;
  /** Keys in listing order; rebuilt lazily after a key is added or removed, so a burst of puts sorts once. */
  sorted?: string[];
}

/** Objects in memory (the default): gone when the runtime stops. */
export class InMemoryObjectStore implements ObjectStore {
  private readonly contents = new Map<string, BucketContents>();

  async createBucket(bucket: BucketRecord): Promise<boolean> {
    if (this.contents.has(bucket.name)) return false;
    this.contents.set(bucket.name, { record: bucket, objects: new Map() });
    return true;
  }

  async bucket(name: string): Promise<BucketRecord | undefined> {
    return this.contents.get(name)?.record;
  }

  async buckets(): Promise<BucketRecord[]> {
    return [...this.contents.values()].map(({ record }) => record).sort((a, b) => compareKeys(a.name, b.name));
  }

  async deleteBucket(name: string): Promise<void> {
    this.contents.delete(name);
  }

  async objectCount(bucket: string): Promise<number> {
    return this.contents.get(bucket)?.objects.size ?? 0;
  }

  async putObject(bucket: string, object: StoredObject): Promise<void> {
    const contents = this.required(bucket);
    if (!contents.objects.has(object.key)) contents.sorted = undefined;
    contents.objects.set(object.key, object);
  }

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    return this.contents.get(bucket)?.objects.get(key);
  }

  async deleteObject(bucket: string, key: string): Promise<boolean> {
    const contents = this.contents.get(bucket);
    if (!contents?.objects.delete(key)) return false;
    contents.sorted = undefined;
    return true;
  }

  async *objectsAfter(bucket: string, after: string | undefined): AsyncIterable<ObjectSummary> {
    const contents = this.contents.get(bucket);
    if (!contents) return;
    contents.sorted ??= [...contents.objects.keys()].sort(compareKeys);
    const keys = contents.sorted;
    // Binary search for the first key after `after`: a page costs log n plus its own length.
    let low = 0;
    let high = keys.length;
    if (after !== undefined) {
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compareKeys(keys[middle] as string, after) <= 0) low = middle + 1;
        else high = middle;
      }
    }
    for (let index = low; index < keys.length; index++) {
      const object = contents.objects.get(keys[index] as string);
      // A key deleted while a listing runs is skipped, as a later page would not show it either.
      if (object) yield summaryOf(object);
    }
  }

  async clear(): Promise<void> {
    this.contents.clear();
  }

  private required(bucket: string): BucketContents {
    const contents = this.contents.get(bucket);
    if (!contents) throw new Error(`No bucket ${bucket} in the store`);
    return contents;
  }
}
