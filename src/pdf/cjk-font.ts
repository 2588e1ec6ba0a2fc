import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The TrueType Noto Sans SC files shipped by @expo-google-fonts/noto-sans-sc (an npm dependency, so
 * `npm ci` alone gives labels their Chinese text). pdfkit embeds only the glyphs used.
 */
export function cjkFontPath(weight: 'regular' | 'bold' = 'regular'): string {
  const root = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return weight === 'bold' ? join(root, '700Bold', 'NotoSansSC_700Bold.ttf') : join(root, '400Regular', 'NotoSansSC_400Regular.ttf');
}

let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

/**
 * The Noto Sans SC files, read once per process (about 10 MB each): every document registers the
 * same bytes, and pdfkit embeds only the glyphs that document used.
 */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  fontBytes ??= { regular: readFileSync(cjkFontPath('regular')), bold: readFileSync(cjkFontPath('bold')) };
  return fontBytes;
}
