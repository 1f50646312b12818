import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Noto Sans SC from its npm package (full GB 18030 coverage; the PDF embeds only the glyphs it uses).
 * Resolved through Node's module resolution, so the bundled API finds it in node_modules at run time.
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontWeight = keyof typeof FONT_FILES;

const cache = new Map<FontWeight, Buffer>();

export function fontPath(weight: FontWeight): string {
  return createRequire(import.meta.url).resolve(FONT_FILES[weight]);
}

/** The font file's bytes, read once per process (about 10 MB each). */
export function fontData(weight: FontWeight): Buffer {
  let data = cache.get(weight);
  if (!data) {
    data = readFileSync(fontPath(weight));
    cache.set(weight, data);
  }
  return data;
}
