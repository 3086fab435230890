/**
 * The two resizers the image figure compares, doing the same work: decode a JPEG, turn it upright by its EXIF
 * orientation, make one JPEG per width (never enlarged), encode. sharp is what resizeImage uses (libvips, native);
 * jimp is the pure-JavaScript library people reach for when a native binary is unwelcome.
 */
import { Jimp } from 'jimp';
import sharp from 'sharp';

export type ResizerName = 'sharp' | 'jimp';

export type Resizer = (source: Buffer, widths: readonly number[]) => Promise<Buffer[]>;

const withSharp: Resizer = (source, widths) =>
  Promise.all(widths.map((width) => sharp(source).rotate().resize({ width, withoutEnlargement: true }).jpeg().toBuffer()));

/** jimp applies the EXIF orientation when it reads; each width resizes its own copy of the decoded image. */
const withJimp: Resizer = async (source, widths) => {
  const image = await Jimp.read(source);
  return Promise.all(widths.map((width) => image.clone().resize({ w: Math.min(width, image.width) }).getBuffer('image/jpeg')));
};

export const RESIZERS: Readonly<Record<ResizerName, Resizer>> = { sharp: withSharp, jimp: withJimp };
