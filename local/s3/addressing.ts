/**
 * Which bucket and key a request names, and whether a request the SigV4 scope does not claim is S3's anyway. S3 takes
 * the bucket from the Host (virtual-hosted style, `<bucket>.s3.<region>.amazonaws.com`) or from the first path segment
 * (path style); locally, as LocalStack does, `<bucket>.s3.localhost.localstack.cloud` and `<bucket>.localhost` are
 * virtual hosts too. Signed requests reach S3 by their credential scope (`/s3/aws4_request`); unsigned ones by an S3
 * host, presigned ones by the scope in `X-Amz-Credential`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 * https://docs.localstack.cloud/aws/services/s3/
 */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../platform/aws-error';
import { signingService, type RequestTest } from '../platform/service';

export interface S3Address {
  readonly bucket?: string;
  readonly key?: string;
  /** How the bucket was named: by the Host or by the path. */
  readonly style: 'virtual-host' | 'path';
}

/** `<bucket>.s3[.<region>|-<region>].(localhost.localstack.cloud|amazonaws.com)` and `<bucket>.localhost`. */
const VIRTUAL_HOST = /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.(?:localhost\.localstack\.cloud|amazonaws\.com(?:\.cn)?)$/;
const LOCALHOST_SUBDOMAIN = /^(.+)\.localhost$/;
/** S3's own host names, with no bucket in them: path-style requests. */
const S3_HOST = /^s3(?:[.-][a-z0-9-]+)?\.(?:localhost\.localstack\.cloud|amazonaws\.com(?:\.cn)?)$/;

function hostName(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  // `[::1]:4566` keeps its brackets; `name:4566` loses its port.
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

/** The bucket the Host names, if the Host is a virtual host. */
export function virtualHostBucket(req: IncomingMessage): string | undefined {
  const host = hostName(req);
  const bucket = VIRTUAL_HOST.exec(host)?.[1] ?? LOCALHOST_SUBDOMAIN.exec(host)?.[1];
  return bucket === 's3' ? undefined : bucket;
}

/**
 * Claims requests no SigV4 header signs but that are S3's: to an S3 host (virtual or not), or presigned for `s3`.
 * A request signed for another service is never claimed, whatever its Host.
 */
export const isUnsignedS3Request: RequestTest = (req, url) => {
  if (signingService(req) !== undefined) return false;
  if (/\/\d{8}\/[^/]+\/s3\/aws4_request$/.test(url.searchParams.get('X-Amz-Credential') ?? '')) return true;
  return virtualHostBucket(req) !== undefined || S3_HOST.test(hostName(req));
};

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400, { members: { URI: text } });
  }
}

/**
 * The bucket and key. The raw request target is read rather than the parsed URL, which would resolve `.` and `..`
 * segments: `a/../b` is a key of its own to S3.
 */
export function s3Address(req: IncomingMessage, url: URL): S3Address {
  const target = req.url ?? '/';
  const rawPath = target.startsWith('/') ? target.split('?', 1)[0] as string : url.pathname;
  const fromHost = virtualHostBucket(req);
  if (fromHost !== undefined) {
    const key = decoded(rawPath.slice(1));
    return { bucket: fromHost, ...(key !== '' ? { key } : {}), style: 'virtual-host' };
  }
  const slash = rawPath.indexOf('/', 1);
  const bucket = decoded(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
  const key = slash < 0 ? '' : decoded(rawPath.slice(slash + 1));
  return { ...(bucket !== '' ? { bucket } : {}), ...(key !== '' ? { key } : {}), style: 'path' };
}
