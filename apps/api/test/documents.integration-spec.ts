import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bodyText, docxPart, missingInOrder, pdfItems, squeeze, zoneText } from '@dahe/api/applications/feature-applications/testing';
import { demoPdf } from '../src/database/seed/demo-application';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/**
 * A database of its own with the demo seed, the app on it, the users' tokens and the seeded
 * applications' ids by school key. Each describe gets its own: the binder tests add evidence.
 */
async function startDemo(tokens: Map<string, string>, ids: Map<string, string>): Promise<{ db: TestDatabase; app: NestExpressApplication }> {
  const db = await createTestDatabase();
  await seedTestDemo(db);
  const app = await createTestApp(db);
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
  return { db, app };
}

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
    ({ db, app } = await startDemo(tokens, ids));
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
      expect(squeeze(zoneText(items, 'footer'))).toBe(`内容哈希：${detail.contentHash}受理编号：${detail.receiptNo}第${index + 1}页共${pages.length}页`);
      expect(zoneText(items, 'watermark')).toBe('');
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
    expect(missingInOrder(text, expected)).toBeUndefined();
  });

  it('gives the same bytes for the same content, and the .docx with real tables and the footer', async () => {
    const [a, b] = [(await exportOf('xx1', 'pdf', 'xx1.contact').expect(200)).body as Buffer, (await exportOf('xx1', 'pdf', 'xx1.contact').expect(200)).body as Buffer];
    expect(a.equals(b)).toBe(true);

    const res = await exportOf('xx1', 'docx', 'xx1.contact').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('新乡牧野职业技术学院-大河工坊申报书.docx')}`);
    const docx = res.body as Buffer;
    expect(squeeze(await docxPart(docx))).toContain(squeeze('项目名称中哈汽车技术“大河工坊”'));
    expect(squeeze(await docxPart(docx, 'word/footer1.xml'))).toMatch(/^内容哈希：sm3:[0-9a-f]{64}受理编号：/);
    await expect(docxPart(docx, 'word/header1.xml')).rejects.toThrow('word/header1.xml is not in the document');
    expect(((await exportOf('xx1', 'docx', 'xx1.contact').expect(200)).body as Buffer).equals(docx)).toBe(true);
  });

  it('watermarks a draft 草稿 on every page and prints no hash', async () => {
    const res = await exportOf('s1', 'pdf', 's1.contact').expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('郑州黄河职业技术学院-大河工坊申报书（草稿）.pdf'));
    const pages = await pdfItems(res.body as Buffer);
    for (const items of pages) {
      expect(zoneText(items, 'watermark')).toBe('草稿');
      expect(squeeze(zoneText(items, 'footer'))).not.toContain('内容哈希');
    }
    const docx = (await exportOf('s1', 'docx', 's1.contact').expect(200)).body as Buffer;
    await expect(docxPart(docx, 'word/header1.xml')).resolves.toEqual(expect.any(String));
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

/** GET /api/applications/:id/evidence-binder.pdf, and the 申报书's citations with the binder's page numbers. */
describe('the evidence binder', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });
  const binderOf = (school: string, who: string) => http().get(`/api/applications/${ids.get(school)}/evidence-binder.pdf`).set(as(who)).responseType('blob');

  beforeAll(async () => {
    ({ db, app } = await startDemo(tokens, ids));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('compiles the demo evidence into one numbered PDF: cover, contents, then each file’s pages where the contents say', async () => {
    const started = Date.now();
    const res = await binderOf('xx1', 'xx1.contact').expect(200);
    const elapsed = Date.now() - started;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('新乡牧野职业技术学院-大河工坊佐证材料.pdf')}`);
    const pdf = res.body as Buffer;
    expect(elapsed).toBeLessThan(5000);
    // Seeded: the agreement (3 pages, 学历培养) and the roster (2 pages, 技能培训). Cover 1, contents 2.
    const pages = await pdfItems(pdf);
    expect(pages).toHaveLength(7);
    pages.forEach((items, index) => expect(squeeze(zoneText(items, 'footer'))).toBe(`第${index + 1}页共7页`));
    const all = (index: number) => squeeze((pages[index] ?? []).map((item) => item.str).join(''));
    expect(all(0)).toContain('佐证材料');
    expect(all(0)).toContain('新乡牧野职业技术学院');
    const toc = all(1);
    const parts = ['目录', '1.学历培养佐证', '1.1与阿拉木图国立技术学院合作办学协议', '第3—5页', '2.技能培训佐证', '2.12023年海外员工技能培训名册', '第6—7页', '6.人文交流佐证'];
    let from = 0;
    for (const part of parts) {
      const at = toc.indexOf(part, from);
      expect(at >= 0 ? part : `missing after ${from}: ${part}`).toBe(part);
      from = at + part.length;
    }
    expect([2, 3, 4, 5, 6].map((index) => /page\d+of\d+/.exec(all(index))?.[0])).toEqual(['page1of3', 'page2of3', 'page3of3', 'page1of2', 'page2of2']);
    // Same evidence, same bytes.
    expect(((await binderOf('xx1', 'xx1.contact').expect(200)).body as Buffer).equals(pdf)).toBe(true);
    console.info(`evidence binder of the demo application: ${pages.length} pages, ${pdf.length} bytes, ${elapsed} ms`);
  });

  it('is for whoever may read the application’s content, as export.pdf', async () => {
    expect((await binderOf('xx1', 's2.contact').expect(404)).body).toBeDefined();
    await binderOf('xx1', 'ly.reviewer').expect(404);
    await binderOf('zz2', 'zz.reviewer').expect(404);
    await binderOf('xx1', 'xx.reviewer').expect(200);
    await binderOf('ly2', 'prov.officer').expect(404);
    await binderOf('xx1', 'prov.officer').expect(200);
    await binderOf('s1', 'zz.reviewer').expect(404);
    await http().get(`/api/applications/${ids.get('xx1')}/evidence-binder.pdf`).expect(401);
  });

  it('prints the binder’s page numbers in the 申报书’s citations, and refuses a corrupt file by name', async () => {
    const id = ids.get('s1') ?? '';
    const upload = (title: string, data: Buffer, filename: string, category = 'degree') =>
      http().post(`/api/applications/${id}/evidence`).set(as('s1.contact')).field('category', category).field('title', title).field('isAgreement', 'false').attach('files', data, { filename, contentType: 'application/pdf' });
    const agreement = (await upload('合作办学协议', demoPdf('协议', 2), 'agreement.pdf').expect(201)).body.id as string;
    const roster = (await upload('培训名册', demoPdf('名册', 1), 'roster.pdf', 'skills_training').expect(201)).body.id as string;
    const section = (await http().get(`/api/applications/${id}/sections/school_foundation`).set(as('s1.contact')).expect(200)).body as { version: number };
    const text = `学校与合作方签署合作办学协议〔佐证:${agreement}〕，培训本土员工420人次〔佐证:${roster}〕。`;
    await http().put(`/api/applications/${id}/sections/school_foundation`).set(as('s1.contact')).send({ content: { text }, version: section.version }).expect(200);

    const expected = '学校与合作方签署合作办学协议（见佐证材料第3—4页），培训本土员工420人次（见佐证材料第5页）。';
    const pdf = (await http().get(`/api/applications/${id}/export.pdf`).set(as('s1.contact')).responseType('blob').expect(200)).body as Buffer;
    expect(bodyText(await pdfItems(pdf))).toContain(squeeze(expected));
    const docx = (await http().get(`/api/applications/${id}/export.docx`).set(as('s1.contact')).responseType('blob').expect(200)).body as Buffer;
    expect(squeeze(await docxPart(docx))).toContain(squeeze(expected));
    const binder = await pdfItems((await binderOf('s1', 's1.contact').expect(200)).body as Buffer);
    expect(binder.map((items) => squeeze(zoneText(items, 'footer')))).toEqual(['第1页共5页', '第2页共5页', '第3页共5页', '第4页共5页', '第5页共5页']);

    // Starts like a PDF (the upload accepts it), is none.
    await upload('损坏的文件', Buffer.from('%PDF-1.7\nnot a PDF after all\n%%EOF\n'), 'broken.pdf', 'research').expect(201);
    const refused = await binderOf('s1', 's1.contact').expect(409);
    expect(refused.headers['content-type']).toMatch(/json/);
    const body = JSON.parse(Buffer.from(refused.body as Buffer).toString('utf8')) as { code: string; message: string; details: string[] };
    expect(body).toMatchObject({ code: 'conflict', details: ['broken.pdf'] });
    expect(body.message).toContain('“broken.pdf” of “损坏的文件” cannot be read');
    // The 申报书 still exports; its citations fall back to the items' titles.
    const fallback = (await http().get(`/api/applications/${id}/export.pdf`).set(as('s1.contact')).responseType('blob').expect(200)).body as Buffer;
    expect(bodyText(await pdfItems(fallback))).toContain(squeeze('合作办学协议（见佐证材料《合作办学协议》）'));
  });
});
