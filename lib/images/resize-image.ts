/**
 * One child of the image pipeline: makes the thumbnails of one object, unless they are already there.
 *
 * Idempotent, because a Distributed Map may run an item again (a retried child, a redrive, a second execution over the
 * same prefix): when every thumbnail exists, is at least as new as the source (S3's Last-Modified, whole seconds) and
 * was made from the source's current ETag, nothing is read or written. Each thumbnail records the request id of the
 * invocation that wrote it (`x-amz-meta-resized-by`), so a test or an operator can tell which images a run re-processed.
 */
import { ImageTooLarge } from './errors';
import type { ImageSettings } from './image-settings';
import type { ImageStore, StoredObject } from './image-store';
import { renderThumbnails, type ThumbnailFormat } from './render-thumbnails';
import type { ResizeRequest } from './resize-request';
import { isThumbnailKey, thumbnailKey } from './thumbnail-key';

/** User metadata on every thumbnail (S3 lower-cases the names). */
export const SOURCE_ETAG_METADATA = 'source-etag';
export const RESIZED_BY_METADATA = 'resized-by';

export interface ThumbnailRecord {
  readonly width: number;
  readonly key: string;
  /** Present when this invocation wrote it. */
  readonly outputWidth?: number;
  readonly outputHeight?: number;
  readonly bytes?: number;
}

export type ResizeOutcome =
  | { readonly key: string; readonly status: 'RESIZED'; readonly format: ThumbnailFormat; readonly contentType: string; readonly thumbnails: readonly ThumbnailRecord[] }
  /** Every thumbnail is newer than the source and made from its current ETag. */
  | { readonly key: string; readonly status: 'UP_TO_DATE'; readonly thumbnails: readonly ThumbnailRecord[] }
  /** The key is one of the pipeline's own thumbnails (a run over the whole bucket lists them). */
  | { readonly key: string; readonly status: 'SKIPPED_THUMBNAIL'; readonly reason: string }
  /** A zero-byte key ending in "/": the folder marker the S3 console creates. */
  | { readonly key: string; readonly status: 'SKIPPED_FOLDER'; readonly reason: string };

export interface ResizeDependencies {
  readonly store: ImageStore;
  readonly settings: ImageSettings;
  /** The Lambda request id, recorded on each thumbnail written. */
  readonly invocationId: string;
}

const isCurrent = (thumbnail: StoredObject | undefined, source: StoredObject): boolean =>
  thumbnail !== undefined && thumbnail.lastModified.getTime() >= source.lastModified.getTime() && thumbnail.metadata[SOURCE_ETAG_METADATA] === source.etag;

export async function resizeImage(request: ResizeRequest, { store, settings, invocationId }: ResizeDependencies): Promise<ResizeOutcome> {
  const { key } = request;
  if (isThumbnailKey(settings.thumbnailPrefix, key)) {
    return { key, status: 'SKIPPED_THUMBNAIL', reason: `Keys under ${settings.thumbnailPrefix} are the pipeline's own thumbnails` };
  }
  if (key.endsWith('/') && request.listedSize === 0) return { key, status: 'SKIPPED_FOLDER', reason: 'A zero-byte folder marker' };
  const what = `s3://${request.bucket}/${key}`;
  const limitBytes = (size: number) => {
    if (size > settings.maxInputBytes) throw new ImageTooLarge(`${what} has ${size} bytes, above the limit of ${settings.maxInputBytes}`);
  };
  if (request.listedSize !== undefined) limitBytes(request.listedSize);

  const source = await store.head(key);
  if (!source) throw new Error(`${what} no longer exists (deleted after it was listed)`);
  limitBytes(source.size);
  const targets = settings.thumbnailWidths.map((width) => ({ width, key: thumbnailKey(settings.thumbnailPrefix, width, key) }));
  const existing = await Promise.all(targets.map((target) => store.head(target.key)));
  if (existing.every((thumbnail) => isCurrent(thumbnail, source))) return { key, status: 'UP_TO_DATE', thumbnails: targets };

  const rendered = await renderThumbnails(await store.read(key), settings.thumbnailWidths, settings, what);
  const metadata = { [SOURCE_ETAG_METADATA]: source.etag, [RESIZED_BY_METADATA]: invocationId };
  const thumbnails = await Promise.all(
    rendered.thumbnails.map(async (thumbnail, index) => {
      const target = targets[index]!;
      await store.write(target.key, thumbnail.body, rendered.contentType, metadata);
      return { ...target, outputWidth: thumbnail.outputWidth, outputHeight: thumbnail.outputHeight, bytes: thumbnail.body.length };
    }),
  );
  return { key, status: 'RESIZED', format: rendered.format, contentType: rendered.contentType, thumbnails };
}
