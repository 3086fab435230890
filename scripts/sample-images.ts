/**
 * Sample images made by sharp itself, so the seed, the tests and the benchmark need no binary fixtures in git: each is
 * a colour field with noise (so JPEG and WebP have real work to do), in the format and size asked for, optionally with
 * an EXIF Orientation tag as a phone camera writes it.
 */
import sharp from 'sharp';

export type SampleFormat = 'jpeg' | 'png' | 'webp';

export interface SampleImageOptions {
  readonly format: SampleFormat;
  readonly width: number;
  readonly height: number;
  /** Varies the colour, so two samples differ. */
  readonly seed?: number;
  /** EXIF Orientation (1-8) to record; 6 is "rotate 90° clockwise to view", a phone held upright. */
  readonly orientation?: number;
  /** Extra EXIF fields (IFD0), to prove the thumbnails strip them. */
  readonly exif?: Readonly<Record<string, string>>;
}

export const CONTENT_TYPE: Readonly<Record<SampleFormat, string>> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function sampleImage({ format, width, height, seed = 0, orientation, exif }: SampleImageOptions): Promise<Buffer> {
  const background = { r: (seed * 67) % 256, g: (seed * 131 + 80) % 256, b: (seed * 29 + 160) % 256 };
  let image = sharp({ create: { width, height, channels: 3, background, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    // The noise replaces the background; tinting brings the seed's colour back.
    .tint(background)
    .toFormat(format);
  if (orientation !== undefined) image = image.withMetadata({ orientation });
  if (exif !== undefined) image = image.withExif({ IFD0: { ...exif } });
  return image.toBuffer();
}

/** A JPEG's first bytes followed by garbage: named like an image, listed like one, decodable by nobody. */
export function corruptImage(seed = 0): Buffer {
  const garbage = Buffer.alloc(2048, (seed * 7 + 13) % 256);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a JPEG'), garbage]);
}
