/**
 * The bucket operations: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation, and the listings
 * (ListObjectsV2, ListObjects) and DeleteObjects, which act on a bucket's keys.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */
import { AwsError } from '../platform/aws-error';
import { escapeXml } from '../platform/protocols/xml';
import { continuationToken, listPage, parseMaxKeys, readContinuationToken, type ListPage } from './list-objects';
import type { ObjectSummary } from './object-store';
import { receiveDocument } from './request-body';
import { reply, requireBucket, type S3Call, type S3Operation, type S3State } from './s3-state';
import { childrenNamed, childText, malformed, readXml, S3_XML_NAMESPACE, xmlDocument, type XmlElements } from './xml';

/** The region whose legacy behaviour differs (re-creating your own bucket succeeds; GetBucketLocation answers empty). */
const US_EAST_1 = 'us-east-1';

/**
 * S3's bucket naming rules, the ones a name alone can break.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function validBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}

function bucketOf(call: S3Call): string {
  return call.bucket as string;
}

/** The owner every local bucket and object has (LocalStack's canonical id for its default account). */
const OWNER = { ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', DisplayName: 'webfile' };

function alreadyOwned(bucket: string): AwsError {
  return new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { members: { BucketName: bucket } });
}

export const createBucket: S3Operation = async (state, call) => {
  const bucket = bucketOf(call);
  const document = await receiveDocument(call.req);
  let region = call.region;
  if (document.trim() !== '') {
    const configuration = readXml(document);
    if (configuration.name !== 'CreateBucketConfiguration') throw malformed();
    const constraint = childText(configuration, 'LocationConstraint');
    if (constraint !== undefined && constraint !== '') region = constraint;
  }
  if (!validBucketName(bucket)) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { members: { BucketName: bucket } });
  const existing = await state.store.bucket(bucket);
  if (existing) {
    // "For legacy compatibility, if you re-create an existing bucket that you already own in the North Virginia
    // Region, Amazon S3 returns 200 OK." https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
    if (existing.region === US_EAST_1 && region === US_EAST_1) return reply(call, 200, '', { Location: `/${bucket}` });
    throw alreadyOwned(bucket);
  }
  // False when a concurrent request created it between the lookup and now: the same answer.
  if (!(await state.store.createBucket({ name: bucket, region, creationDate: new Date(state.clock.now()) }))) throw alreadyOwned(bucket);
  reply(call, 200, '', { Location: `/${bucket}` });
};

export const headBucket: S3Operation = async (state, call) => {
  call.req.resume();
  const record = await requireBucket(state, bucketOf(call));
  reply(call, 200, '', { 'x-amz-bucket-region': record.region, 'x-amz-access-point-alias': 'false' });
};

export const deleteBucket: S3Operation = async (state, call) => {
  call.req.resume();
  const bucket = bucketOf(call);
  await requireBucket(state, bucket);
  if ((await state.store.objectCount(bucket)) > 0) {
    throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { members: { BucketName: bucket } });
  }
  state.uploads.removeBucket(bucket);
  await state.store.deleteBucket(bucket);
  reply(call, 204);
};

export const getBucketLocation: S3Operation = async (state, call) => {
  call.req.resume();
  const { region } = await requireBucket(state, bucketOf(call));
  const constraint = region === US_EAST_1 ? '' : escapeXml(region);
  reply(call, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XML_NAMESPACE}">${constraint}</LocationConstraint>`);
};

/** ListBuckets, with its Prefix, MaxBuckets and ContinuationToken (a bucket name to start after). */
export const listBuckets: S3Operation = async (state, call) => {
  call.req.resume();
  const prefix = call.query.get('prefix') ?? '';
  const after = call.query.get('continuation-token');
  const max = call.query.has('max-buckets') ? Number(call.query.get('max-buckets')) : 10_000;
  if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new AwsError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', 400);
  const matching = (await state.store.buckets()).filter((bucket) => bucket.name.startsWith(prefix) && (after === null || bucket.name > after));
  const page = matching.slice(0, max);
  const truncated = matching.length > page.length;
  reply(
    call,
    200,
    xmlDocument('ListAllMyBucketsResult', {
      Owner: OWNER,
      Buckets: { Bucket: page.map((bucket) => ({ Name: bucket.name, CreationDate: bucket.creationDate, BucketRegion: bucket.region })) },
      ContinuationToken: truncated ? page[page.length - 1]?.name : undefined,
      Prefix: call.query.has('prefix') ? prefix : undefined,
    }),
  );
};

/** `encoding-type=url`: keys go back URL-encoded (the CLI always asks, so that any key survives XML). */
function encoder(call: S3Call): (text: string) => string {
  const type = call.query.get('encoding-type');
  if (type === null) return (text) => text;
  if (type !== 'url') throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, { members: { ArgumentName: 'encoding-type', ArgumentValue: type } });
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

function contents(objects: readonly ObjectSummary[], encode: (text: string) => string, withOwner: boolean): XmlElements[] {
  return objects.map((object) => ({
    Key: encode(object.key),
    LastModified: object.lastModified,
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum?.algorithm.toUpperCase(),
    ChecksumType: object.checksum?.type,
    Size: object.size,
    Owner: withOwner ? OWNER : undefined,
    StorageClass: 'STANDARD',
  }));
}

/** What both listings read from the request, after checking the bucket exists. */
async function listingRequest(state: S3State, call: S3Call) {
  call.req.resume();
  const bucket = bucketOf(call);
  await requireBucket(state, bucket);
  const encode = encoder(call);
  return {
    bucket,
    encode,
    prefix: call.query.get('prefix') ?? '',
    delimiter: call.query.get('delimiter') || undefined,
    maxKeys: parseMaxKeys(call.query.get('max-keys')),
  };
}

/** The elements both listings end with, in this order. */
function listingTail(call: S3Call, page: ListPage, encode: (text: string) => string) {
  return {
    EncodingType: call.query.get('encoding-type') ?? undefined,
    IsTruncated: page.isTruncated,
    Contents: contents(page.objects, encode, call.query.get('fetch-owner') === 'true' || call.query.get('list-type') !== '2'),
    CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
  };
}

/** ListObjectsV2. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html */
export const listObjectsV2: S3Operation = async (state, call) => {
  const { bucket, encode, prefix, delimiter, maxKeys } = await listingRequest(state, call);
  const startAfter = call.query.get('start-after') ?? undefined;
  const token = call.query.get('continuation-token');
  // A continuation token takes precedence over StartAfter.
  const position = token !== null ? readContinuationToken(token) : { after: startAfter };
  const page = await listPage(state.store, bucket, { prefix, delimiter, maxKeys, ...position });
  reply(
    call,
    200,
    xmlDocument('ListBucketResult', {
      Name: bucket,
      Prefix: encode(prefix),
      Delimiter: delimiter === undefined ? undefined : encode(delimiter),
      StartAfter: startAfter === undefined ? undefined : encode(startAfter),
      ContinuationToken: token ?? undefined,
      NextContinuationToken: continuationToken(page),
      KeyCount: page.objects.length + page.commonPrefixes.length,
      MaxKeys: maxKeys,
      ...listingTail(call, page, encode),
    }),
  );
};

/** ListObjects (version 1): Marker instead of a token; NextMarker only with a Delimiter. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html */
export const listObjects: S3Operation = async (state, call) => {
  const { bucket, encode, prefix, delimiter, maxKeys } = await listingRequest(state, call);
  const marker = call.query.get('marker') ?? '';
  const page = await listPage(state.store, bucket, { prefix, delimiter, maxKeys, ...(marker !== '' ? { after: marker } : {}) });
  reply(
    call,
    200,
    xmlDocument('ListBucketResult', {
      Name: bucket,
      Prefix: encode(prefix),
      Marker: encode(marker),
      NextMarker: page.isTruncated && delimiter !== undefined && page.last !== undefined ? encode(page.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter === undefined ? undefined : encode(delimiter),
      ...listingTail(call, page, encode),
    }),
  );
};

/** The most keys one DeleteObjects takes. */
const MAX_DELETE_KEYS = 1000;

/** DeleteObjects: a key that does not exist counts as deleted, as S3 has no versioning here. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html */
export const deleteObjects: S3Operation = async (state: S3State, call: S3Call) => {
  const bucket = bucketOf(call);
  const document = readXml(await receiveDocument(call.req));
  await requireBucket(state, bucket);
  if (document.name !== 'Delete') throw malformed();
  const objects = childrenNamed(document, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformed();
  const keys = objects.map((object) => {
    const key = childText(object, 'Key');
    if (key === undefined) throw malformed();
    return key;
  });
  const quiet = childText(document, 'Quiet')?.trim() === 'true';
  for (const key of keys) await state.store.deleteObject(bucket, key);
  reply(call, 200, xmlDocument('DeleteResult', { Deleted: quiet ? [] : keys.map((key) => ({ Key: key })) }));
};
