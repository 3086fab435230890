/**
 * Renders an image's thumbnails with sharp (libvips): one per width, in the source's own format, upright and without
 * metadata. Pure in the sense that matters here: bytes in, bytes out, no I/O.
 * https://sharp.pixelplumbing.com/api-resize
 */
import sharp, { type FormatEnum } from 'sharp';
import { ImageTooLarge, UnsupportedImage } from './errors';

/** The formats a thumbnail keeps, and the Content-Type it is served with. Others (SVG, PDF, HEIF and AVIF, raw pixels) are refused. */
const CONTENT_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
} as const satisfies Partial<Record<keyof FormatEnum, string>>;

export type ThumbnailFormat = keyof typeof CONTENT_TYPES;

export interface Thumbnail {
  /** The width asked for. */
  readonly width: number;
  /** The thumbnail's real size: narrower than asked when the source is (images are never enlarged). */
  readonly outputWidth: number;
  readonly outputHeight: number;
  readonly body: Buffer;
}

export interface RenderedThumbnails {
  readonly format: ThumbnailFormat;
  readonly contentType: string;
  readonly thumbnails: readonly Thumbnail[];
}

export interface RenderLimits {
  readonly maxInputBytes: number;
  readonly maxInputPixels: number;
}

const isKeptFormat = (format: string | undefined): format is ThumbnailFormat => format !== undefined && format in CONTENT_TYPES;

/** sharp rejects with plain Errors; any of them while decoding means the bytes are not a usable image. */
async function decoding<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new UnsupportedImage(`${what} is not an image sharp can decode: ${(error as Error).message}`);
  }
}

/**
 * Thumbnails of `source` (named `what` in errors) at each width. `rotate()` without an angle applies the EXIF
 * Orientation and drops the tag, so a portrait photo taken sideways comes out portrait; sharp writes no metadata unless
 * asked (`keepMetadata`), so EXIF (GPS included), ICC and XMP are stripped. Throws UnsupportedImage or ImageTooLarge.
 */
export async function renderThumbnails(source: Buffer, widths: readonly number[], limits: RenderLimits, what = 'The object'): Promise<RenderedThumbnails> {
  if (source.length > limits.maxInputBytes) throw new ImageTooLarge(`${what} has ${source.length} bytes, above the limit of ${limits.maxInputBytes}`);
  // Reading the header only: the pixel limit is checked before anything is decoded.
  const metadata = await decoding(what, () => sharp(source).metadata());
  if (!isKeptFormat(metadata.format)) throw new UnsupportedImage(`${what} is ${metadata.format ?? 'of an unknown format'}, not one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0) * (metadata.pages ?? 1);
  if (pixels > limits.maxInputPixels) throw new ImageTooLarge(`${what} has ${pixels} pixels (${metadata.width}×${metadata.height}), above the limit of ${limits.maxInputPixels}`);

  const format = metadata.format;
  const thumbnails = await decoding(what, () =>
    Promise.all(
      widths.map(async (width) => {
        const { data, info } = await sharp(source, { limitInputPixels: limits.maxInputPixels, failOn: 'error' })
          .rotate()
          .resize({ width, withoutEnlargement: true })
          .toFormat(format)
          .toBuffer({ resolveWithObject: true });
        return { width, outputWidth: info.width, outputHeight: info.height, body: data };
      }),
    ),
  );
  return { format, contentType: CONTENT_TYPES[format], thumbnails };
}
