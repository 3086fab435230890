/**
 * A Distributed Map's ResultWriter: the children's results as S3 files under `<Prefix>/<Map Run id>/`, namely
 * `SUCCEEDED_n.json`, `FAILED_n.json` (failed, timed out, aborted), `PENDING_n.json` (never started) and the
 * `manifest.json` that lists them, written as the children finish. Without a Resource, WriterConfig only shapes the
 * state's inline output. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import type { MapState } from '../asl';
import { StatesError } from '../errors';
import type { StateRun } from '../state-run';
import { s3RequestArguments } from './s3-arguments';
import { ObjectStorageError, type ChildRecord, type ObjectStorage, type ResultKind, type ResultSink, type WrittenResultFiles } from './ports';

export const PUT_OBJECT = 'arn:aws:states:::s3:putObject';

/** AWS starts a new result file after 5 GB. */
export const AWS_RESULT_FILE_BYTES = 5 * 1024 ** 3;
/**
 * Where the runtime starts a new file. The storage port has only a whole-object PutObject, so a file's records are
 * held until the file is written; rolling at 5 GB would hold up to 5 GB per kind of result and break the bounded
 * memory a 100,000-item run promises. 8 MiB keeps a run's footprint flat, and readers lose nothing: AWS's own readers
 * must follow `manifest.json` to find the files, since AWS too splits results over several files.
 */
export const LOCAL_RESULT_FILE_BYTES = 8 * 1024 ** 2;

type Transformation = 'NONE' | 'COMPACT' | 'FLATTEN';
type OutputType = 'JSON' | 'JSONL';

export interface ResultTarget {
  readonly bucket: string;
  /** The folder of this Map Run's files: `<Prefix>/<Map Run id>/`. */
  readonly folder: string;
  readonly mapRunArn: string;
}

export interface ResultFormat {
  readonly outputType: OutputType;
  readonly transformation: Transformation;
}

export interface ResultSinkOptions {
  /** The size at which a result file is written and the next one started; LOCAL_RESULT_FILE_BYTES by default. */
  readonly maxFileBytes?: number;
  /** The Map Run's files from earlier attempts (a redrive): numbering goes on from them, and is recorded there. */
  readonly files?: WrittenResultFiles;
}

/** Undefined when the state has no ResultWriter Resource (then outputs stay inline). Evaluates Parameters/Arguments {Bucket, Prefix} and WriterConfig. */
export async function openResultSink(run: StateRun<MapState>, jsonata: boolean, storage: ObjectStorage, mapRunArn: string, files?: WrittenResultFiles): Promise<ResultSink | undefined> {
  const writer = run.definition.ResultWriter;
  if (writer?.Resource === undefined) return undefined;
  const args = await s3RequestArguments(run, jsonata, 'ResultWriter', writer);
  const bucket = args.Bucket;
  if (typeof bucket !== 'string' || bucket === '') throw new StatesError('States.ResultWriterFailed', `The ResultWriter's Bucket must be a non-empty string but was: ${JSON.stringify(bucket) ?? 'missing'}`);
  const prefix = typeof args.Prefix === 'string' ? args.Prefix : '';
  const format: ResultFormat = {
    outputType: writer.WriterConfig?.OutputType ?? 'JSON',
    transformation: writer.WriterConfig?.Transformation ?? 'NONE',
  };
  return createResultSink({ bucket, folder: resultFolder(prefix, mapRunArn), mapRunArn }, format, storage, files ? { files } : {});
}

/**
 * `<Prefix>/<last segment of the Map Run ARN>/`; a Prefix already ending in `/` gets no second one, and no Prefix
 * puts the folder at the bucket's root (the Key AWS reports is `mapJobs/<uuid>/manifest.json` for Prefix `mapJobs`).
 */
export function resultFolder(prefix: string, mapRunArn: string): string {
  const id = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  if (prefix === '') return `${id}/`;
  return `${prefix.endsWith('/') ? prefix : `${prefix}/`}${id}/`;
}

export function createResultSink(target: ResultTarget, format: ResultFormat, storage: ObjectStorage, options: ResultSinkOptions = {}): ResultSink {
  const files = options.files ?? { succeeded: [], next: { SUCCEEDED: 0, FAILED: 0, PENDING: 0 } };
  return new S3ResultSink(target, format, storage, options.maxFileBytes ?? LOCAL_RESULT_FILE_BYTES, files);
}

/** WriterConfig without a Resource formats the inline output: COMPACT (default) / FLATTEN / NONE records. */
export function formatInlineOutputs(run: StateRun<MapState>, records: readonly ChildRecord[]): unknown[] {
  const transformation = run.definition.ResultWriter?.WriterConfig?.Transformation ?? 'COMPACT';
  return records.flatMap((record) => entriesOf(record, transformation));
}

/**
 * What one child contributes to its file. Successes follow the Transformation: NONE the full record, COMPACT the
 * output alone, FLATTEN the output's elements when it is an array. Failed and pending children are always NONE records.
 */
function entriesOf(record: ChildRecord, transformation: Transformation): unknown[] {
  if (record.status !== 'SUCCEEDED' || transformation === 'NONE') return [noneRecord(record)];
  if (transformation === 'FLATTEN' && Array.isArray(record.output)) return record.output;
  return [record.output ?? null];
}

/**
 * AWS's NONE record (the developer guide's example file): Input and Output as JSON strings, dates in ISO form; a failed
 * child carries Error and Cause where a successful one has Output. Keys in the example's (alphabetical) order.
 */
export function noneRecord(record: ChildRecord): Record<string, unknown> {
  const succeeded = record.status === 'SUCCEEDED';
  return {
    ...(record.cause === undefined ? {} : { Cause: record.cause }),
    ...(record.error === undefined ? {} : { Error: record.error }),
    ...(record.executionArn === undefined ? {} : { ExecutionArn: record.executionArn }),
    Input: JSON.stringify(record.input ?? null),
    InputDetails: { Included: true },
    ...(record.name === undefined ? {} : { Name: record.name }),
    ...(succeeded ? { Output: JSON.stringify(record.output ?? null), OutputDetails: { Included: true } } : {}),
    RedriveCount: record.redriveCount,
    RedriveStatus: record.redriveStatus,
    ...(record.redriveStatusReason === undefined ? {} : { RedriveStatusReason: record.redriveStatusReason }),
    ...(record.startDate === undefined ? {} : { StartDate: record.startDate.toISOString() }),
    StateMachineArn: record.stateMachineArn,
    Status: record.status,
    ...(record.stopDate === undefined ? {} : { StopDate: record.stopDate.toISOString() }),
  };
}

const kindOf = (status: ChildRecord['status']): ResultKind => (status === 'SUCCEEDED' ? 'SUCCEEDED' : status === 'PENDING' ? 'PENDING' : 'FAILED');

/** The file being filled for one kind of result, and the files of that kind this attempt has written. */
interface ResultFile {
  entries: string[];
  bytes: number;
  readonly written: { Key: string; Size: number }[];
}

class S3ResultSink implements ResultSink {
  private readonly files: Record<ResultKind, ResultFile> = { SUCCEEDED: newFile(), FAILED: newFile(), PENDING: newFile() };
  /** Writes under way; `finish` waits for them before the manifest names their files. */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly target: ResultTarget,
    private readonly format: ResultFormat,
    private readonly storage: ObjectStorage,
    private readonly maxFileBytes: number,
    /** Every attempt's files: the SUCCEEDED ones listed and the numbers taken. */
    private readonly all: WrittenResultFiles,
  ) {}

  /**
   * Appends the child's entries to its kind's file; a file that would pass the size bound is written first, and the
   * caller waits for that write, so a slow S3 slows the children down instead of letting results pile up.
   */
  async add(record: ChildRecord): Promise<void> {
    const kind = kindOf(record.status);
    const file = this.files[kind];
    for (const entry of entriesOf(record, this.format.transformation)) {
      const text = JSON.stringify(entry);
      const bytes = Buffer.byteLength(text) + 1;
      if (file.entries.length > 0 && file.bytes + bytes > this.maxFileBytes) await this.write(kind);
      file.entries.push(text);
      file.bytes += bytes;
    }
  }

  async finish(): Promise<{ readonly Bucket: string; readonly Key: string }> {
    const kinds: ResultKind[] = ['SUCCEEDED', 'FAILED', 'PENDING'];
    await Promise.all(kinds.filter((kind) => this.files[kind].entries.length > 0).map((kind) => this.write(kind)));
    await Promise.all(this.writing);
    const { bucket, folder, mapRunArn } = this.target;
    const manifest = {
      DestinationBucket: bucket,
      MapRunArn: mapRunArn,
      // Succeeded results from every attempt; failed and pending ones from this attempt only.
      ResultFiles: { FAILED: this.files.FAILED.written, PENDING: this.files.PENDING.written, SUCCEEDED: [...this.all.succeeded] },
    };
    const Key = `${folder}manifest.json`;
    await this.put(Key, JSON.stringify(manifest));
    return { Bucket: bucket, Key };
  }

  /** Takes the file's entries out of memory at once (later adds start the next file) and writes them. */
  private write(kind: ResultKind): Promise<void> {
    const file = this.files[kind];
    const entries = file.entries;
    file.entries = [];
    file.bytes = 0;
    // JSONL: one entry a line; JSON: one array. The name stays `.json` for both, as the notes found no other.
    const body = this.format.outputType === 'JSONL' ? `${entries.join('\n')}\n` : `[${entries.join(',')}]`;
    const Key = `${this.target.folder}${kind}_${this.all.next[kind]++}.json`;
    const written = { Key, Size: Buffer.byteLength(body) };
    file.written.push(written);
    if (kind === 'SUCCEEDED') this.all.succeeded.push(written);
    const writing = this.put(Key, body).finally(() => this.writing.delete(writing));
    this.writing.add(writing);
    return writing;
  }

  private async put(Key: string, Body: string): Promise<void> {
    try {
      await this.storage.putObject({ Bucket: this.target.bucket, Key, Body });
    } catch (error) {
      const reason = error instanceof ObjectStorageError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      throw new StatesError('States.ResultWriterFailed', `Failed to write s3://${this.target.bucket}/${Key}: ${reason}`);
    }
  }
}

const newFile = (): ResultFile => ({ entries: [], bytes: 0, written: [] });
