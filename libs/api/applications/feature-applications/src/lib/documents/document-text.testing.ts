// Test helpers (not exported from the library): the text a reader of the generated documents sees.
import JSZip from 'jszip';

export interface PdfTextItem {
  str: string;
  /** Baseline origin in PDF points from the page's bottom left. */
  x: number;
  y: number;
  width: number;
  /** Drawn at an angle (the watermark). */
  rotated: boolean;
}

/** Each page's text items, in content-stream order, as pdf.js extracts them. */
export async function pdfItems(pdf: Buffer): Promise<PdfTextItem[][]> {
  // pdf.js 6 expects Node 22's Promise.withResolvers; Node 20 lacks it.
  const promise = Promise as unknown as { withResolvers?: () => unknown };
  promise.withResolvers ??= () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const created = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, useSystemFonts: false });
  const document = await task.promise;
  const pages: PdfTextItem[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, rotated: Math.abs(item.transform[1] as number) > 1e-6 }] : [],
      ),
    );
  }
  await task.destroy();
  return pages;
}

/** Below the bottom margin (80 pt): the footer's zone. */
const FOOTER_TOP = 80;

/** One page's text by zone: the body, the footer below the bottom margin, the rotated watermark. */
export function zoneText(items: readonly PdfTextItem[], zone: 'body' | 'footer' | 'watermark'): string {
  return items
    .filter((item) => (zone === 'watermark' ? item.rotated : !item.rotated && (zone === 'footer' ? item.y < FOOTER_TOP : item.y >= FOOTER_TOP)))
    .map((item) => item.str)
    .join('');
}

/** The body text of all pages run together (what every page repeats left out), whitespace removed. */
export function bodyText(pages: readonly (readonly PdfTextItem[])[]): string {
  return squeeze(pages.map((items) => zoneText(items, 'body')).join(''));
}

/** The text of one part of a .docx (word/document.xml, word/footer1.xml …), a line per paragraph. */
export async function docxPart(docx: Buffer, part = 'word/document.xml'): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file(part)?.async('string');
  if (xml === undefined) throw new Error(`${part} is not in the document`);
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<[^>]+>/g, (_, text: string | undefined) => text ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Whitespace removed: line breaks and spacing differ between layouts, the characters do not. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Where each expected part sits in the text, in order, or the first part not found after the previous one. */
export function missingInOrder(text: string, parts: readonly string[]): string | undefined {
  const haystack = squeeze(text);
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(squeeze(part), from);
    if (at < 0) return part;
    from = at + squeeze(part).length;
  }
  return undefined;
}
