/**
 * Where a thumbnail lives. Thumbnails sit under a prefix of their own (`thumbnails/<width>/<source key>`), so listing
 * the pipeline's input prefix (e.g. `uploads/`) never returns them; and should someone start the pipeline over the
 * whole bucket (an empty prefix), the Lambda recognises its own output and skips it instead of making thumbnails of
 * thumbnails.
 */

export function thumbnailKey(thumbnailPrefix: string, width: number, sourceKey: string): string {
  return `${thumbnailPrefix}${width}/${sourceKey}`;
}

export function isThumbnailKey(thumbnailPrefix: string, key: string): boolean {
  return key.startsWith(thumbnailPrefix);
}
