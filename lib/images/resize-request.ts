/**
 * The resizeImage Lambda's event: what the Distributed Map's ItemSelector builds for each child, the bucket from the
 * execution input and the object exactly as the s3:listObjectsV2 ItemReader lists it
 * (`{Key, Etag, LastModified, Size, StorageClass}`; https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html).
 */
import { z } from 'zod';
import { InvalidResizeRequest } from './errors';

const resizeRequestSchema = z.object({
  bucket: z.string().min(3).max(63),
  object: z.object({
    Key: z.string().min(1).max(1024),
    Etag: z.string().optional(),
    Size: z.number().int().nonnegative().optional(),
  }).loose(),
});

export interface ResizeRequest {
  readonly bucket: string;
  readonly key: string;
  /** The listed size, when the reader gave one: an object above the byte limit is refused without a request. */
  readonly listedSize: number | undefined;
}

export function parseResizeRequest(event: unknown): ResizeRequest {
  const parsed = resizeRequestSchema.safeParse(event);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
    throw new InvalidResizeRequest(`Expected {bucket, object: {Key, Size, ...}} from the Map's ItemSelector: ${fields}`);
  }
  return { bucket: parsed.data.bucket, key: parsed.data.object.Key, listedSize: parsed.data.object.Size };
}
