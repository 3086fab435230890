/**
 * Typed settings of the resizeImage Lambda, read from the environment serverless.yml sets (`custom.images`), so widths
 * and limits are written once. A bad value fails loudly at the first invocation with ConfigurationError, which the
 * ASL does not retry: a deployment mistake is not fixed by trying again.
 */
import { ConfigurationError } from '../config';

type Env = Readonly<Record<string, string | undefined>>;

export interface ImageSettings {
  /** Thumbnail widths in pixels, ascending, without duplicates. */
  readonly thumbnailWidths: readonly number[];
  /** Where thumbnails go: `<prefix><width>/<source key>`. The pipeline never processes keys under it. */
  readonly thumbnailPrefix: string;
  /** Objects above this many bytes fail with ImageTooLarge before they are downloaded. */
  readonly maxInputBytes: number;
  /** Images above this many pixels (width × height × pages) fail with ImageTooLarge before they are decoded. */
  readonly maxInputPixels: number;
}

/** Defaults for a function deployed without the variables (tests, scripts); serverless.yml sets every one of them. */
export const DEFAULT_IMAGE_SETTINGS: ImageSettings = {
  thumbnailWidths: [320, 1024],
  thumbnailPrefix: 'thumbnails/',
  maxInputBytes: 25 * 1024 * 1024,
  maxInputPixels: 40_000_000,
};

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigurationError(`Environment variable ${name} must be a positive integer, got "${text}"`);
  return value;
}

function widths(text: string): number[] {
  const values = text.split(',').map((part) => positiveInteger('THUMBNAIL_WIDTHS', part.trim()));
  return [...new Set(values)].sort((a, b) => a - b);
}

function prefix(text: string): string {
  // An empty prefix would put thumbnails beside their sources, where the next run would list and resize them again.
  if (!/^[^/].*\/$/.test(text)) throw new ConfigurationError(`Environment variable THUMBNAIL_PREFIX must be a non-empty key prefix ending in "/", got "${text}"`);
  return text;
}

/** The settings from `env`, each variable optional (its default then applies) but never malformed. */
export function imageSettings(env: Env = process.env): ImageSettings {
  const read = <T>(name: string, parse: (text: string) => T, fallback: T): T => {
    const text = env[name];
    return text === undefined || text === '' ? fallback : parse(text);
  };
  return {
    thumbnailWidths: read('THUMBNAIL_WIDTHS', widths, DEFAULT_IMAGE_SETTINGS.thumbnailWidths),
    thumbnailPrefix: read('THUMBNAIL_PREFIX', prefix, DEFAULT_IMAGE_SETTINGS.thumbnailPrefix),
    maxInputBytes: read('MAX_INPUT_BYTES', (text) => positiveInteger('MAX_INPUT_BYTES', text), DEFAULT_IMAGE_SETTINGS.maxInputBytes),
    maxInputPixels: read('MAX_INPUT_PIXELS', (text) => positiveInteger('MAX_INPUT_PIXELS', text), DEFAULT_IMAGE_SETTINGS.maxInputPixels),
  };
}
