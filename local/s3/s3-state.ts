/**
 * What every S3 operation works with: the request as S3 addresses it, the store, the open multipart uploads and the
 * runtime's clock; plus the lookups that answer S3's "does not exist" errors and the one way responses are written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../edge/http-io';
import { AwsError } from '../platform/aws-error';
import type { Clock } from '../platform/clock';
import type { MultipartUploads } from './multipart';
import type { BucketRecord, ObjectStore, StoredObject } from './object-store';

export interface S3State {
  readonly store: ObjectStore;
  readonly uploads: MultipartUploads;
  readonly clock: Clock;
  /** The runtime's region: where a bucket goes when neither LocationConstraint nor the signature names one. */
  readonly region: string;
}

/** One request, addressed. */
export interface S3Call {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  readonly bucket?: string;
  readonly key?: string;
  /** The SigV4 scope's region, else the runtime's. */
  readonly region: string;
  readonly requestId: string;
}

export type S3Operation = (state: S3State, call: S3Call) => Promise<void> | void;

export function noSuchBucket(bucket: string): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { members: { BucketName: bucket } });
}

export async function requireBucket(state: S3State, bucket: string): Promise<BucketRecord> {
  const record = await state.store.bucket(bucket);
  if (!record) throw noSuchBucket(bucket);
  return record;
}

export async function requireObject(state: S3State, bucket: string, key: string): Promise<StoredObject> {
  await requireBucket(state, bucket);
  const object = await state.store.getObject(bucket, key);
  if (!object) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { members: { Key: key } });
  return object;
}

/** The bucket and key of an object operation (the router only sends requests that have both). */
export function objectAddress(call: S3Call): { bucket: string; key: string } {
  return { bucket: call.bucket as string, key: call.key as string };
}

/** A response with S3's request id; XML bodies say so. */
export function reply(call: S3Call, status: number, body: string | Buffer = '', headers: Record<string, string> = {}): void {
  const type: Record<string, string> = typeof body === 'string' && body !== '' ? { 'Content-Type': 'application/xml' } : {};
  send(call.res, status, body, { 'x-amz-request-id': call.requestId, ...type, ...headers });
}

/** A single header's value (Node joins or arrays repeated ones). */
export function header(call: S3Call, name: string): string | undefined {
  const value = call.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Last-Modified` and `Date` in HTTP's format; S3 has second precision there. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
