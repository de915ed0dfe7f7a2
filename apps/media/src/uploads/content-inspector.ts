import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { DomainError } from '#common';

/** Images sharp decodes, re-encodes without metadata and thumbnails (API.md). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
/**
 * Served inline with their own type: nothing a browser executes. Everything else (HTML, SVG, XML, scripts,
 * unknown bytes) is served as an application/octet-stream attachment.
 */
const INLINE_TYPES = new Set([
  ...IMAGE_TYPES,
  'application/pdf',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/x-wav',
  'audio/mp4',
  'audio/webm',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'video/ogg',
]);
export const THUMBNAIL_MAX_SIDE = 320;
export const OCTET_STREAM = 'application/octet-stream';

export const isInlineType = (contentType: string) => INLINE_TYPES.has(contentType);

export interface Inspected {
  contentType: string;
  width: number | null;
  height: number | null;
  /** The file to store: the upload itself, or its re-encoding without metadata. */
  servedPath: string;
  thumbnail: Buffer | null;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const unreadableImage = () =>
  DomainError.validation([{ field: 'file', message: 'the image could not be decoded, or has more pixels than allowed' }], 'Unreadable image');

/**
 * Detects the type from the bytes (never the client's word). An image is decoded with a pixel limit (a
 * decompression bomb fails before it is expanded), re-encoded in its own format into `reencodedPath` (sharp
 * writes no metadata unless asked: EXIF and GPS are gone; the EXIF orientation is applied first), and gets
 * a WebP thumbnail of at most 320 px on its longest side.
 */
export async function inspectUpload(path: string, reencodedPath: string, maxPixels: number): Promise<Inspected> {
  const detected = await fileTypeFromFile(path);
  const contentType = detected?.mime ?? OCTET_STREAM;
  if (!IMAGE_TYPES.has(contentType)) return { contentType, width: null, height: null, servedPath: path, thumbnail: null };
  const animated = contentType === 'image/gif' || contentType === 'image/webp';
  try {
    const input = () => sharp(path, { limitInputPixels: maxPixels, animated, failOn: 'error' });
    const meta = await input().metadata();
    let pipeline = input();
    // Orientation is EXIF too: apply it to the pixels before the metadata goes (still images only).
    if (!animated || (meta.pages ?? 1) === 1) pipeline = pipeline.rotate();
    const format = contentType === 'image/jpeg' ? 'jpeg' : contentType === 'image/png' ? 'png' : contentType === 'image/gif' ? 'gif' : 'webp';
    await pipeline.toFormat(format).toFile(reencodedPath);
    const served = await sharp(reencodedPath, { animated, limitInputPixels: maxPixels }).metadata();
    const width = served.width ?? null;
    const height = served.pageHeight ?? served.height ?? null;
    const thumbnail = await sharp(reencodedPath, { limitInputPixels: maxPixels })
      .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp()
      .toBuffer();
    return { contentType, width, height, servedPath: reencodedPath, thumbnail };
  } catch {
    throw unreadableImage();
  }
}

/** Avatars: any decodable image, cropped to a centred square, as 256 px and 64 px WebP. */
export async function avatarVariants(path: string, maxPixels: number): Promise<{ large: Buffer; small: Buffer }> {
  const detected = await fileTypeFromFile(path);
  if (!detected || !IMAGE_TYPES.has(detected.mime)) {
    throw DomainError.validation([{ field: 'file', message: 'an avatar must be a JPEG, PNG, WebP or GIF image' }]);
  }
  try {
    const square = (side: number) =>
      sharp(path, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().resize(side, side, { fit: 'cover', position: 'centre' }).webp().toBuffer();
    return { large: await square(256), small: await square(64) };
  } catch {
    throw unreadableImage();
  }
}
