/**
 * One page of a bucket listing, for ListObjectsV2 (ContinuationToken, StartAfter) and ListObjects (Marker): keys in
 * UTF-8 order under Prefix, keys sharing a part up to the next Delimiter rolled up into one CommonPrefix, at most
 * MaxKeys entries (objects and common prefixes together, capped at 1000) per page.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-prefixes.html
 */
import { AwsError } from '../platform/aws-error';
import { compareKeys, summaryOf, type ObjectStore, type ObjectSummary } from './object-store';

export const MAX_KEYS_LIMIT = 1000;

export interface ListRequest {
  readonly prefix: string;
  readonly delimiter?: string;
  /**
   * List entries after this one (StartAfter, Marker, or the position a continuation token holds). A common prefix
   * that sorts at or before it is not listed again, so that a page may end on a common prefix (NextMarker).
   */
  readonly after?: string;
  readonly maxKeys: number;
}

export interface ListPage {
  readonly objects: ObjectSummary[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix of the page: where the next one starts. */
  readonly last?: string;
}

/** MaxKeys from the query: 1000 when absent, capped at 1000; InvalidArgument when not a non-negative integer. */
export function parseMaxKeys(value: string | null): number {
  if (value === null) return MAX_KEYS_LIMIT;
  if (!/^\d{1,10}$/.test(value)) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { members: { ArgumentName: 'max-keys', ArgumentValue: value } });
  return Math.min(Number(value), MAX_KEYS_LIMIT);
}

export async function listPage(store: ObjectStore, bucket: string, request: ListRequest): Promise<ListPage> {
  const { prefix, delimiter, maxKeys } = request;
  // A page that can hold nothing has no last entry to continue from, so it cannot say "truncated" (S3 answers false).
  if (maxKeys === 0) return { objects: [], commonPrefixes: [], isTruncated: false };
  const objects: ObjectSummary[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let skipping: string | undefined;
  // Start no earlier than the prefix itself: keys before it cannot match.
  const after = request.after !== undefined && compareKeys(request.after, prefix) >= 0 ? request.after : undefined;
  const iterator = prefix !== '' && after === undefined ? afterPrefixStart(store, bucket, prefix) : store.objectsAfter(bucket, after);
  for await (const object of iterator) {
    if (!object.key.startsWith(prefix)) {
      if (compareKeys(object.key, prefix) > 0) break;
      continue;
    }
    if (skipping !== undefined && object.key.startsWith(skipping)) continue;
    const rest = object.key.slice(prefix.length);
    const at = delimiter ? rest.indexOf(delimiter) : -1;
    const entry = at >= 0 ? prefix + rest.slice(0, at + (delimiter as string).length) : object.key;
    if (at >= 0 && (entry === last || (request.after !== undefined && compareKeys(entry, request.after) <= 0))) {
      skipping = entry;
      continue;
    }
    if (objects.length + commonPrefixes.length >= maxKeys) return { objects, commonPrefixes, isTruncated: true, last };
    if (at >= 0) {
      commonPrefixes.push(entry);
      skipping = entry;
    } else objects.push(object);
    last = entry;
  }
  return { objects, commonPrefixes, isTruncated: false, last };
}

/** Objects from the prefix on (a key equal to the prefix included). */
async function* afterPrefixStart(store: ObjectStore, bucket: string, prefix: string): AsyncIterable<ObjectSummary> {
  const exact = await store.getObject(bucket, prefix);
  if (exact) yield summaryOf(exact);
  yield* store.objectsAfter(bucket, prefix);
}

/** ListObjectsV2's continuation token: opaque to clients; here the page's last entry as JSON, base64url-encoded. */
export function continuationToken(page: ListPage): string | undefined {
  if (!page.isTruncated || page.last === undefined) return undefined;
  return Buffer.from(JSON.stringify({ after: page.last }), 'utf8').toString('base64url');
}

export function readContinuationToken(token: string): { after: string } {
  try {
    const { after } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return { after };
  } catch {
    // Falls through to S3's answer.
  }
  throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400, { members: { ArgumentName: 'continuation-token' } });
}
