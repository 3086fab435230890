/**
 * What a Distributed Map needs from S3: its ItemReader lists or reads objects, its ResultWriter writes files.
 * The runtime implements it over an S3 client pointed at the edge (local/integrations/object-storage.ts).
 */
export interface ObjectStorage {
  /** One ListObjectsV2 page. */
  listObjectsV2(request: ListObjectsRequest): Promise<ListObjectsPage>;
  /** An object's body, streamed, so a 10 GB JSONL file is never held whole. */
  getObject(request: { readonly Bucket: string; readonly Key: string; readonly VersionId?: string }): Promise<AsyncIterable<Uint8Array>>;
  putObject(request: { readonly Bucket: string; readonly Key: string; readonly Body: string }): Promise<void>;
}

export interface ListObjectsRequest {
  readonly Bucket: string;
  readonly Prefix?: string;
  readonly ContinuationToken?: string;
  readonly StartAfter?: string;
  readonly MaxKeys?: number;
}

export interface ListObjectsPage {
  readonly contents: readonly ObjectSummary[];
  readonly nextContinuationToken?: string;
}

export interface ObjectSummary {
  readonly Key: string;
  readonly ETag: string;
  readonly LastModified: Date;
  readonly Size: number;
  readonly StorageClass: string;
}

/** An S3 failure as S3 named it (NoSuchBucket, NoSuchKey, AccessDenied, ...), for AWS's ItemReaderFailed/ResultWriterFailed causes. */
export class ObjectStorageError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ObjectStorageError';
  }
}

/** One child execution's result, as the ResultWriter records it (AWS's NONE record, §1.4 of the notes). */
export interface ChildRecord {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING';
  readonly executionArn?: string;
  readonly name?: string;
  readonly stateMachineArn: string;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate?: Date;
  readonly stopDate?: Date;
  readonly redriveCount: number;
  readonly redriveStatus: 'NOT_REDRIVABLE' | 'REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly redriveStatusReason?: string;
}

export type ResultKind = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/**
 * The files one Map Run's ResultWriter has written over all its attempts. After a redrive the manifest lists the
 * SUCCEEDED files of every attempt and the FAILED and PENDING files of the last (input-output-resultwriter.html), and
 * each kind numbers on (SUCCEEDED_1.json after SUCCEEDED_0.json), so no attempt overwrites an earlier one's file.
 */
export interface WrittenResultFiles {
  readonly succeeded: { Key: string; Size: number }[];
  /** The next file number for each kind. */
  readonly next: Record<ResultKind, number>;
}

/** Where a Distributed Map's ResultWriter puts its files; one per Map Run. */
export interface ResultSink {
  /** Appends a finished (or, at the end, never-started) child; files are written to S3 as they fill, not at the end. */
  add(record: ChildRecord): Promise<void>;
  /** Flushes the open files and writes manifest.json; resolves to the state's `ResultWriterDetails`. */
  finish(): Promise<{ readonly Bucket: string; readonly Key: string }>;
}
