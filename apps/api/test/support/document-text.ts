// The text a reader of an exported .pdf or .docx sees (pdf.js and the .docx's XML), for the tests.
import JSZip from 'jszip';

export interface PdfTextItem {
  str: string;
  /** Baseline in points from the page's bottom edge. */
  y: number;
  /** Drawn at an angle: the watermark. */
  rotated: boolean;
}

/** Each page's text items in content-stream order. */
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
    pages.push(content.items.flatMap((item) => ('str' in item ? [{ str: item.str, y: item.transform[5] as number, rotated: Math.abs(item.transform[1] as number) > 1e-6 }] : [])));
  }
  await task.destroy();
  return pages;
}

/** Below the renderer's 80 pt bottom margin: the footer. */
export function footerText(items: readonly PdfTextItem[]): string {
  return squeeze(items.filter((item) => !item.rotated && item.y < 80).map((item) => item.str).join(''));
}

export function bodyText(pages: readonly (readonly PdfTextItem[])[]): string {
  return squeeze(pages.map((items) => items.filter((item) => !item.rotated && item.y >= 80).map((item) => item.str).join('')).join(''));
}

export function watermarkText(items: readonly PdfTextItem[]): string {
  return items.filter((item) => item.rotated).map((item) => item.str).join('');
}

/** One part of a .docx as text, a line per paragraph. */
export async function docxPart(docx: Buffer, part = 'word/document.xml'): Promise<string | undefined> {
  const xml = await (await JSZip.loadAsync(docx)).file(part)?.async('string');
  return xml?.replace(/<\/w:p>/g, '\n').replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<[^>]+>/g, (_, text: string | undefined) => text ?? '').replace(/&amp;/g, '&');
}

export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
