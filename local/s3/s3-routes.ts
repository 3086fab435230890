/**
 * S3 on the edge: which operation a REST-XML request is (by method, by whether it names a bucket and a key, and by
 * its subresource query parameters such as `?uploads` or `?list-type=2`), and S3's XML error for anything that fails.
 * A subresource this runtime does not serve (`?acl`, `?tagging`, ...) answers NotImplemented, as a 400 rather than
 * AWS's 501: here a 5xx means a bug of the runtime (the edge logs it), and an unsupported request is not one.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAPI.html
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendRestXmlError } from '../platform/protocols/rest-xml';
import { signingRegion, type ServiceRoute } from '../platform/service';
import { isUnsignedS3Request, s3Address } from './addressing';
import { createBucket, deleteBucket, deleteObjects, getBucketLocation, headBucket, listBuckets, listObjects, listObjectsV2 } from './bucket-operations';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart } from './multipart-operations';
import { copyObject, deleteObject, getObject, headObject, putObject } from './object-operations';
import type { S3Call, S3Operation, S3State } from './s3-state';

/** Query parameters that name an S3 subresource (a different operation on the same path) this runtime does not serve. */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle', 'logging',
  'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus', 'publicAccessBlock', 'renameObject',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'versioning', 'versions', 'website',
];

function notImplemented(what: string): AwsError {
  return new AwsError('NotImplemented', `A header or query you provided implies functionality that is not implemented: ${what}`, 400);
}

/** The operation a request names, or the error S3 answers it with. */
export function operationFor(method: string, call: Pick<S3Call, 'bucket' | 'key' | 'query' | 'req'>): S3Operation {
  const { bucket, key, query } = call;
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
  if (unsupported) throw notImplemented(`?${unsupported}`);
  if (bucket === undefined) {
    if (method === 'GET') return listBuckets;
    throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { members: { Method: method, ResourceType: 'SERVICE' } });
  }
  if (key === undefined) {
    switch (method) {
      case 'PUT':
        return createBucket;
      case 'HEAD':
        return headBucket;
      case 'DELETE':
        return deleteBucket;
      case 'GET':
        if (query.has('location')) return getBucketLocation;
        if (query.has('uploads')) throw notImplemented('ListMultipartUploads');
        return query.get('list-type') === '2' ? listObjectsV2 : listObjects;
      case 'POST':
        if (query.has('delete')) return deleteObjects;
        break;
    }
    throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { members: { Method: method, ResourceType: 'BUCKET' } });
  }
  const uploadId = query.has('uploadId');
  switch (method) {
    case 'PUT':
      if (call.req.headers['x-amz-copy-source'] !== undefined) {
        if (uploadId) throw notImplemented('UploadPartCopy');
        return copyObject;
      }
      return uploadId || query.has('partNumber') ? uploadPart : putObject;
    case 'GET':
    case 'HEAD':
      if (uploadId && method === 'GET') return listParts;
      // Serving one part of a multipart object needs its part boundaries, which the store does not keep; the whole
      // object in answer to a part would be wrong data, not a smaller feature.
      if (query.has('partNumber')) throw notImplemented('GetObject and HeadObject with partNumber');
      return method === 'GET' ? getObject : headObject;
    case 'DELETE':
      return uploadId ? abortMultipartUpload : deleteObject;
    case 'POST':
      if (query.has('uploads')) return createMultipartUpload;
      if (uploadId) return completeMultipartUpload;
      break;
  }
  throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { members: { Method: method, ResourceType: 'OBJECT' } });
}

async function serve(state: () => S3State, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  try {
    const current = state();
    const address = s3Address(req, url);
    const call: S3Call = { req, res, query: url.searchParams, ...address, region: signingRegion(req) ?? current.region, requestId };
    await operationFor(req.method ?? 'GET', call)(current, call);
  } catch (error) {
    req.resume();
    sendRestXmlError(res, asAwsError(error, 'InternalError'), requestId);
  }
}

/**
 * Two routes: requests signed for `s3` (the SDK and the CLI), and unsigned or presigned requests to an S3 host name
 * (a browser, curl, a presigned URL).
 */
export function s3Routes(state: () => S3State): ServiceRoute[] {
  const handle = (req: IncomingMessage, res: ServerResponse, url: URL) => serve(state, req, res, url);
  return [
    { match: { scope: 's3' }, handle },
    { match: { path: /^\//, when: isUnsignedS3Request }, handle },
  ];
}
