import { describe, expect, it, jest } from '@jest/globals';
import { PDFDocument as PdfLibDocument, PDFName, StandardFonts, degrees } from 'pdf-lib';
import { crc32, deflateSync } from 'node:zlib';
import type { TimelineDto } from '@dahe/shared/contracts';
import { evidenceReference } from '@dahe/shared/form';
import { buildApplicationDocument } from './application-document';
import { renderApplicationDocx } from './application-docx';
import { renderApplicationPdf } from './application-pdf';
import { docxPart, pdfItems, squeeze, zoneText } from './document-text.testing';
import { type BinderItem, UnreadableEvidenceError, compileEvidenceBinder } from './evidence-binder';

jest.setTimeout(60_000);

const CREATED = new Date('2024-08-15T02:00:00Z');
const A4 = { width: 595.28, height: 841.89 };

/** A PDF whose pages say `marker-1`, `marker-2` …; the rotated page (/Rotate 90) is shown landscape. */
async function pdfFixture(marker: string, pages: number, options: { rotateSecond?: boolean; size?: [number, number] } = {}): Promise<Buffer> {
  const doc = await PdfLibDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let index = 1; index <= pages; index++) {
    const page = doc.addPage(options.size ?? [A4.width, A4.height]);
    page.drawText(`${marker}-${index}`, { x: 72, y: page.getHeight() - 100, size: 14, font });
    if (options.rotateSecond && index === 2) page.setRotation(degrees(90));
  }
  return Buffer.from(await doc.save());
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** An RGB PNG, `width`×`height`, a horizontal gradient. */
function pngFixture(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([Math.floor((255 * x) / width), 80, 160], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The smallest baseline JPEG: 8×8 grey, one Huffman code each for DC 0 and end-of-block. */
function jpegFixture(): Buffer {
  return Buffer.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)],
    ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00],
    ...[0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...new Array<number>(15).fill(0), 0x00],
    ...[0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...new Array<number>(15).fill(0), 0x00],
    ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x3f],
    ...[0xff, 0xd9],
  ]);
}

const ID = { agreement: 'a0000000-0000-4000-8000-000000000001', plan: 'a0000000-0000-4000-8000-000000000002', photos: 'a0000000-0000-4000-8000-000000000003', report: 'a0000000-0000-4000-8000-000000000004' };

async function items(): Promise<BinderItem[]> {
  // Upload order differs from the notice's category order on purpose.
  return [
    { id: ID.photos, category: 'cultural_exchange', title: '人文交流活动照片', files: [{ filename: 'wide.png', mediaType: 'image/png', data: pngFixture(400, 100) }, { filename: 'grey.jpg', mediaType: 'image/jpeg', data: jpegFixture() }] },
    { id: ID.agreement, category: 'degree', title: '合作办学协议', files: [{ filename: 'agreement.pdf', mediaType: 'application/pdf', data: await pdfFixture('AGREEMENT', 1) }] },
    { id: ID.plan, category: 'degree', title: '专业人才培养方案', files: [{ filename: 'plan.pdf', mediaType: 'application/pdf', data: await pdfFixture('PLAN', 3, { rotateSecond: true }) }] },
    { id: ID.report, category: 'skills_training', title: '培训成效报告', files: [{ filename: 'report.pdf', mediaType: 'application/pdf', data: await pdfFixture('REPORT', 2, { size: [612, 792] }) }] },
  ];
}

const input = async () => ({ schoolName: '河南交通职业技术学院', projectName: '中肯汽车技术大河工坊', items: await items(), createdAt: CREATED });

/** Where each image is painted on a page, in PDF points (pdf.js operator list, CTM tracked). */
async function imageBoxes(pdf: Buffer): Promise<{ page: number; x: number; y: number; width: number; height: number }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const document = await task.promise;
  const boxes: { page: number; x: number; y: number; width: number; height: number }[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const list = await (await document.getPage(number)).getOperatorList();
    let ctm = [1, 0, 0, 1, 0, 0];
    const stack: number[][] = [];
    list.fnArray.forEach((fn, index) => {
      const args = list.argsArray[index] as number[];
      if (fn === pdfjs.OPS.save) stack.push(ctm);
      else if (fn === pdfjs.OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (fn === pdfjs.OPS.transform) {
        const [a, b, c, d, e, f] = args as [number, number, number, number, number, number];
        const [A, B, C, D, E, F] = ctm as [number, number, number, number, number, number];
        ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
      } else if (fn === pdfjs.OPS.paintImageXObject) {
        const [A, B, C, D, E, F] = ctm as [number, number, number, number, number, number];
        const xs = [E, E + A, E + C, E + A + C];
        const ys = [F, F + B, F + D, F + B + D];
        boxes.push({ page: number, x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) });
      }
    });
  }
  await task.destroy();
  return boxes;
}

function timeline(): TimelineDto {
  return {
    applicationId: '6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b',
    state: 'draft',
    contentHash: null,
    currentContentHash: `sm3:${'3f'.repeat(32)}`,
    receiptNo: null,
    events: [],
    signatures: [],
    waitingFor: null,
    deadline: '2024-08-16T16:00:00Z',
    chain: { ok: true, events: 0 },
  };
}

describe('the evidence binder', () => {
  it('numbers cover, contents and every evidence page continuously, and the contents name where each item really is', async () => {
    const binder = await compileEvidenceBinder(await input());
    // Cover 1, contents 2, then degree (agreement 1 page, plan 3), skills training (report 2), cultural exchange (2 images).
    expect(binder.pageCount).toBe(10);
    expect(Object.fromEntries(binder.pages)).toEqual({
      [ID.agreement]: { first: 3, last: 3 },
      [ID.plan]: { first: 4, last: 6 },
      [ID.report]: { first: 7, last: 8 },
      [ID.photos]: { first: 9, last: 10 },
    });
    const pages = await pdfItems(binder.data);
    expect(pages).toHaveLength(10);
    pages.forEach((items, index) => expect(squeeze(items.map((item) => item.str).join(''))).toContain(`第${index + 1}页共10页`));
    // Upright pages: the number sits in the footer zone.
    for (const index of [0, 1, 2, 3, 5, 6, 7, 8, 9]) expect(squeeze(zoneText(pages[index] ?? [], 'footer'))).toBe(`第${index + 1}页共10页`);

    const cover = squeeze(zoneText(pages[0] ?? [], 'body'));
    expect(cover).toContain('佐证材料');
    expect(cover).toContain('河南交通职业技术学院');
    expect(cover).toContain('中肯汽车技术大河工坊');
    const toc = squeeze(zoneText(pages[1] ?? [], 'body'));
    const expected = ['目录', '1.学历培养佐证', '1.1合作办学协议', '第3页', '1.2专业人才培养方案', '第4—6页', '2.技能培训佐证', '2.1培训成效报告', '第7—8页', '3.技术服务佐证', '（无）', '4.科研合作佐证', '5.资源/标准/设备输出佐证', '6.人文交流佐证', '6.1人文交流活动照片', '第9—10页'];
    let from = 0;
    for (const part of expected) {
      const at = toc.indexOf(part, from);
      expect(at >= 0 ? part : `missing after ${from}: ${part}`).toBe(part);
      from = at + part.length;
    }
    // The pages the contents name hold the fixtures' own pages, in order.
    const text = (page: number) => (pages[page - 1] ?? []).map((item) => item.str).join('');
    expect(text(3)).toContain('AGREEMENT-1');
    expect([4, 5, 6].map((page) => /PLAN-\d/.exec(text(page))?.[0])).toEqual(['PLAN-1', 'PLAN-2', 'PLAN-3']);
    expect([7, 8].map((page) => /REPORT-\d/.exec(text(page))?.[0])).toEqual(['REPORT-1', 'REPORT-2']);
  });

  it('copies PDF pages at their own size and scales images onto A4 inside the margins', async () => {
    const binder = await compileEvidenceBinder(await input());
    const doc = await PdfLibDocument.load(binder.data);
    const sizes = doc.getPages().map((page) => [Math.round(page.getWidth()), Math.round(page.getHeight()), page.getRotation().angle]);
    expect(sizes).toEqual([[595, 842, 0], [595, 842, 0], [595, 842, 0], [595, 842, 0], [595, 842, 90], [595, 842, 0], [612, 792, 0], [612, 792, 0], [595, 842, 0], [595, 842, 0]]);
    const boxes = await imageBoxes(binder.data);
    expect(boxes.map((box) => box.page)).toEqual([9, 10]);
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(82 - 0.01);
      expect(box.x + box.width).toBeLessThanOrEqual(A4.width - 64 + 0.01);
      expect(box.y).toBeGreaterThanOrEqual(80 - 0.01);
      expect(box.y + box.height).toBeLessThanOrEqual(A4.height - 72 + 0.01);
    }
    // The wide PNG spans the text width at its own aspect ratio (4:1); the square JPEG too.
    expect(boxes[0]?.width).toBeCloseTo(A4.width - 82 - 64, 1);
    expect(boxes[0]?.height).toBeCloseTo((A4.width - 82 - 64) / 4, 1);
    expect(boxes[1]?.width).toBeCloseTo(boxes[1]?.height ?? 0, 1);
  });

  it('gives the same bytes for the same input, and the contents run onto more pages when needed', async () => {
    const [a, b] = [await compileEvidenceBinder(await input()), await compileEvidenceBinder(await input())];
    expect(a.data.equals(b.data)).toBe(true);
    expect((await PdfLibDocument.load(a.data)).getCreationDate()).toEqual(CREATED);

    const one = await pdfFixture('ONE', 1);
    const many: BinderItem[] = Array.from({ length: 60 }, (_, index) => ({
      id: `b0000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      category: 'skills_training',
      title: `第${index + 1}期本土员工技能培训签到表与培训照片${index % 5 === 0 ? '（含结业考核成绩、学员满意度调查问卷及合作企业反馈意见汇总）' : ''}`,
      files: [{ filename: `${index}.pdf`, mediaType: 'application/pdf', data: one }],
    }));
    const long = await compileEvidenceBinder({ schoolName: '学校', projectName: '项目', items: many, createdAt: CREATED });
    const first = long.pages.get(many[0]?.id ?? '');
    expect(first?.first).toBeGreaterThan(3);
    const tocPages = (first?.first ?? 0) - 2;
    expect(long.pageCount).toBe(1 + tocPages + 60);
    const pages = await pdfItems(long.data);
    expect(pages).toHaveLength(long.pageCount);
    const last = many[59]?.id ?? '';
    expect(long.pages.get(last)).toEqual({ first: long.pageCount, last: long.pageCount });
    const tocText = squeeze(pages.slice(1, 1 + tocPages).map((items) => zoneText(items, 'body')).join(''));
    expect(tocText).toContain(`2.60第60期本土员工技能培训签到表与培训照片第${long.pageCount}页`);
    expect(pages[first!.first - 1]?.map((item) => item.str).join('')).toContain('ONE-1');
  });

  it('refuses an encrypted or corrupt PDF and names the file', async () => {
    const doc = await PdfLibDocument.create();
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: PDFName.of('Standard'), V: 2, R: 3 });
    const encrypted = Buffer.from(await doc.save());
    const base = await input();
    const withFile = (filename: string, data: Buffer) => ({ ...base, items: [...base.items, { id: ID.report, category: 'research', title: '科研合作协议', files: [{ filename, mediaType: 'application/pdf', data }] }] });

    await expect(compileEvidenceBinder(withFile('locked.pdf', encrypted))).rejects.toThrow(new UnreadableEvidenceError('locked.pdf', '科研合作协议', 'encrypted'));
    await expect(compileEvidenceBinder(withFile('broken.pdf', Buffer.from('%PDF-1.7\nthis is not a PDF at all\n%%EOF')))).rejects.toThrow(/“broken\.pdf” of “科研合作协议” cannot be read/);
    const truncated = (await pdfFixture('CUT', 2)).subarray(0, 300);
    await expect(compileEvidenceBinder(withFile('cut.pdf', truncated))).rejects.toThrow(UnreadableEvidenceError);
    const badImage = { ...base, items: [{ id: ID.photos, category: 'degree', title: '照片', files: [{ filename: 'bad.png', mediaType: 'image/png', data: Buffer.from('\x89PNG\r\n\x1a\nnot really') }] }] };
    await expect(compileEvidenceBinder(badImage)).rejects.toThrow(/“bad\.png” of “照片” cannot be read/);
  });

  it('prints the binder’s page numbers in the 申报书’s citations, in the .pdf and the .docx', async () => {
    const binder = await compileEvidenceBinder(await input());
    const model = buildApplicationDocument({
      schoolName: '河南交通职业技术学院',
      state: 'draft',
      sections: {
        partner_profile: { text: `双方签署合作协议${evidenceReference(ID.agreement)}，制定培养方案${evidenceReference(ID.plan)}。` },
        progress_to_date: { text: `累计培训420人次${evidenceReference(ID.report)}，开展人文交流${evidenceReference(ID.photos)}。` },
      },
      evidence: [],
      timeline: timeline(),
      evidencePages: (id) => binder.pages.get(id),
    });
    const expected = ['双方签署合作协议（见佐证材料第3页），制定培养方案（见佐证材料第4—6页）。', '累计培训420人次（见佐证材料第7—8页），开展人文交流（见佐证材料第9—10页）。'];
    const pdfText = squeeze((await pdfItems(await renderApplicationPdf(model, { createdAt: CREATED }))).map((items) => zoneText(items, 'body')).join(''));
    const docxText = squeeze(await docxPart(await renderApplicationDocx(model, { createdAt: CREATED })));
    for (const sentence of expected) {
      expect(pdfText).toContain(squeeze(sentence));
      expect(docxText).toContain(squeeze(sentence));
    }
  });
});
