/**
 * The object operations: PutObject, GetObject (with Range and conditional headers), HeadObject, DeleteObject and
 * CopyObject. What S3 stores of a request (user metadata, Content-Type and the other representation headers, the
 * checksum) and what it sends back follow https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html.
 */
import { AwsError } from '../platform/aws-error';
import { storedContentEncoding } from './aws-chunked';
import { checksumHeaders, md5ETag } from './checksums';
import type { StoredObject } from './object-store';
import { parseRange } from './range';
import { receiveBody } from './request-body';
import { header, httpDate, objectAddress, reply, requireBucket, requireObject, type S3Call, type S3Operation, type S3State } from './s3-state';
import { xmlDocument } from './xml';

/** S3's Content-Type when a PUT sends none. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
/** User metadata (names and values of `x-amz-meta-*`) is limited to 2 KB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html */
const MAX_METADATA_BYTES = 2048;
const REPRESENTATION_HEADERS = ['content-disposition', 'content-language', 'cache-control', 'expires'] as const;

/** What a PUT (or CreateMultipartUpload, or a CopyObject with REPLACE) says about the object besides its bytes. */
export function objectDescription(call: S3Call, key: string): Omit<StoredObject, 'body' | 'etag' | 'lastModified' | 'checksum' | 'partCount'> {
  const metadata: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(call.req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = text;
    metadataBytes += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(text);
  }
  if (metadataBytes > MAX_METADATA_BYTES) {
    throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { members: { Size: metadataBytes, MaxSizeAllowed: MAX_METADATA_BYTES } });
  }
  const representation: Record<string, string> = {};
  for (const name of REPRESENTATION_HEADERS) {
    const value = header(call, name);
    if (value !== undefined) representation[name] = value;
  }
  const encoding = storedContentEncoding(call.req.headers);
  if (encoding !== undefined) representation['content-encoding'] = encoding;
  return { key, contentType: header(call, 'content-type') ?? DEFAULT_CONTENT_TYPE, metadata, representation };
}

/** `If-None-Match: *` on a PUT: write only if no object has the key (conditional writes). https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html */
async function checkConditionalWrite(state: S3State, call: S3Call, bucket: string, key: string): Promise<void> {
  const existing = await state.store.getObject(bucket, key);
  const ifNoneMatch = header(call, 'if-none-match');
  const ifMatch = header(call, 'if-match');
  if ((ifNoneMatch === '*' && existing) || (ifMatch !== undefined && (!existing || !etagMatches(ifMatch, existing.etag)))) {
    throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { members: { Condition: ifNoneMatch !== undefined ? 'If-None-Match' : 'If-Match' } });
  }
}

export const putObject: S3Operation = async (state, call) => {
  const { bucket, key } = objectAddress(call);
  const description = objectDescription(call, key);
  const received = await receiveBody(call.req);
  await requireBucket(state, bucket);
  await checkConditionalWrite(state, call, bucket, key);
  const object: StoredObject = {
    ...description,
    body: received.bytes,
    etag: md5ETag(received.bytes),
    lastModified: new Date(state.clock.now()),
    ...(received.checksum ? { checksum: received.checksum } : {}),
  };
  await state.store.putObject(bucket, object);
  reply(call, 200, '', { ETag: object.etag, ...checksumHeaders(object.checksum) });
};

function etagMatches(condition: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return condition.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '').replace(/"/g, '') === bare;
  });
}

/**
 * GetObject's and HeadObject's conditional headers (RFC 9110 §13): If-Match → 412, If-None-Match → 304, and their
 * date forms. Returns the status to answer with, or undefined to serve the object.
 */
function conditionalStatus(call: S3Call, object: StoredObject): number | undefined {
  const ifMatch = header(call, 'if-match');
  const ifNoneMatch = header(call, 'if-none-match');
  const modifiedSeconds = Math.floor(object.lastModified.getTime() / 1000);
  const since = (name: string) => {
    const value = header(call, name);
    const time = value === undefined ? NaN : Date.parse(value);
    return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
  };
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) return 412;
  const unmodifiedSince = since('if-unmodified-since');
  if (ifMatch === undefined && unmodifiedSince !== undefined && modifiedSeconds > unmodifiedSince) return 412;
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, object.etag)) return 304;
  const modifiedSince = since('if-modified-since');
  if (ifNoneMatch === undefined && modifiedSince !== undefined && modifiedSeconds <= modifiedSince) return 304;
  return undefined;
}

/** `response-content-type` and its siblings override the stored headers of one GET. */
const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];

function objectHeaders(call: S3Call, object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    ETag: object.etag,
    'Last-Modified': httpDate(object.lastModified),
    'Accept-Ranges': 'bytes',
    ...object.representation,
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  for (const name of RESPONSE_OVERRIDES) {
    const override = call.query.get(`response-${name}`);
    if (override !== null) headers[name === 'content-type' ? 'Content-Type' : name] = override;
  }
  return headers;
}

async function serveObject(state: S3State, call: S3Call, withBody: boolean): Promise<void> {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  const object = await requireObject(state, bucket, key);
  const condition = conditionalStatus(call, object);
  if (condition === 412) throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { members: { Condition: 'If-Match' } });
  if (condition === 304) return reply(call, 304, '', { ETag: object.etag, 'Last-Modified': httpDate(object.lastModified) });
  const headers = objectHeaders(call, object);
  const size = object.body.length;
  const range = parseRange(header(call, 'range'), size);
  // A checksum describes the whole object, so S3 sends it only with the whole object.
  const checksums = header(call, 'x-amz-checksum-mode') === 'ENABLED' && !range ? checksumHeaders(object.checksum) : {};
  if (range) {
    const part = object.body.subarray(range.start, range.end + 1);
    const rangeHeaders = { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(part.length) };
    return reply(call, 206, withBody ? part : Buffer.alloc(0), rangeHeaders);
  }
  reply(call, 200, withBody ? object.body : Buffer.alloc(0), { ...headers, ...checksums, 'Content-Length': String(size) });
}

export const getObject: S3Operation = (state, call) => serveObject(state, call, true);

/** HeadObject: GetObject's headers, no body; its errors reach the client as bare status codes (HEAD has no body). */
export const headObject: S3Operation = (state, call) => serveObject(state, call, false);

/** DeleteObject: 204 whether or not the key existed (an unversioned bucket). */
export const deleteObject: S3Operation = async (state, call) => {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  await requireBucket(state, bucket);
  await state.store.deleteObject(bucket, key);
  reply(call, 204);
};

/** `x-amz-copy-source`: `[/]<bucket>/<key>[?versionId=...]`, URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const invalid = () => new AwsError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 400, { members: { ArgumentName: 'x-amz-copy-source', ArgumentValue: value } });
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.split('?', 1)[0] as string);
  } catch {
    throw invalid();
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/**
 * CopyObject: the source's bytes (and its checksum) under the new key; metadata copied unless
 * `x-amz-metadata-directive: REPLACE`. Copying an object onto itself must change something.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export const copyObject: S3Operation = async (state, call) => {
  call.req.resume();
  const { bucket, key } = objectAddress(call);
  const source = parseCopySource(header(call, 'x-amz-copy-source') as string);
  const directive = header(call, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new AwsError('InvalidArgument', 'Unknown metadata directive.', 400, { members: { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive } });
  }
  const original = await requireObject(state, source.bucket, source.key);
  await requireBucket(state, bucket);
  if (source.bucket === bucket && source.key === key && directive === 'COPY') {
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  const description = directive === 'REPLACE' ? objectDescription(call, key) : { key, contentType: original.contentType, metadata: original.metadata, representation: original.representation };
  const copy: StoredObject = {
    ...description,
    body: original.body,
    // A copy is written in one piece: its ETag is the MD5 of its bytes even when the source was multipart.
    etag: md5ETag(original.body),
    lastModified: new Date(state.clock.now()),
    ...(original.checksum && original.checksum.type === 'FULL_OBJECT' ? { checksum: original.checksum } : {}),
  };
  await state.store.putObject(bucket, copy);
  reply(call, 200, xmlDocument('CopyObjectResult', { LastModified: copy.lastModified, ETag: copy.etag, ...(copy.checksum ? { [`Checksum${copy.checksum.algorithm.toUpperCase()}`]: copy.checksum.value } : {}) }));
};
