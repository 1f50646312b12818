import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table as DocxTable,
  TableCell as DocxTableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { TextWatermark } from 'docx/watermarks';
import JSZip from 'jszip';
import type { ApplicationDocument, Block, Certificate, Table, TableCell } from './application-document';

/** A4 in twentieths of a point, with the PDF's margins (wider on the left for binding). */
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1440, bottom: 1600, left: 1640, right: 1280 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/**
 * 宋体 for text and 黑体 for headings, as Chinese forms are set: Word has both; LibreOffice maps the
 * names to the CJK fonts it has (Noto Serif / Sans CJK). Latin text in Times New Roman.
 */
const SONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun', cs: 'Times New Roman' };
const HEI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimHei', cs: 'Times New Roman' };
/** ☑/☐ are not in SimSun; Word's symbol font has them. */
const SYMBOL = { ascii: 'Segoe UI Symbol', hAnsi: 'Segoe UI Symbol', eastAsia: 'Segoe UI Symbol', cs: 'Segoe UI Symbol' };

export interface DocxRenderOptions {
  /** docProps/core.xml's created and modified times and every zip entry's date; pinned in tests. */
  createdAt: Date;
}

export async function renderApplicationDocx(model: ApplicationDocument, options: DocxRenderOptions): Promise<Buffer> {
  const children: (Paragraph | DocxTable)[] = [...cover(model), ...instructions(model), ...declaration(model)];
  let first = true;
  for (const block of model.blocks) {
    children.push(...blockOf(block, first));
    first = false;
  }
  if (model.certificate) children.push(...certificate(model.certificate));

  const document = new Document({
    title: `${model.title}（${model.schoolName}）`,
    creator: model.schoolName,
    lastModifiedBy: 'Dahe',
    description: 'Dahe 大河工坊申报平台导出',
    styles: {
      default: {
        document: { run: { font: SONG, size: 24 }, paragraph: { spacing: { line: 400 } } },
        heading1: { run: { font: HEI, size: 30, bold: true, color: '000000' }, paragraph: { spacing: { before: 320, after: 160 }, keepNext: true } },
        heading2: { run: { font: HEI, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 200, after: 120 }, keepNext: true } },
        title: { run: { font: HEI, size: 44, bold: true, color: '000000' }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: { ...MARGIN, header: 720, footer: 640 } } },
        headers: model.draft
          ? { default: new Header({ children: [new Paragraph({ children: [new TextWatermark({ text: '草稿', font: 'SimHei', color: 'C0C0C0', opacity: 0.5 })] })] }) }
          : undefined,
        footers: { default: footer(model) },
        children,
      },
    ],
  });
  return normalise(await Packer.toBuffer(document), options.createdAt);
}

/**
 * The docx package stamps the current time into docProps/core.xml and every zip entry, and gives the
 * watermark a random id: pin all three so the same content gives the same bytes.
 */
async function normalise(buffer: Buffer, createdAt: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const stamp = `${createdAt.toISOString().slice(0, 19)}Z`;
  const target = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name];
    if (!entry || entry.dir) continue;
    let content: string | Uint8Array;
    if (name === 'docProps/core.xml') {
      content = (await entry.async('string')).replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`);
    } else if (/^word\/header\d*\.xml$/.test(name)) {
      content = (await entry.async('string')).replace(/PowerPlusWaterMarkObject[A-Za-z0-9_-]+/g, 'PowerPlusWaterMarkObject1');
    } else {
      content = await entry.async('uint8array');
    }
    target.file(name, content, { date: createdAt, createFolders: false });
  }
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

function runs(text: string, style: { bold?: boolean; size?: number; color?: string; font?: typeof SONG } = {}): TextRun[] {
  return text
    .split(/([☑☐])/u)
    .filter(Boolean)
    .map((part) => new TextRun({ text: part, bold: style.bold, size: style.size, color: style.color, font: /^[☑☐]$/u.test(part) ? SYMBOL : style.font }));
}

function centered(text: string, size: number, options: { bold?: boolean; before?: number; after?: number; pageBreakBefore?: boolean; font?: typeof SONG } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    pageBreakBefore: options.pageBreakBefore,
    spacing: { before: options.before, after: options.after },
    children: runs(text, { bold: options.bold, size, font: options.font }),
  });
}

/**
 * The cover's title in two lines, broken after 「“大河工坊”」 as the PDF and the notice break it: left to the
 * word processor, a 22-point line of 23 characters wraps one character onto a line of its own.
 */
function coverTitle(text: string): Paragraph {
  const [first = text, ...rest] = text.split(/(?<=”)/u);
  const style = { bold: true, size: 44, font: HEI };
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 2000, after: 240, line: 600 },
    children: [new TextRun({ text: first, ...style }), ...(rest.length ? [new TextRun({ text: rest.join(''), break: 1, ...style })] : [])],
  });
}

function body(text: string, options: { indent?: boolean; size?: number; color?: string; bold?: boolean; pageBreakBefore?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    pageBreakBefore: options.pageBreakBefore,
    // Two characters of first-line indent, in the paragraph's own font size.
    indent: options.indent === false ? undefined : { firstLine: (options.size ?? 24) * 20 },
    children: runs(text, { size: options.size, color: options.color, bold: options.bold }),
  });
}

function cover(model: ApplicationDocument): Paragraph[] {
  const [school, ...rest] = model.cover.fields;
  const field = (label: string, value: string) =>
    new Paragraph({
      indent: { left: 1200 },
      spacing: { before: 120, after: 120 },
      children: [new TextRun({ text: `${label}：`, bold: true, size: 28, font: HEI }), new TextRun({ text: value || '　'.repeat(12), size: 28, underline: {} })],
    });
  const formLine = (forms: typeof model.cover.forms, label: string) =>
    new Paragraph({
      indent: { left: 1200 },
      spacing: { before: 120, after: 120 },
      children: [
        new TextRun({ text: label, bold: true, size: 28, font: HEI }),
        ...forms.flatMap((form, index) => [...runs(`${index > 0 ? '\u3000' : ''}${form.checked ? '☑' : '☐'}`, { size: 28 }), new TextRun({ text: form.label, size: 28 })]),
      ],
    });
  return [
    coverTitle(model.cover.title.replace(/申报书$/, '')),
    centered('申 报 书', 60, { bold: true, after: 2200, font: HEI }),
    ...(school ? [field(school.label, school.value)] : []),
    formLine(model.cover.forms.slice(0, 3), '合作形式：'),
    formLine(model.cover.forms.slice(3), '　　　　　'),
    ...rest.map((item) => field(item.label, item.value)),
    centered(model.cover.issuer, 32, { bold: true, before: 2000, font: HEI }),
    centered(model.cover.issuedOn, 28, { before: 120 }),
  ];
}

function instructions(model: ApplicationDocument): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, pageBreakBefore: true, children: [new TextRun(model.instructions.title)] }),
    ...model.instructions.paragraphs.map((p) => body(p)),
    body(model.instructions.evidenceIntro),
    ...model.instructions.categories.map((c) => body(c)),
  ];
}

function declaration(model: ApplicationDocument): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, pageBreakBefore: true, spacing: { before: 1600, after: 600 }, children: [new TextRun(model.declaration.title)] }),
    body(model.declaration.text, { size: 28 }),
    body(model.declaration.closing, { size: 28 }),
    ...model.declaration.lines.map((line, index) => new Paragraph({ indent: { left: 4200 }, spacing: { before: index === 0 ? 1400 : 360 }, children: [new TextRun({ text: line, size: 28 })] })),
  ];
}

function blockOf(block: Block, pageBreakBefore: boolean): (Paragraph | DocxTable)[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, pageBreakBefore, children: [new TextRun(block.text)] })];
    case 'guidance':
      return [body(block.text, { indent: false, size: 21, color: '555555', pageBreakBefore })];
    case 'paragraphs':
      return block.paragraphs.length === 0 ? [body('（未填写）', { color: '888888' })] : block.paragraphs.map((p) => body(p));
    case 'table':
      return [table(block.table), new Paragraph({ children: [] })];
    case 'signature':
      return block.lines.map((line, index) => new Paragraph({ indent: { left: 3800 }, spacing: { before: index === 0 ? 480 : 200 }, children: [new TextRun(line)] }));
  }
}

/** A real Word table: fixed column widths, merged cells as in the notice, header rows repeated on each page. */
function table(model: Table): DocxTable {
  const total = model.columns.reduce((a, b) => a + b, 0);
  const widths = model.columns.map((c) => Math.round((c / total) * CONTENT_WIDTH));
  const cellWidth = (cell: TableCell) => widths.slice(cell.col, cell.col + (cell.colSpan ?? 1)).reduce((a, b) => a + b, 0);
  return new DocxTable({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: model.rows.map(
      (row, index) =>
        new TableRow({
          tableHeader: index < model.headerRows,
          children: row.map(
            (cell) =>
              new DocxTableCell({
                columnSpan: cell.colSpan,
                rowSpan: cell.rowSpan,
                width: { size: cellWidth(cell), type: WidthType.DXA },
                verticalAlign: VerticalAlign.CENTER,
                margins: { top: 60, bottom: 60, left: 100, right: 100 },
                shading: cell.shade ? { type: ShadingType.CLEAR, fill: 'F0F0F0', color: 'auto' } : undefined,
                children: (cell.text === '' ? [''] : cell.text.split('\n')).map(
                  (line) =>
                    new Paragraph({
                      alignment: cell.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
                      spacing: { line: 320 },
                      children: runs(line, { bold: cell.bold, size: 21 }),
                    }),
                ),
              }),
          ),
        }),
    ),
  });
}

function certificate(model: Certificate): (Paragraph | DocxTable)[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, pageBreakBefore: true, children: [new TextRun(model.title)] }),
    table({ columns: [22, 78], headerRows: 0, rows: model.summary.map((row) => [{ col: 0, text: row.label, bold: true, shade: true }, { col: 1, text: row.value }]) }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('签署记录')] }),
    table(model.signatures),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('审计轨迹')] }),
    table(model.events),
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: model.verification, bold: true })] }),
    body('本凭证由系统依据该申报书的审计链自动生成；各事件按顺序以哈希相连，任何改动、插入或删除都会使校验失败。', { indent: false, size: 19, color: '444444' }),
  ];
}

function footer(model: ApplicationDocument): Footer {
  const size = 15;
  const pageNumber = [
    new TextRun({ text: '第 ', size }),
    new TextRun({ children: [PageNumber.CURRENT], size }),
    new TextRun({ text: ' 页　共 ', size }),
    new TextRun({ children: [PageNumber.TOTAL_PAGES], size }),
    new TextRun({ text: ' 页', size }),
  ];
  if (!model.footer.contentHash) return new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: pageNumber })] });
  return new Footer({
    children: [
      new Paragraph({ children: [new TextRun({ text: `内容哈希：${model.footer.contentHash}`, size })] }),
      new Paragraph({ children: [new TextRun({ text: `受理编号：${model.footer.receiptNo ?? '（尚未受理）'}\u3000\u3000`, size }), ...pageNumber] }),
    ],
  });
}
