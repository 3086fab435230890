/**
 * A Distributed Map's ItemReader: the items of an S3 listing (`s3:listObjectsV2`) or of one object (`s3:getObject`
 * as JSON, JSONL or CSV), read lazily, page by page or chunk by chunk, so memory holds one page or one item, never the
 * listing or the object. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { MapState, ReaderConfig } from '../asl';
import { runtimeError, StatesError } from '../errors';
import { evaluateJsonata } from '../fields';
import { jsonataFieldText, unexpectedResultType } from '../jsonata';
import { selectPath } from '../jsonpath';
import type { StateRun } from '../state-run';
import { CSV_DELIMITERS, csvItemOf, csvRecords, DUPLICATE_HEADERS, hasDuplicates, type CsvDelimiterName } from './csv-records';
import { jsonArrayElements, JsonItemsError, jsonLines, utf8Text } from './json-streams';
import { s3RequestArguments } from './s3-arguments';
import { ObjectStorageError, type ListObjectsRequest, type ObjectStorage } from './ports';

export interface ItemSource {
  /** The items, read lazily page by page / line by line; MaxItems already applied. Rejects mid-way with States.ItemReaderFailed. */
  readonly items: AsyncIterable<unknown>;
  /** `$$.Map.Item.Source`: `S3://bucket` for listObjectsV2, `S3://bucket/key` for getObject. */
  readonly source: string;
}

export const LIST_OBJECTS_V2 = 'arn:aws:states:::s3:listObjectsV2';
export const GET_OBJECT = 'arn:aws:states:::s3:getObject';
/** AWS reads at most 100,000,000 items; MaxItems 0 means no limit, i.e. this one. */
export const MAX_ITEMS_LIMIT = 100_000_000;

const ITEM_READER_FAILED = 'States.ItemReaderFailed';

/** Evaluates the ItemReader (Parameters/Arguments, ReaderConfig, MaxItems/MaxItemsPath) and opens it; throws StatesError States.ItemReaderFailed / States.Runtime with AWS's causes. */
export async function openItemReader(run: StateRun<MapState>, jsonata: boolean, storage: ObjectStorage): Promise<ItemSource> {
  const reader = run.definition.ItemReader;
  if (reader === undefined) throw runtimeError('The Map state has no ItemReader.');
  const config = reader.ReaderConfig ?? {};
  refuseUnsupported(config);
  const args = await s3RequestArguments(run, jsonata, 'ItemReader', reader);
  const maxItems = await maxItemsOf(run, jsonata, config);
  const bucket = stringArgument(args, 'Bucket');
  const resource = s3Action(reader.Resource);
  if (resource === 'listObjectsV2') {
    return { source: `S3://${bucket}`, items: limited(listedObjects(storage, listRequest(args, bucket)), maxItems) };
  }
  if (resource === 'getObject') {
    const key = stringArgument(args, 'Key');
    const versionId = args.VersionId === undefined ? undefined : stringArgument(args, 'VersionId');
    const request = { Bucket: bucket, Key: key, ...(versionId === undefined ? {} : { VersionId: versionId }) };
    return { source: `S3://${bucket}/${key}`, items: limited(objectItems(storage, request, config), maxItems) };
  }
  throw runtimeError(`The ItemReader resource ${reader.Resource} is not supported; use ${LIST_OBJECTS_V2} or ${GET_OBJECT}.`);
}

/**
 * ReaderConfig settings AWS has and this runtime does not read yet: refused by name rather than ignored, since
 * ignoring them would run the Map over other items than AWS would.
 */
function refuseUnsupported(config: ReaderConfig): void {
  const unsupported = config.Transformation === 'LOAD_AND_FLATTEN' ? 'Transformation LOAD_AND_FLATTEN'
    : config.ItemsPointer !== undefined && config.ItemsPointer !== '' ? 'ItemsPointer'
      : config.ManifestType !== undefined ? `ManifestType ${config.ManifestType}`
        : config.InputType === 'PARQUET' || config.InputType === 'MANIFEST' ? `InputType ${config.InputType}` : undefined;
  if (unsupported) throw runtimeError(`ReaderConfig.${unsupported} is not supported by the local runtime; use InputType JSON, JSONL or CSV, or a listing.`);
}

/** `arn:<partition>:states:::s3:<action>` → the action. */
const s3Action = (resource: string): string | undefined => /^arn:[a-z-]+:states:::s3:([A-Za-z0-9]+)$/.exec(resource)?.[1];

function stringArgument(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new StatesError(ITEM_READER_FAILED, `The ItemReader's ${name} must be a non-empty string but was: ${JSON.stringify(value) ?? 'missing'}`);
  return value;
}

/** ListObjectsV2 parameters beside Bucket pass through, as AWS's `Parameters` do (Prefix, StartAfter, MaxKeys...). */
function listRequest(args: Record<string, unknown>, bucket: string): ListObjectsRequest {
  const text = (name: string): string | undefined => (typeof args[name] === 'string' ? args[name] : undefined);
  return {
    Bucket: bucket,
    ...(text('Prefix') === undefined ? {} : { Prefix: text('Prefix') }),
    ...(text('StartAfter') === undefined ? {} : { StartAfter: text('StartAfter') }),
    ...(text('ContinuationToken') === undefined ? {} : { ContinuationToken: text('ContinuationToken') }),
    ...(typeof args.MaxKeys === 'number' ? { MaxKeys: args.MaxKeys } : {}),
  };
}

/**
 * One item per object, shaped as AWS shapes it (input-output-itemreader.html, listObjectsV2 example): `Etag` (that
 * spelling, quotes kept), `LastModified` in whole epoch seconds. Pages are fetched only as items are consumed.
 */
async function* listedObjects(storage: ObjectStorage, first: ListObjectsRequest): AsyncGenerator<unknown> {
  let request = first;
  for (;;) {
    const page = await s3Call(() => storage.listObjectsV2(request), `list s3://${first.Bucket}/${first.Prefix ?? ''}`);
    for (const object of page.contents) {
      yield {
        Etag: object.ETag,
        Key: object.Key,
        LastModified: Math.floor(object.LastModified.getTime() / 1000),
        Size: object.Size,
        StorageClass: object.StorageClass,
      };
    }
    if (page.nextContinuationToken === undefined) return;
    request = { ...request, ContinuationToken: page.nextContinuationToken };
  }
}

async function* objectItems(storage: ObjectStorage, request: { Bucket: string; Key: string; VersionId?: string }, config: ReaderConfig): AsyncGenerator<unknown> {
  const where = `read s3://${request.Bucket}/${request.Key}`;
  const body = await s3Call(() => storage.getObject(request), where);
  // An external gzip compression is read by the key's suffix, as AWS does for `x.jsonl.gz` (ReaderConfig docs).
  const bytes = request.Key.endsWith('.gz') ? Readable.from(body).pipe(createGunzip()) : body;
  const text = utf8Text(guarded(bytes, where));
  try {
    switch (config.InputType) {
      case 'JSON': yield* jsonArrayElements(text); break;
      case 'JSONL': yield* jsonLines(text); break;
      case 'CSV': yield* csvItems(text, config); break;
      default: throw runtimeError(`ReaderConfig.InputType ${JSON.stringify(config.InputType) ?? 'missing'} is not supported for ${GET_OBJECT}; use JSON, JSONL or CSV.`);
    }
  } catch (error) {
    if (error instanceof JsonItemsError) throw new StatesError(ITEM_READER_FAILED, error.message);
    throw error;
  }
}

async function* csvItems(text: AsyncIterable<string>, config: ReaderConfig): AsyncGenerator<unknown> {
  const delimiter = CSV_DELIMITERS[(config.CSVDelimiter ?? 'COMMA') as CsvDelimiterName];
  let headers = config.CSVHeaderLocation === 'GIVEN' ? config.CSVHeaders : undefined;
  if (headers && hasDuplicates(headers)) throw new StatesError(ITEM_READER_FAILED, DUPLICATE_HEADERS);
  for await (const record of csvRecords(text, delimiter)) {
    if (headers === undefined) {
      if (hasDuplicates(record)) throw new StatesError(ITEM_READER_FAILED, DUPLICATE_HEADERS);
      headers = record;
    } else {
      yield csvItemOf(headers, record);
    }
  }
}

async function* limited(items: AsyncIterable<unknown>, max: number): AsyncGenerator<unknown> {
  if (max <= 0) return;
  let count = 0;
  for await (const item of items) {
    yield item;
    if (++count >= max) return;
  }
}

/**
 * MaxItems (a literal, or JSONata in a JSONata state) or MaxItemsPath. 0 or absent means AWS's limit; a negative value
 * fails the reader with AWS's cause (LocalStack's AWS recording for MaxItemsPath → -1).
 */
async function maxItemsOf(run: StateRun<MapState>, jsonata: boolean, config: ReaderConfig): Promise<number> {
  let value: number | undefined;
  const literal = config.MaxItems;
  if (jsonata && typeof literal === 'string') {
    const result = await evaluateJsonata(literal, 'ItemReader/ReaderConfig/MaxItems', run.jsonataScope());
    if (typeof result !== 'number' || !Number.isInteger(result)) throw unexpectedResultType(jsonataFieldText(literal), 'ItemReader/ReaderConfig/MaxItems', 'integer', result);
    value = result;
  } else if (typeof literal === 'number') {
    value = literal;
  } else if (config.MaxItemsPath !== undefined) {
    const selected = selectPath(config.MaxItemsPath, run, 'MaxItemsPath');
    const number = typeof selected === 'string' && selected.trim() !== '' ? Number(selected) : selected;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      throw runtimeError(`The MaxItemsPath field refers to value "${typeof selected === 'string' ? selected : JSON.stringify(selected)}" which is not a valid integer: ${config.MaxItemsPath}`);
    }
    value = number;
  }
  if (value === undefined || value === 0) return MAX_ITEMS_LIMIT;
  if (value < 0) throw new StatesError(ITEM_READER_FAILED, 'field MaxItems must be positive');
  return Math.min(value, MAX_ITEMS_LIMIT);
}

/** An S3 call whose failure becomes States.ItemReaderFailed naming S3's own error code and message. */
async function s3Call<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw readerFailure(error, what);
  }
}

/** The body's chunks, with a failure mid-stream (a dropped connection) reported as the reader's failure. */
async function* guarded(bytes: AsyncIterable<Uint8Array>, what: string): AsyncGenerator<Uint8Array> {
  try {
    yield* bytes;
  } catch (error) {
    throw readerFailure(error, what);
  }
}

function readerFailure(error: unknown, what: string): StatesError {
  if (error instanceof StatesError) return error;
  if (error instanceof ObjectStorageError) return new StatesError(ITEM_READER_FAILED, `Failed to ${what}: ${error.code}: ${error.message}`);
  return new StatesError(ITEM_READER_FAILED, `Failed to ${what}: ${error instanceof Error ? error.message : String(error)}`);
}
