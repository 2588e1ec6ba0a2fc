import { type Message, msg } from '../../i18n/message.js';
import { MAX_IMAGE_BYTES } from './delivery.schemas.js';
import type { ImageKind } from './delivery.table.js';

/** What each image must be: a signature drawn on the phone is a PNG, a photo from its camera a JPEG. */
const FORMATS = {
  signature: { type: 'PNG', mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  photo: { type: 'JPEG', mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
} as const satisfies Record<ImageKind, { type: string; mime: string; magic: readonly number[] }>;

export type DecodedImage = { ok: true; mediaType: string; bytes: Buffer } | { ok: false; message: Message };

// Base64 grows bytes by 4/3: a longer text cannot decode within the limit, and is refused unread.
const MAX_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A data URL as the image it says it is: the media type named, base64 that decodes, at most
 * MAX_IMAGE_BYTES, and bytes that start as that format does (magic bytes: a text named image/png
 * is not taken on its word).
 */
export function decodeProofImage(kind: ImageKind, dataUrl: string): DecodedImage {
  const format = FORMATS[kind];
  const prefix = `data:${format.mime};base64,`;
  const params = { field: kind, type: format.type, mime: format.mime };
  if (!dataUrl.startsWith(prefix)) return { ok: false, message: msg('delivery.badImage', params) };
  const text = dataUrl.slice(prefix.length);
  const tooLarge = (bytes: number) => ({ ok: false as const, message: msg('delivery.imageTooLarge', { field: kind, maxKb: MAX_IMAGE_BYTES / 1024, kb: Math.ceil(bytes / 1024) }) });
  if (text.length > MAX_BASE64) return tooLarge(Math.floor((text.length * 3) / 4));
  if (text.length % 4 !== 0 || !BASE64.test(text)) return { ok: false, message: msg('delivery.badImage', params) };
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) return tooLarge(bytes.length);
  if (bytes.length < format.magic.length || format.magic.some((b, i) => bytes[i] !== b)) return { ok: false, message: msg('delivery.imageNotType', params) };
  return { ok: true, mediaType: format.mime, bytes };
}
