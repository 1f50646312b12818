/**
 * 字数 as Chinese users' word processors count it (WPS / Word "字数"), used for every 字 limit of the
 * 申报书, live in the browser and again on the server. The rules, applied per Unicode code point
 * (surrogate pairs are one code point):
 *
 * 1. Whitespace counts 0 and ends a run: everything JavaScript's `\s` matches (space, tab, CR, LF, VT,
 *    FF, NBSP U+00A0, U+1680, U+2000–200A, U+2028/2029, U+202F, U+205F, the ideographic space U+3000,
 *    BOM U+FEFF) plus the zero-width space U+200B.
 * 2. Each of these counts 1 on its own ("字"):
 *    - CJK ideographs: Unified Ideographs U+4E00–9FFF, Extension A U+3400–4DBF, Extensions B–F and I
 *      with the Compatibility Ideographs Supplement U+20000–2FA1F (plane 2), Extensions G and H
 *      U+30000–323AF (plane 3), Compatibility Ideographs U+F900–FAFF;
 *    - CJK radicals and strokes: CJK Radicals Supplement U+2E80–2EFF, Kangxi Radicals U+2F00–2FDF,
 *      Ideographic Description Characters U+2FF0–2FFF, CJK Strokes U+31C0–31EF;
 *    - CJK punctuation and symbols: CJK Symbols and Punctuation U+3001–303F, Enclosed CJK Letters and
 *      Months U+3200–32FF, CJK Compatibility U+3300–33FF, Vertical Forms U+FE10–FE1F, CJK Compatibility
 *      Forms U+FE30–FE4F, Small Form Variants U+FE50–FE6F;
 *    - full-width forms U+FF01–FF60 and U+FFE0–FFE6 (full-width ASCII such as ，！（Ａ１, and ￥);
 *      the half-width CJK punctuation, katakana and Hangul U+FF61–FFDC count 1 too, since they are
 *      still East Asian characters;
 *    - General Punctuation marks written as Chinese punctuation: ‘ ’ “ ” (U+2018/2019/201C/201D),
 *      — ― (U+2014/2015), ‖ (U+2016), ‥ … (U+2025/2026), ‧ (U+2027), ※ (U+203B), and the middle dot
 *      · U+00B7 used in transliterated names;
 *    - kana and other East Asian scripts: Hiragana, Katakana, Bopomofo, Hangul Compatibility Jamo,
 *      Kanbun, Bopomofo Extended, Katakana Phonetic Extensions (U+3040–31BF, U+31F0–31FF), Kana
 *      Supplement / Extended-A / Small Kana Extension U+1B000–1B16F, Hangul Syllables U+AC00–D7AF.
 * 3. Combining marks, variation selectors (U+FE00–FE0F, U+E0100–E01EF), ZWJ U+200D, emoji skin-tone
 *    modifiers and tag characters directly after a character of rule 2 belong to it and count 0
 *    (so an ideographic variation sequence is still one 字).
 * 4. Every maximal run of any other non-whitespace code points counts 1 — a Western word (`ABC2024`,
 *    `hello,`, `A-B`), a number, half-width punctuation, an emoji sequence (ZWJ, variation selectors and
 *    modifiers are inside the run). A character of rule 2 ends a run: `职教出海ABC2024，` is 4 + 1 + 1 = 6,
 *    `你好,world` is 2 + 1 = 3, `你好，world` is 2 + 1 + 1 = 4, `“hello”` is 1 + 1 + 1 = 3.
 */
export function countZi(text: string): number {
  let count = 0;
  let inRun = false;
  let afterZi = false;
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    if (isWhitespace(cp)) {
      inRun = false;
      afterZi = false;
    } else if (isZi(cp)) {
      count++;
      inRun = false;
      afterZi = true;
    } else if (afterZi && isExtender(char, cp)) {
      // Rule 3: stays with the 字 before it.
    } else {
      afterZi = false;
      if (!inRun) {
        count++;
        inRun = true;
      }
    }
  }
  return count;
}

/** True when `text` is within `limit` 字. */
export function withinZiLimit(text: string, limit: number): boolean {
  return countZi(text) <= limit;
}

const WHITESPACE = /\s/u;
const MARK = /\p{M}/u;

function isWhitespace(cp: number): boolean {
  return cp === 0x200b || WHITESPACE.test(String.fromCodePoint(cp));
}

/** Combining marks (variation selectors among them), ZWJ, emoji skin-tone modifiers, tag characters. */
function isExtender(char: string, cp: number): boolean {
  return cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f) || MARK.test(char);
}

/** Inclusive code point ranges of rule 2, sorted and non-overlapping, for a binary search. */
const ZI_RANGES: readonly (readonly [number, number])[] = [
  [0x00b7, 0x00b7], // · middle dot
  [0x2014, 0x2016], // — ― ‖
  [0x2018, 0x2019], // ‘ ’
  [0x201c, 0x201d], // “ ”
  [0x2025, 0x2027], // ‥ … ‧
  [0x203b, 0x203b], // ※
  [0x2e80, 0x2fff], // CJK Radicals Supplement, Kangxi Radicals, Ideographic Description Characters
  [0x3001, 0x303f], // CJK Symbols and Punctuation, without the ideographic space U+3000
  [0x3040, 0x31bf], // Hiragana, Katakana, Bopomofo, Hangul Compatibility Jamo, Kanbun, Bopomofo Extended
  [0x31c0, 0x31ff], // CJK Strokes, Katakana Phonetic Extensions
  [0x3200, 0x33ff], // Enclosed CJK Letters and Months, CJK Compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xac00, 0xd7af], // Hangul Syllables
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xfe10, 0xfe1f], // Vertical Forms
  [0xfe30, 0xfe6f], // CJK Compatibility Forms, Small Form Variants
  [0xff01, 0xffdc], // full-width ASCII and brackets; half-width CJK punctuation, katakana, Hangul
  [0xffe0, 0xffe6], // full-width signs ￠ ￡ ￢ ￣ ￤ ￥ ￦
  [0x1b000, 0x1b16f], // Kana Supplement, Kana Extended-A, Small Kana Extension
  [0x20000, 0x2fa1f], // Extensions B–F, I and the Compatibility Ideographs Supplement (plane 2)
  [0x30000, 0x323af], // Extensions G and H (plane 3)
];

function isZi(cp: number): boolean {
  if (cp < 0x00b7) return false;
  let lo = 0;
  let hi = ZI_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ZI_RANGES[mid];
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}
