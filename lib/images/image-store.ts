/** The port through which the resize logic reads sources and writes thumbnails; lib/images/s3-image-store.ts is its S3 adapter. */

export interface StoredObject {
  readonly size: number;
  /** S3's Last-Modified: whole seconds. */
  readonly lastModified: Date;
  /** The ETag, quotes included, as S3 answers it. */
  readonly etag: string;
  /** User metadata (`x-amz-meta-*`), names lower-cased. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ImageStore {
  /** The object's description, or undefined when there is no such key. */
  head(key: string): Promise<StoredObject | undefined>;
  read(key: string): Promise<Buffer>;
  write(key: string, body: Buffer, contentType: string, metadata: Readonly<Record<string, string>>): Promise<void>;
}
