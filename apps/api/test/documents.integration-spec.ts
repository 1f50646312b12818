import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bodyText, docxPart, footerText, pdfItems, squeeze, watermarkText } from './support/document-text';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** GET /api/applications/:id/export.pdf and .docx against PostgreSQL, on the demo seed. */
describe('the 申报书 exports', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const exportOf = (school: string, format: 'pdf' | 'docx', who: string) =>
    http().get(`/api/applications/${ids.get(school)}/export.${format}`).set({ Authorization: `Bearer ${tokens.get(who)}` }).responseType('blob');

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['xx1.contact', 's1.contact', 's2.contact', 'xx.reviewer', 'zz.reviewer', 'ly.reviewer', 'prov.officer']) {
      tokens.set(username, (await login(app, username)).token);
    }
    const rows = await withClient(db.ownerUrl, async (c) => (await c.query<{ id: string; name: string }>(`SELECT a.id, o.name FROM application a JOIN organisation o ON o.id = a.org_id`)).rows);
    const byName = new Map(rows.map((row) => [row.name, row.id]));
    for (const [key, name] of [
      ['xx1', '新乡牧野职业技术学院'],
      ['ly2', '洛阳文化旅游职业学院'],
      ['zz2', '郑州商贸旅游职业学院'],
      ['s1', '郑州黄河职业技术学院'],
    ] as const) {
      const id = byName.get(name);
      if (!id) throw new Error(`the demo seed has no application of ${name}`);
      ids.set(key, id);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('exports a submitted application as a PDF with its content, signatures, certificate, and hash and receipt number on every page', async () => {
    const started = Date.now();
    const res = await exportOf('xx1', 'pdf', 'xx1.contact').expect(200);
    const elapsed = Date.now() - started;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="application.pdf"; filename*=UTF-8''${encodeURIComponent('新乡牧野职业技术学院-大河工坊申报书.pdf')}`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(elapsed).toBeLessThan(5000);

    const detail = (await http().get(`/api/applications/${ids.get('xx1')}`).set({ Authorization: `Bearer ${tokens.get('xx1.contact')}` }).expect(200)).body as { contentHash: string; receiptNo: string };
    expect(detail.contentHash).toMatch(/^sm3:[0-9a-f]{64}$/);
    expect(detail.receiptNo).toBeTruthy();
    const pages = await pdfItems(pdf);
    pages.forEach((items, index) => {
      expect(footerText(items)).toBe(`内容哈希：${detail.contentHash}受理编号：${detail.receiptNo}第${index + 1}页共${pages.length}页`);
      expect(watermarkText(items)).toBe('');
    });
    const text = bodyText(pages);
    const expected = [
      '申报学校：新乡牧野职业技术学院',
      '合作形式：□✓学历培养□✓技能培训□技术服务',
      '项目联系人：黄丽',
      '填写要求',
      '新乡牧野职业技术学院对本申报书及相关佐证材料内容的真实性和准确性负责。',
      '1.基本信息',
      '项目名称中哈汽车技术“大河工坊”',
      '所在国家哈萨克斯坦',
      '3.4建设进度',
      '1共建实训基地完成选址与设计建成并投入使用年培训500人次',
      '5.单位意见',
      '同意申报。经审核，申报材料内容真实、准确。',
      '签署凭证',
      '审计链校验通过',
    ];
    let from = 0;
    for (const part of expected) {
      const at = text.indexOf(squeeze(part), from);
      expect(at >= 0 ? part : `missing after position ${from}: ${part}`).toBe(part);
      from = at;
    }
  });

  it('gives the same bytes for the same content, and the .docx with real tables and the footer', async () => {
    const [a, b] = [(await exportOf('xx1', 'pdf', 'xx1.contact').expect(200)).body as Buffer, (await exportOf('xx1', 'pdf', 'xx1.contact').expect(200)).body as Buffer];
    expect(a.equals(b)).toBe(true);

    const res = await exportOf('xx1', 'docx', 'xx1.contact').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('新乡牧野职业技术学院-大河工坊申报书.docx')}`);
    const docx = res.body as Buffer;
    expect(squeeze((await docxPart(docx)) ?? '')).toContain(squeeze('项目名称中哈汽车技术“大河工坊”'));
    expect(squeeze((await docxPart(docx, 'word/footer1.xml')) ?? '')).toMatch(/^内容哈希：sm3:[0-9a-f]{64}受理编号：/);
    expect(await docxPart(docx, 'word/header1.xml')).toBeUndefined();
    expect(((await exportOf('xx1', 'docx', 'xx1.contact').expect(200)).body as Buffer).equals(docx)).toBe(true);
  });

  it('watermarks a draft 草稿 on every page and prints no hash', async () => {
    const res = await exportOf('s1', 'pdf', 's1.contact').expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('郑州黄河职业技术学院-大河工坊申报书（草稿）.pdf'));
    const pages = await pdfItems(res.body as Buffer);
    for (const items of pages) {
      expect(watermarkText(items)).toBe('草稿');
      expect(footerText(items)).not.toContain('内容哈希');
    }
    const docx = (await exportOf('s1', 'docx', 's1.contact').expect(200)).body as Buffer;
    expect(await docxPart(docx, 'word/header1.xml')).toBeDefined();
  });

  it('must not export another school’s application, nor text the supervisor or province may not read yet', async () => {
    for (const format of ['pdf', 'docx'] as const) {
      const other = await http().get(`/api/applications/${ids.get('xx1')}/export.${format}`).set({ Authorization: `Bearer ${tokens.get('s2.contact')}` }).expect(404);
      expect(other.body).toMatchObject({ code: 'not_found' });
    }
    // Another supervising unit: not its school.
    expect((await exportOf('xx1', 'pdf', 'ly.reviewer').expect(404)).headers['content-type']).toMatch(/json/);
    // The supervisor sees the text once signed, not while awaiting signature.
    await exportOf('zz2', 'pdf', 'zz.reviewer').expect(404);
    await exportOf('ly2', 'pdf', 'ly.reviewer').expect(200);
    await exportOf('xx1', 'pdf', 'xx.reviewer').expect(200);
    // The province once submitted.
    await exportOf('ly2', 'docx', 'prov.officer').expect(404);
    await exportOf('xx1', 'docx', 'prov.officer').expect(200);
    // A draft of the supervisor's own school is not theirs to read.
    await exportOf('s1', 'pdf', 'zz.reviewer').expect(404);
  });
});
