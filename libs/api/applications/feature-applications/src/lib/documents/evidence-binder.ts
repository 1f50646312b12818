import { PDFDocument as PdfLibDocument, type PDFPage, degrees } from 'pdf-lib';
import PDFDocument from 'pdfkit';
import { EVIDENCE_CATEGORIES } from '@dahe/shared/form';
import type { EvidencePages } from './application-document';
import { fontData } from './fonts';

/**
 * The 佐证材料 binder: a cover, a table of contents by category with page ranges, then every uploaded
 * PDF page as it is and every image scaled onto an A4 page, with continuous page numbers in every
 * page's footer.
 *
 * pdfkit writes everything that has text (cover, contents, image pages, and one footer "stamp" page per
 * evidence PDF page), with the CJK font subset it already embeds for the 申报书; pdf-lib then copies the
 * evidence PDFs' pages and lays each stamp over its page. Page numbers are known before anything is
 * drawn: the evidence page counts come from the files, the contents' length from its line layout.
 */

export type BinderMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface BinderFile {
  filename: string;
  mediaType: BinderMediaType | string;
  data: Buffer;
}

export interface BinderItem {
  id: string;
  /** An evidence category code (degree … cultural_exchange). */
  category: string;
  title: string;
  files: BinderFile[];
}

export interface BinderInput {
  schoolName: string;
  projectName: string;
  /** In upload order; the binder groups them by category in the notice's order. */
  items: BinderItem[];
  /** The document's creation time; pinned for byte-equal output. */
  createdAt: Date;
}

export interface EvidenceBinder {
  data: Buffer;
  pageCount: number;
  /** Each item's pages in the binder (1-based, as stamped). */
  pages: Map<string, EvidencePages>;
}

/** An evidence file the binder cannot include (corrupt, encrypted, not a PDF/JPEG/PNG). */
export class UnreadableEvidenceError extends Error {
  override name = 'UnreadableEvidenceError';
  constructor(
    readonly filename: string,
    readonly itemTitle: string,
    readonly reason: 'encrypted' | 'corrupt' | 'unsupported',
  ) {
    const why = reason === 'encrypted' ? 'is encrypted (password-protected)' : reason === 'corrupt' ? 'cannot be read (corrupt or not a valid file)' : 'is not a PDF, JPEG or PNG file';
    super(`The evidence file “${filename}” of “${itemTitle}” ${why}; replace it to compile the binder`);
  }
}

/** A4 in points, margins as the 申报书 (wider left margin for binding). */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 72, bottom: 80, left: 82, right: 64 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const REGULAR = 'NotoSansSC';
const BOLD = 'NotoSansSC-Bold';
/** The stamp's baseline zone: 28 pt above the visible page's bottom edge. */
const STAMP_BOTTOM = 28;
const STAMP_SIZE = 9;

const TOC = { titleSize: 18, categorySize: 12.5, itemSize: 11, lineGap: 6, numberWidth: 70, indent: 18 };

/** One binder page after the front matter. */
type EvidencePage =
  | { kind: 'pdf'; source: number; index: number; width: number; height: number; rotation: 0 | 90 | 180 | 270; offsetX: number; offsetY: number }
  | { kind: 'image'; file: BinderFile; itemTitle: string };

interface TocLine {
  kind: 'category' | 'item';
  text: string;
  /** Printed on the item's last line, right-aligned. */
  pages?: string;
  height: number;
}

type KitDoc = PDFKit.PDFDocument;

export async function compileEvidenceBinder(input: BinderInput): Promise<EvidenceBinder> {
  const categories = EVIDENCE_CATEGORIES.map((category) => ({ category, items: input.items.filter((item) => item.category === category.code) }));

  // 1. The evidence pages, read from the files (a file that cannot be read stops here, by name).
  const sources: PdfLibDocument[] = [];
  const itemPages: { item: BinderItem; pages: EvidencePage[] }[] = [];
  for (const { items } of categories) {
    for (const item of items) {
      const pages: EvidencePage[] = [];
      for (const file of item.files) {
        if (file.mediaType === 'application/pdf') {
          const source = await loadPdf(file, item.title);
          sources.push(source);
          source.getPages().forEach((page, index) => pages.push({ kind: 'pdf', source: sources.length - 1, index, ...visibleBox(page) }));
        } else if (file.mediaType === 'image/jpeg' || file.mediaType === 'image/png') {
          pages.push({ kind: 'image', file, itemTitle: item.title });
        } else {
          throw new UnreadableEvidenceError(file.filename, item.title, 'unsupported');
        }
      }
      itemPages.push({ item, pages });
    }
  }

  const kit = newKitDocument(input);
  const kitData = collect(kit);

  // 2. The contents' layout, then every page number: cover 1, contents 2…1+T, evidence after.
  const measure = (text: string, font: string, size: number) => kit.font(font).fontSize(size).widthOfString(text);
  const tocPageCount = paginate(tocLines(categories, () => '0000—0000', measure)).length;
  let next = 2 + tocPageCount;
  const ranges = new Map<string, EvidencePages>();
  for (const { item, pages } of itemPages) {
    if (pages.length === 0) continue;
    ranges.set(item.id, { first: next, last: next + pages.length - 1 });
    next += pages.length;
  }
  const total = next - 1;
  const label = (id: string) => {
    const range = ranges.get(id);
    if (!range) return '—';
    return range.first === range.last ? `${range.first}` : `${range.first}—${range.last}`;
  };
  const tocPages = paginate(tocLines(categories, label, measure));
  if (tocPages.length !== tocPageCount) throw new Error('the table of contents changed length once numbered');

  // 3. pdfkit: cover, contents and image pages (with their footers), and a footer-only page per PDF page.
  let pageNo = 1;
  cover(kit, input);
  stamp(kit, pageNo++, total, A4.width);
  tocPages.forEach((lines, index) => {
    kit.addPage({ size: [A4.width, A4.height], margins: MARGIN });
    drawToc(kit, lines, index === 0);
    stamp(kit, pageNo++, total, A4.width);
  });
  const own: number[] = [0, ...tocPages.map((_, index) => index + 1)];
  const stamps: number[] = [];
  const evidence = itemPages.flatMap(({ pages }) => pages);
  for (const page of evidence) {
    if (page.kind === 'image') {
      kit.addPage({ size: [A4.width, A4.height], margins: MARGIN });
      try {
        kit.image(page.file.data, MARGIN.left, MARGIN.top, { fit: [CONTENT_WIDTH, A4.height - MARGIN.top - MARGIN.bottom], align: 'center', valign: 'center' });
      } catch {
        throw new UnreadableEvidenceError(page.file.filename, page.itemTitle, 'corrupt');
      }
      own.push(pageNo - 1);
      stamp(kit, pageNo++, total, A4.width);
    } else {
      kit.addPage({ size: [page.width, page.height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
      stamps.push(pageNo - 1);
      stamp(kit, pageNo++, total, page.width);
    }
  }
  kit.end();
  const kitPdf = await PdfLibDocument.load(await kitData, { updateMetadata: false });

  // 4. pdf-lib: the binder in page order; each evidence PDF page with its stamp laid over it.
  const out = await PdfLibDocument.create({ updateMetadata: false });
  const ownPages = new Map<number, PDFPage>();
  (await out.copyPages(kitPdf, own)).forEach((page, index) => ownPages.set(own[index] ?? -1, page));
  const stampPages = stamps.length > 0 ? await out.embedPages(stamps.map((index) => kitPdf.getPage(index))) : [];
  const copied = await Promise.all(sources.map((source) => out.copyPages(source, source.getPageIndices())));
  let stampAt = 0;
  for (let index = 0; index < total; index++) {
    const ownPage = ownPages.get(index);
    if (ownPage) {
      out.addPage(ownPage);
      continue;
    }
    const page = evidence[index - 1 - tocPages.length];
    const stampPage = stampPages[stampAt++];
    if (!page || page.kind !== 'pdf' || !stampPage) throw new Error(`binder page ${index + 1} is out of order`);
    const target = copied[page.source]?.[page.index];
    if (!target) throw new Error(`binder page ${index + 1} has no source page`);
    out.addPage(target);
    // The stamp is drawn in the visible page's coordinates; a rotated page turns it back upright.
    const { width: w, height: h, offsetX: x0, offsetY: y0, rotation } = page;
    const place =
      rotation === 90 ? { x: x0 + h, y: y0 } : rotation === 180 ? { x: x0 + w, y: y0 + h } : rotation === 270 ? { x: x0, y: y0 + w } : { x: x0, y: y0 };
    target.drawPage(stampPage, { ...place, rotate: degrees(rotation) });
  }
  const title = `${input.schoolName} ${input.projectName} 佐证材料`;
  out.setTitle(title, { showInWindowTitleBar: true });
  out.setAuthor(input.schoolName);
  out.setCreator('Dahe 大河工坊申报平台');
  out.setProducer('Dahe');
  out.setLanguage('zh-CN');
  out.setCreationDate(input.createdAt);
  out.setModificationDate(input.createdAt);
  const data = Buffer.from(await out.save({ useObjectStreams: true }));
  return { data, pageCount: total, pages: ranges };
}

async function loadPdf(file: BinderFile, itemTitle: string): Promise<PdfLibDocument> {
  let source: PdfLibDocument;
  try {
    // Loaded even when encrypted, to tell that apart (pdf-lib's own error classes fail instanceof).
    source = await PdfLibDocument.load(file.data, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
  } catch {
    throw new UnreadableEvidenceError(file.filename, itemTitle, 'corrupt');
  }
  if (source.isEncrypted) throw new UnreadableEvidenceError(file.filename, itemTitle, 'encrypted');
  let count = 0;
  try {
    count = source.getPageCount();
    // Every page must have a size and content we can stamp over.
    for (const page of source.getPages()) page.getSize();
  } catch {
    throw new UnreadableEvidenceError(file.filename, itemTitle, 'corrupt');
  }
  if (count === 0) throw new UnreadableEvidenceError(file.filename, itemTitle, 'corrupt');
  return source;
}

/** The page as a viewer shows it: crop box size after /Rotate, and the crop box's origin. */
function visibleBox(page: PDFPage): { width: number; height: number; rotation: 0 | 90 | 180 | 270; offsetX: number; offsetY: number } {
  const box = page.getCropBox();
  const rotation = (((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360 as 0 | 90 | 180 | 270;
  const turned = rotation === 90 || rotation === 270;
  return { width: turned ? box.height : box.width, height: turned ? box.width : box.height, rotation, offsetX: box.x, offsetY: box.y };
}

function newKitDocument(input: BinderInput): KitDoc {
  const kit = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    pdfVersion: '1.7',
    info: { Title: '佐证材料', Producer: 'Dahe', Creator: 'Dahe', CreationDate: input.createdAt, ModDate: input.createdAt },
  });
  kit.registerFont(REGULAR, fontData('regular'));
  kit.registerFont(BOLD, fontData('bold'));
  return kit;
}

function collect(kit: KitDoc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    kit.on('data', (chunk: Buffer) => chunks.push(chunk));
    kit.on('end', () => resolve(Buffer.concat(chunks)));
    kit.on('error', reject);
  });
}

function cover(kit: KitDoc, input: BinderInput): void {
  kit.addPage({ size: [A4.width, A4.height], margins: MARGIN });
  const centred = (text: string, y: number, font: string, size: number) => {
    kit.font(font).fontSize(size);
    kit.text(text, MARGIN.left, y, { width: CONTENT_WIDTH, align: 'center' });
  };
  centred('河南省职业院校“大河工坊”职教出海建设项目', 190, BOLD, 17);
  centred('佐证材料', 250, BOLD, 36);
  kit.font(REGULAR).fontSize(14);
  const rows = [
    ['申报学校：', input.schoolName],
    ['项目名称：', input.projectName || '（未填写）'],
  ];
  let y = 430;
  for (const [label, value] of rows) {
    kit.font(BOLD).text(label ?? '', MARGIN.left + 40, y, { width: 90, lineBreak: false });
    kit.font(REGULAR).text(value ?? '', MARGIN.left + 130, y, { width: CONTENT_WIDTH - 170 });
    y = Math.max(kit.y, y + 20) + 18;
  }
}

/** The contents as lines: a category heading, then its items (titles wrap; the page range on the last line). */
function tocLines(
  categories: { category: (typeof EVIDENCE_CATEGORIES)[number]; items: BinderItem[] }[],
  pages: (itemId: string) => string,
  measure: (text: string, font: string, size: number) => number,
): TocLine[] {
  const lines: TocLine[] = [];
  const titleWidth = CONTENT_WIDTH - TOC.indent - TOC.numberWidth;
  categories.forEach(({ category, items }, index) => {
    lines.push({ kind: 'category', text: `${index + 1}. ${category.label['zh-CN']}佐证`, height: TOC.categorySize + TOC.lineGap + 6 });
    if (items.length === 0) {
      lines.push({ kind: 'item', text: '（无）', height: TOC.itemSize + TOC.lineGap });
      return;
    }
    items.forEach((item, at) => {
      const wrapped = wrap(`${index + 1}.${at + 1} ${item.title}`, titleWidth, (text) => measure(text, REGULAR, TOC.itemSize));
      wrapped.forEach((text, line) => lines.push({ kind: 'item', text, ...(line === wrapped.length - 1 ? { pages: pages(item.id) } : {}), height: TOC.itemSize + TOC.lineGap }));
    });
  });
  return lines;
}

/** Lines onto pages; the first page also carries the title 目录. */
function paginate(lines: TocLine[]): TocLine[][] {
  const pages: TocLine[][] = [[]];
  const room = A4.height - MARGIN.top - MARGIN.bottom;
  let used = TOC.titleSize + 30;
  lines.forEach((line, index) => {
    // A category heading stays with its first item.
    const keep = line.kind === 'category' ? (lines[index + 1]?.height ?? 0) : 0;
    if (used + line.height + keep > room && (pages[pages.length - 1]?.length ?? 0) > 0) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1]?.push(line);
    used += line.height;
  });
  return pages;
}

function drawToc(kit: KitDoc, lines: TocLine[], first: boolean): void {
  let y = MARGIN.top;
  if (first) {
    kit.font(BOLD).fontSize(TOC.titleSize).text('目\u3000录', MARGIN.left, y, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    y += TOC.titleSize + 30;
  }
  for (const line of lines) {
    if (line.kind === 'category') {
      kit.font(BOLD).fontSize(TOC.categorySize).text(line.text, MARGIN.left, y + 6, { lineBreak: false });
    } else {
      kit.font(REGULAR).fontSize(TOC.itemSize).text(line.text, MARGIN.left + TOC.indent, y, { lineBreak: false });
      if (line.pages !== undefined) {
        const label = `第${line.pages}页`;
        const width = kit.widthOfString(label);
        const right = A4.width - MARGIN.right;
        const textEnd = MARGIN.left + TOC.indent + kit.widthOfString(line.text) + 6;
        // Dotted leader from the title to the page range.
        const leaderEnd = right - width - 6;
        if (leaderEnd > textEnd) {
          kit.save().moveTo(textEnd, y + TOC.itemSize - 2).lineTo(leaderEnd, y + TOC.itemSize - 2).dash(1, { space: 2.5 }).lineWidth(0.6).strokeColor('#777777').stroke().undash().restore();
        }
        kit.text(label, right - width, y, { lineBreak: false });
      }
    }
    y += line.height;
  }
}

/** Greedy wrap, character by character (titles are mostly CJK). */
function wrap(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && measure(line + char) > width) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  if (line) lines.push(line);
  return lines;
}

/** The page number, centred in the footer of a page `width` wide. */
function stamp(kit: KitDoc, number: number, total: number, width: number): void {
  const text = `第 ${number} 页\u3000共 ${total} 页`;
  kit.page.margins.bottom = 0;
  kit.font(REGULAR).fontSize(STAMP_SIZE).fillColor('#333333');
  kit.text(text, width / 2 - kit.widthOfString(text) / 2, kit.page.height - STAMP_BOTTOM - STAMP_SIZE, { lineBreak: false });
  kit.fillColor('#000000');
}
