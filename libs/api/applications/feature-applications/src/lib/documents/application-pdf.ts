import PDFDocument from 'pdfkit';
import type { ApplicationDocument, Block, Certificate, Table, TableCell } from './application-document';
import { fontData } from './fonts';

/** A4 in points; the left margin is wider for binding (A4 左侧装订), the bottom one holds the footer. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 72, bottom: 80, left: 82, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const BODY_SIZE = 11;
const TABLE_SIZE = 10.5;
const CELL_PADDING = 5;
const REGULAR = 'NotoSansSC';
const BOLD = 'NotoSansSC-Bold';

/** Chinese typesetting (禁则): no line starts with closing punctuation, none ends with an opening one. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’％·…—,.;:?!)]}%']);
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{']);
/** One breakable unit: a CJK character or full-width mark, a run of other non-space characters, or spaces. */
const TOKEN = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F\u2010-\u206F\u25A0-\u25FF\u2600-\u27BF]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F\u2010-\u206F\u25A0-\u25FF\u2600-\u27BF]+|\s+/gu;

/** ☑/☐ are not in Noto Sans SC: boxes print as □, a ticked one with a ✓ drawn into it. */
const CHECKED = '☑';
const UNCHECKED = '☐';

export interface PdfRenderOptions {
  /** The document's creation time (its Info dictionary and file id); pinned in tests for byte-equal output. */
  createdAt: Date;
}

type Doc = PDFKit.PDFDocument;

export function renderApplicationPdf(model: ApplicationDocument, options: PdfRenderOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${model.title}（${model.schoolName}）`,
      Author: model.schoolName,
      Creator: 'Dahe 大河工坊申报平台',
      Producer: 'Dahe',
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Embedded as subsets: only the glyphs this document uses are written.
  doc.registerFont(REGULAR, fontData('regular'));
  doc.registerFont(BOLD, fontData('bold'));
  new PdfLayout(doc).render(model);
  doc.end();
  return done;
}

class PdfLayout {
  private y = MARGIN.top;

  constructor(private readonly doc: Doc) {}

  render(model: ApplicationDocument): void {
    this.cover(model);
    this.instructions(model);
    this.declaration(model);
    this.newPage();
    for (const block of model.blocks) this.block(block);
    if (model.certificate) this.certificate(model.certificate);
    this.decoratePages(model);
  }

  // ── pages ────────────────────────────────────────────────────────────────────────────────────

  private cover(model: ApplicationDocument): void {
    this.newPage();
    // 河南省职业院校“大河工坊” / 职教出海建设项目, broken where the notice's cover breaks it.
    const main = model.cover.title.replace(/申报书$/, '').replace('”', '”\n');
    this.y = 150;
    this.centered(main, BOLD, 22, 1.5);
    this.y += 18;
    this.centered('申 报 书', BOLD, 30, 1.4);

    const labelX = MARGIN.left + 60;
    const valueX = labelX + 84;
    const valueWidth = MARGIN.left + CONTENT_WIDTH - 40 - valueX;
    this.y = 390;
    const field = (label: string, value: string) => {
      const lines = this.wrap(value, valueWidth, REGULAR, 14);
      this.doc.font(BOLD).fontSize(14).text(`${label}：`, labelX, this.y, { lineBreak: false });
      for (const line of lines.length > 0 ? lines : ['']) {
        this.doc.font(REGULAR).fontSize(14).text(line, valueX, this.y, { lineBreak: false });
        this.doc.moveTo(valueX, this.y + 20).lineTo(valueX + valueWidth, this.y + 20).lineWidth(0.6).strokeColor('#000').stroke();
        this.y += 24;
      }
      this.y += 12;
    };
    const [school, ...rest] = model.cover.fields;
    if (school) field(school.label, school.value);
    this.doc.font(BOLD).fontSize(14).text('合作形式：', labelX, this.y, { lineBreak: false });
    model.cover.forms.forEach((form, index) => {
      const x = valueX + (index % 3) * 92;
      const y = this.y + Math.floor(index / 3) * 26;
      this.marked(`${form.checked ? CHECKED : UNCHECKED}${form.label}`, x, y, REGULAR, 14);
    });
    this.y += 2 * 26 + 12;
    for (const item of rest) field(item.label, item.value);

    this.y = 690;
    this.centered(model.cover.issuer, BOLD, 16, 1.6);
    this.centered(model.cover.issuedOn, REGULAR, 14, 1.6);
  }

  private instructions(model: ApplicationDocument): void {
    this.newPage();
    this.centered(model.instructions.title, BOLD, 18, 2);
    this.y += 8;
    for (const paragraph of model.instructions.paragraphs) this.paragraph(paragraph);
    this.paragraph(model.instructions.evidenceIntro);
    for (const category of model.instructions.categories) this.paragraph(category);
  }

  private declaration(model: ApplicationDocument): void {
    this.newPage();
    this.y = 150;
    this.centered(model.declaration.title, BOLD, 20, 2.2);
    this.y += 20;
    this.paragraph(model.declaration.text, { size: 14 });
    this.paragraph(model.declaration.closing, { size: 14 });
    this.y += 70;
    this.signatureLines(model.declaration.lines, 14);
  }

  private certificate(certificate: Certificate): void {
    this.newPage();
    this.centered(certificate.title, BOLD, 18, 2);
    this.y += 6;
    this.table({ columns: [22, 78], headerRows: 0, rows: certificate.summary.map((row) => [{ col: 0, text: row.label, bold: true, shade: true }, { col: 1, text: row.value }]) });
    this.heading(2, '签署记录');
    this.table(certificate.signatures);
    this.heading(2, '审计轨迹');
    this.table(certificate.events);
    this.y += 8;
    this.paragraph(certificate.verification, { indent: false, bold: true });
    this.paragraph('本凭证由系统依据该申报书的审计链自动生成；各事件按顺序以哈希相连，任何改动、插入或删除都会使校验失败。', { indent: false, size: 9.5, color: '#444' });
  }

  /** Footer (page number; content hash and receipt number once signed) and the 草稿 watermark, on every page. */
  private decoratePages(model: ApplicationDocument): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      doc.switchToPage(index);
      // Writing into the bottom margin must not open a new page.
      doc.page.margins.bottom = 0;
      if (model.draft) {
        doc.save();
        doc.rotate(-40, { origin: [PAGE.width / 2, PAGE.height / 2] });
        doc.fillColor('#999999').fillOpacity(0.22).font(BOLD).fontSize(130);
        const width = doc.widthOfString('草稿');
        doc.text('草稿', PAGE.width / 2 - width / 2, PAGE.height / 2 - 90, { lineBreak: false });
        doc.restore();
        doc.fillOpacity(1);
      }
      const top = PAGE.height - MARGIN.bottom + 22;
      doc.moveTo(MARGIN.left, top - 6).lineTo(PAGE.width - MARGIN.right, top - 6).lineWidth(0.4).strokeColor('#888888').stroke();
      doc.fillColor('#333333').font(REGULAR).fontSize(7.5);
      const pageLabel = `第 ${index - range.start + 1} 页\u3000共 ${range.count} 页`;
      if (model.footer.contentHash) {
        doc.text(`内容哈希：${model.footer.contentHash}`, MARGIN.left, top, { lineBreak: false });
        doc.text(`受理编号：${model.footer.receiptNo ?? '（尚未受理）'}`, MARGIN.left, top + 12, { lineBreak: false });
        doc.text(pageLabel, PAGE.width - MARGIN.right - doc.widthOfString(pageLabel), top + 12, { lineBreak: false });
      } else {
        doc.text(pageLabel, PAGE.width / 2 - doc.widthOfString(pageLabel) / 2, top + 6, { lineBreak: false });
      }
      doc.fillColor('#000000');
    }
  }

  // ── blocks ───────────────────────────────────────────────────────────────────────────────────

  private block(block: Block): void {
    switch (block.kind) {
      case 'heading':
        this.heading(block.level, block.text);
        return;
      case 'guidance':
        this.paragraph(block.text, { indent: false, size: 10, color: '#555555' });
        return;
      case 'paragraphs':
        if (block.paragraphs.length === 0) this.paragraph('（未填写）', { color: '#888888' });
        for (const paragraph of block.paragraphs) this.paragraph(paragraph);
        return;
      case 'table':
        this.y += 4;
        this.table(block.table);
        this.y += 8;
        return;
      case 'signature':
        this.y += 18;
        this.signatureLines(block.lines, 12);
        return;
    }
  }

  private heading(level: 1 | 2, text: string): void {
    const size = level === 1 ? 15 : 13;
    this.y += level === 1 ? 14 : 8;
    // Keep the heading with at least two lines of what follows.
    this.ensure(size * 1.6 + 2 * BODY_SIZE * 1.75);
    if (level === 1) this.doc.outline.addItem(text);
    for (const line of this.wrap(text, CONTENT_WIDTH, BOLD, size)) {
      this.doc.font(BOLD).fontSize(size).fillColor('#000').text(line, MARGIN.left, this.y, { lineBreak: false });
      this.y += size * 1.6;
    }
    this.y += 4;
  }

  /** A justified paragraph, first line indented two characters, broken into lines here so no line is ever cut. */
  private paragraph(text: string, style: { size?: number; indent?: boolean; bold?: boolean; color?: string } = {}): void {
    const size = style.size ?? BODY_SIZE;
    const font = style.bold ? BOLD : REGULAR;
    const lineHeight = size * 1.75;
    const indent = style.indent === false ? 0 : size * 2;
    const lines = this.wrap(text, CONTENT_WIDTH, font, size, indent);
    lines.forEach((line, index) => {
      this.ensure(lineHeight);
      const x = MARGIN.left + (index === 0 ? indent : 0);
      const width = CONTENT_WIDTH - (index === 0 ? indent : 0);
      this.doc.font(font).fontSize(size).fillColor(style.color ?? '#000');
      const last = index === lines.length - 1;
      const chars = [...line].length;
      const spacing = !last && chars > 1 ? Math.max(0, (width - this.doc.widthOfString(line)) / (chars - 1)) : 0;
      this.doc.text(line, x, this.y, { lineBreak: false, characterSpacing: spacing });
      this.y += lineHeight;
    });
    this.doc.fillColor('#000');
    this.y += size * 0.3;
  }

  /** The signature lines, kept together on one page. */
  private signatureLines(lines: string[], size: number): void {
    const x = MARGIN.left + CONTENT_WIDTH * 0.36;
    this.ensure(lines.length * size * 2.4);
    for (const line of lines) {
      for (const part of this.wrap(line, MARGIN.left + CONTENT_WIDTH - x, REGULAR, size)) {
        this.ensure(size * 2);
        this.doc.font(REGULAR).fontSize(size).text(part, x, this.y, { lineBreak: false });
        this.y += size * 1.7;
      }
      this.y += size * 0.6;
    }
  }

  // ── tables ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Rows grouped by their row spans stay together on a page; a row taller than a page is split by lines
   * across pages; header rows repeat on each new page.
   */
  private table(table: Table): void {
    const total = table.columns.reduce((a, b) => a + b, 0);
    const widths = table.columns.map((c) => (c / total) * CONTENT_WIDTH);
    const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const lineHeight = TABLE_SIZE * 1.6;
    const cellWidth = (cell: TableCell) => widths.slice(cell.col, cell.col + (cell.colSpan ?? 1)).reduce((a, b) => a + b, 0);
    const laid = table.rows.map((row) => row.map((cell) => ({ cell, lines: this.wrap(cell.text, cellWidth(cell) - 2 * CELL_PADDING, cell.bold ? BOLD : REGULAR, TABLE_SIZE) })));
    const heights = laid.map((row) => Math.max(lineHeight + 2 * CELL_PADDING, ...row.filter((c) => (c.cell.rowSpan ?? 1) === 1).map((c) => Math.max(1, c.lines.length) * lineHeight + 2 * CELL_PADDING)));
    laid.forEach((row, r) => {
      for (const c of row) {
        const span = c.cell.rowSpan ?? 1;
        if (span === 1) continue;
        const need = Math.max(1, c.lines.length) * lineHeight + 2 * CELL_PADDING;
        const have = heights.slice(r, r + span).reduce((a, b) => a + b, 0);
        if (need > have) heights[r + span - 1] = (heights[r + span - 1] ?? 0) + need - have;
      }
    });
    // Blocks of rows joined by row spans.
    const blocks: [number, number][] = [];
    for (let r = 0; r < laid.length; ) {
      let end = r;
      for (let k = r; k <= end; k++) for (const c of laid[k] ?? []) end = Math.max(end, k + (c.cell.rowSpan ?? 1) - 1);
      blocks.push([r, end]);
      r = end + 1;
    }
    const header = table.headerRows;
    const headerHeight = heights.slice(0, header).reduce((a, b) => a + b, 0);
    const drawRows = (from: number, to: number) => {
      for (let r = from; r <= to; r++) {
        for (const c of laid[r] ?? []) {
          const h = heights.slice(r, r + (c.cell.rowSpan ?? 1)).reduce((a, b) => a + b, 0);
          this.cell(c.cell, c.lines, xs[c.cell.col] ?? MARGIN.left, this.y, cellWidth(c.cell), h, lineHeight, true);
        }
        this.y += heights[r] ?? 0;
      }
    };
    for (const [from, to] of blocks) {
      const isHeader = from < header;
      const height = heights.slice(from, to + 1).reduce((a, b) => a + b, 0);
      if (this.y + height <= BOTTOM) {
        drawRows(from, to);
        continue;
      }
      const fresh = BOTTOM - MARGIN.top - (isHeader ? 0 : headerHeight);
      if (height <= fresh || from !== to) {
        this.newPage();
        if (!isHeader && header > 0) drawRows(0, header - 1);
        drawRows(from, to);
        continue;
      }
      this.splitRow(laid[from] ?? [], xs, cellWidth, lineHeight, () => {
        this.newPage();
        if (header > 0) drawRows(0, header - 1);
      });
    }
  }

  /** One row taller than a page: as many lines of every cell as fit, then the rest on the next page. */
  private splitRow(row: { cell: TableCell; lines: string[] }[], xs: number[], cellWidth: (cell: TableCell) => number, lineHeight: number, breakPage: () => void): void {
    let offset = 0;
    const most = Math.max(...row.map((c) => c.lines.length));
    while (offset < most) {
      let fit = Math.floor((BOTTOM - this.y - 2 * CELL_PADDING) / lineHeight);
      if (fit < 2) {
        breakPage();
        fit = Math.floor((BOTTOM - this.y - 2 * CELL_PADDING) / lineHeight);
      }
      const take = Math.min(fit, most - offset);
      const height = take * lineHeight + 2 * CELL_PADDING;
      for (const c of row) this.cell(c.cell, c.lines.slice(offset, offset + take), xs[c.cell.col] ?? MARGIN.left, this.y, cellWidth(c.cell), height, lineHeight, false);
      this.y += height;
      offset += take;
      if (offset < most) breakPage();
    }
  }

  private cell(cell: TableCell, lines: string[], x: number, y: number, width: number, height: number, lineHeight: number, middle: boolean): void {
    const doc = this.doc;
    if (cell.shade) doc.rect(x, y, width, height).fillColor('#f0f0f0').fill();
    doc.rect(x, y, width, height).lineWidth(0.7).strokeColor('#000').stroke();
    doc.fillColor('#000');
    const font = cell.bold ? BOLD : REGULAR;
    const top = middle ? y + (height - lines.length * lineHeight) / 2 : y + CELL_PADDING;
    lines.forEach((line, index) => {
      doc.font(font).fontSize(TABLE_SIZE);
      const lineWidth = doc.widthOfString(line.replace(/[☑☐]/g, '□'));
      const left = cell.align === 'center' ? x + (width - lineWidth) / 2 : x + CELL_PADDING;
      this.marked(line, left, top + index * lineHeight + (lineHeight - TABLE_SIZE * 1.45) / 2, font, TABLE_SIZE);
    });
  }

  // ── text ─────────────────────────────────────────────────────────────────────────────────────

  /** Text with check boxes: □ for ☐, □ with a ✓ for ☑. */
  private marked(text: string, x: number, y: number, font: string, size: number): void {
    const doc = this.doc.font(font).fontSize(size);
    let left = x;
    for (const part of text.split(/([☑☐])/u)) {
      if (!part) continue;
      if (part === CHECKED || part === UNCHECKED) {
        doc.font(REGULAR).text('□', left, y, { lineBreak: false });
        if (part === CHECKED) doc.font(BOLD).text('✓', left + size * 0.12, y - size * 0.08, { lineBreak: false });
        left += doc.font(REGULAR).widthOfString('□');
        doc.font(font);
      } else {
        doc.text(part, left, y, { lineBreak: false });
        left += doc.widthOfString(part);
      }
    }
  }

  private centered(text: string, font: string, size: number, leading: number): void {
    for (const line of this.wrap(text, CONTENT_WIDTH, font, size)) {
      this.doc.font(font).fontSize(size);
      this.doc.text(line, MARGIN.left + (CONTENT_WIDTH - this.doc.widthOfString(line)) / 2, this.y, { lineBreak: false });
      this.y += size * leading;
    }
  }

  /** Breaks text into lines no wider than `width` (the first one `indent` narrower), keeping every character. */
  private wrap(text: string, width: number, font: string, size: number, indent = 0): string[] {
    const doc = this.doc.font(font).fontSize(size);
    const measure = (s: string) => doc.widthOfString(s.replace(/[☑☐]/g, '□'));
    const out: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      const limit = () => width - (out.length === 0 ? indent : 0);
      const push = () => {
        out.push(line.trimEnd());
        line = '';
      };
      for (const token of paragraph.match(TOKEN) ?? []) {
        if (/^\s+$/u.test(token)) {
          if (line) line += ' ';
          continue;
        }
        if (measure(line + token) <= limit()) {
          line += token;
          continue;
        }
        if (line.trim()) {
          // 禁则: pull the last character down with a closing mark, or an opening mark down with its text.
          const chars = [...line];
          const last = chars[chars.length - 1] ?? '';
          const first = [...token][0] ?? '';
          if ((NO_LINE_START.has(first) || NO_LINE_END.has(last)) && chars.length > 1) {
            line = chars.slice(0, -1).join('');
            push();
            line = last;
          } else {
            push();
          }
        }
        if (measure(line + token) <= limit()) {
          line += token;
          continue;
        }
        // A word wider than the line (a hash, a URL): break it by characters.
        for (const char of token) {
          if (measure(line + char) > limit() && line) push();
          line += char;
        }
      }
      out.push(line.trimEnd());
    }
    return text.length === 0 ? [] : out;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  private ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }
}
