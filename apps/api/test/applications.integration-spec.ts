import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

describe('calls and drafting the 申报书', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  let callId: string;
  let applicationId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'prov.admin', 's1.contact', 's1.drafter', 's1.legal', 's1.admin', 's2.drafter', 's2.contact', 'zz.reviewer']) {
      tokens.set(username, (await login(app, username)).token);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('the province officer creates and opens a call; schools see it only once open', async () => {
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({
        title: '2024年“大河工坊”职教出海建设项目',
        year: 2024,
        template: 'dahe-2024',
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        deadline: new Date(Date.now() + 30 * 86400_000).toISOString(),
        contact: { name: '职成教处', phone: '0371-00000000' },
        countryRisk: { KZ: 'ok', TH: 'caution', AF: 'prohibited' },
      })
      .expect(201);
    callId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', perSchoolLimit: 1, countryRisk: { AF: 'prohibited' } });
    await http().post('/api/calls').set(as('prov.admin')).send({ title: 'x', year: 2024, template: 'dahe-2024', opensAt: new Date().toISOString(), deadline: new Date().toISOString() }).expect(403);
    const visibleCalls = async () => (await http().get('/api/calls').set(as('s1.contact')).expect(200)).body.map((c: { id: string }) => c.id);
    expect(await visibleCalls()).not.toContain(callId);
    await http().post(`/api/calls/${callId}/open`).set(as('prov.officer')).expect(200);
    expect(await visibleCalls()).toContain(callId);
  });

  it('the contact starts an application; the call\'s limit per school holds', async () => {
    await http().post('/api/applications').set(as('s1.drafter')).send({ callId }).expect(403);
    const created = await http().post('/api/applications').set(as('s1.contact')).send({ callId }).expect(201);
    applicationId = created.body.id;
    expect(created.body).toMatchObject({ state: 'draft', contentHash: null });
    expect(Object.keys(created.body.sections)).toEqual(['cover', 'basic_info', 'school_foundation', 'partner_profile', 'progress_to_date', 'purpose_goals', 'approach_tasks', 'expected_outcomes', 'schedule', 'safeguards']);
    expect(created.body.sections.school_foundation).toEqual({ content: null, version: 0 });
    await http().post('/api/applications').set(as('s1.contact')).send({ callId }).expect(409);
  });

  it('the contact assigns sections to drafters; a drafter writes only those, and sees who else is editing', async () => {
    const [drafter] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 's1.drafter'`);
    await http().put(`/api/applications/${applicationId}/sections/partner_profile`).set(as('s1.drafter')).send({ content: { text: 'x' }, version: 0 }).expect(403);
    for (const key of ['school_foundation', 'safeguards', 'purpose_goals', 'approach_tasks', 'basic_info']) {
      await http().put(`/api/applications/${applicationId}/sections/${key}/assignees`).set(as('s1.contact')).send({ userIds: [drafter!.id] }).expect(200);
    }
    await http().put(`/api/applications/${applicationId}/sections/safeguards/assignees`).set(as('s1.drafter')).send({ userIds: [drafter!.id] }).expect(403);
    const [legal] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 's1.legal'`);
    await http().put(`/api/applications/${applicationId}/sections/safeguards/assignees`).set(as('s1.contact')).send({ userIds: [legal!.id] }).expect(400);
    const assignments = await http().get(`/api/applications/${applicationId}/assignments`).set(as('s1.legal')).expect(200);
    expect(assignments.body.safeguards).toEqual([{ userId: drafter!.id, displayName: '吴强（起草人）' }]);
    await http().put(`/api/applications/${applicationId}/sections/partner_profile`).set(as('s1.drafter')).send({ content: { text: 'x' }, version: 0 }).expect(403);

    expect((await http().post(`/api/applications/${applicationId}/sections/safeguards/presence`).set(as('s1.drafter')).expect(200)).body).toEqual({ editors: [] });
    const seen = await http().post(`/api/applications/${applicationId}/sections/safeguards/presence`).set(as('s1.contact')).expect(200);
    expect(seen.body.editors.map((e: { displayName: string }) => e.displayName)).toEqual(['吴强（起草人）']);
    await http().post(`/api/applications/${applicationId}/sections/safeguards/presence`).set(as('s2.drafter')).expect(404);
  });

  it('saves a section against the version it was based on, and keeps every version', async () => {
    const first = await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.drafter')).send({ content: { text: '学校始建于1958年。' }, version: 0 }).expect(200);
    expect(first.body).toEqual({ version: 1 });
    expect(first.headers['etag']).toBe('"1"');
    const second = await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.contact')).set('If-Match', '"1"').send({ content: { text: '学校始建于1958年，是国家优质高职院校。' } }).expect(200);
    expect(second.body).toEqual({ version: 2 });

    const stale = await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.drafter')).send({ content: { text: '旧稿' }, version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'conflict', current: { version: 2, content: { text: '学校始建于1958年，是国家优质高职院校。' } } });
    const staleIfMatch = await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.drafter')).set('If-Match', '"1"').send({ content: { text: '旧稿' } }).expect(412);
    expect(staleIfMatch.body).toMatchObject({ code: 'precondition_failed', current: { version: 2 } });

    const history = await http().get(`/api/applications/${applicationId}/sections/school_foundation/history`).set(as('s1.legal')).expect(200);
    expect(history.body.map((v: { version: number; authorName: string }) => [v.version, v.authorName])).toEqual([
      [2, '黄丽（项目联系人）'],
      [1, '吴强（起草人）'],
    ]);
    const section = await http().get(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.legal')).expect(200);
    expect(section.headers['etag']).toBe('"2"');
  });

  it('restores an old version as a new one, keeping the history whole', async () => {
    const url = `/api/applications/${applicationId}/sections/school_foundation`;
    const restored = await http().post(`${url}/restore`).set(as('s1.drafter')).send({ restore: 1, version: 2 }).expect(200);
    expect(restored.body).toEqual({ version: 3 });
    expect((await http().get(url).set(as('s1.drafter'))).body.content).toEqual({ text: '学校始建于1958年。' });
    expect((await http().get(`${url}/history`).set(as('s1.drafter'))).body.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    await http().post(`${url}/restore`).set(as('s1.drafter')).send({ restore: 1, version: 2 }).expect(409);
    await http().post(`${url}/restore`).set(as('s1.drafter')).send({ restore: 9, version: 3 }).expect(404);
  });

  it('of 20 simultaneous saves on one version exactly one wins; the rest get 409 and no version is lost', async () => {
    const base = (await http().get(`/api/applications/${applicationId}/sections/safeguards`).set(as('s1.drafter'))).body.version as number;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http().put(`/api/applications/${applicationId}/sections/safeguards`).set(as(i % 2 ? 's1.drafter' : 's1.contact')).send({ content: { text: `保障措施第${i}稿` }, version: base }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)!;
    const versions = await owner<{ version: number }>(`SELECT version FROM application_section_version WHERE application_id = $1 AND section_key = 'safeguards' ORDER BY version`, [applicationId]);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: base + 1 }, (_, i) => i + 1));
    expect(winner.body.version).toBe(base + 1);
  });

  it('refuses a save without a version (428), a version that is no number, a section that does not exist and foreign fields', async () => {
    const url = `/api/applications/${applicationId}/sections/purpose_goals`;
    expect((await http().put(url).set(as('s1.drafter')).send({ content: { text: 'x' } }).expect(428)).body.code).toBe('precondition_required');
    await http().put(url).set(as('s1.drafter')).send({ content: { text: 'x' }, version: 'abc' }).expect(400);
    await http().put(url).set(as('s1.drafter')).set('If-Match', 'W/"1"').send({ content: { text: 'x' } }).expect(400);
    await http().put(`/api/applications/${applicationId}/sections/section_9`).set(as('s1.drafter')).send({ content: { text: 'x' }, version: 0 }).expect(404);
    const foreign = await http().put(url).set(as('s1.drafter')).send({ content: { text: 'x', html: '<b>' }, version: 0 }).expect(400);
    expect(foreign.body.details).toEqual(['content.html is not a field of this section']);
    await http().put(url).set(as('s1.drafter')).send({ content: { text: 'x' }, version: 0, extra: 1 }).expect(400);
    await http().put(url).set(as('s1.drafter')).set('Content-Type', 'application/json').send('{"content": {"text": "x"}, "version": 0').expect(400);
  });

  it('stores over-long text, HTML and control characters as text; refuses 10 MB in one field with 413', async () => {
    const text = `${'职教出海'.repeat(200)}<script>alert(1)</script>\u0007`;
    await http().put(`/api/applications/${applicationId}/sections/purpose_goals`).set(as('s1.drafter')).send({ content: { text }, version: 0 }).expect(200);
    const back = await http().get(`/api/applications/${applicationId}/sections/purpose_goals`).set(as('s1.drafter')).expect(200);
    expect(back.body.content.text).toBe(text);
    const huge = await http().put(`/api/applications/${applicationId}/sections/approach_tasks`).set(as('s1.drafter')).send({ content: { text: 'x'.repeat(10 * 1024 * 1024) }, version: 0 });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'payload_too_large', message: 'Request body too large' });
  });

  it('reports validation with the shared rules: over-limit text flagged with count and limit, prohibited country blocks', async () => {
    await http().put(`/api/applications/${applicationId}/sections/basic_info`).set(as('s1.drafter')).send({ content: { countryCode: 'AF' }, version: 0 }).expect(200);
    const report = await http().get(`/api/applications/${applicationId}/validation`).set(as('s1.drafter')).expect(200);
    expect(report.body.ready).toBe(false);
    const overLimit = report.body.issues.find((i: { code: string; section: string }) => i.code === 'over_limit' && i.section === 'purpose_goals');
    // 800 ideographs, then one run of other characters: '<script>alert(1)</script>\u0007'.
    expect(overLimit).toMatchObject({ count: 801, limit: 300 });
    expect(report.body.issues.find((i: { code: string }) => i.code === 'country_prohibited').message).toContain('危地不往、乱地不去');
    expect(report.body.issues.some((i: { code: string }) => i.code === 'no_cooperation_form')).toBe(true);
    await http().get(`/api/applications/${applicationId}/validation`).set(as('s2.drafter')).expect(404);
  });

  it('keeps comment threads on a section with @mentions of school members, resolved and reopened', async () => {
    const url = `/api/applications/${applicationId}/sections/approach_tasks/comments`;
    const members = (await owner<{ id: string; username: string }>(`SELECT id, username FROM app_user WHERE username IN ('s1.drafter', 's2.drafter')`));
    const s1drafter = members.find((m) => m.username === 's1.drafter')!.id;
    const s2drafter = members.find((m) => m.username === 's2.drafter')!.id;
    const root = await http().post(url).set(as('s1.contact')).send({ body: '请补充2025年的重点任务 @吴强', mentions: [s1drafter] }).expect(201);
    expect(root.body).toMatchObject({ threadId: null, authorName: '黄丽（项目联系人）', mentions: [s1drafter] });
    await http().post(url).set(as('s1.drafter')).send({ body: '已补充。', replyTo: root.body.id }).expect(201);
    await http().post(url).set(as('s1.contact')).send({ body: 'x', mentions: [s2drafter] }).expect(400);
    const resolved = await http().post(`${url}/${root.body.id}/resolve`).set(as('s1.contact')).expect(200);
    expect(resolved.body.map((c: { resolvedAt?: string; threadId: string | null }) => [c.threadId === null, !!c.resolvedAt])).toEqual([[true, true], [false, false]]);
    const reopened = await http().post(`${url}/${root.body.id}/reopen`).set(as('s1.drafter')).expect(200);
    expect(reopened.body[0].resolvedAt).toBeUndefined();
    await http().get(url).set(as('s2.drafter')).expect(404);
    await http().get(url).set(as('zz.reviewer')).expect(404);
  });

  describe('evidence (佐证材料)', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 1)]);
    const upload = (username: string, fields: Record<string, string>, files: [Buffer, string][]) => {
      let req = http().post(`/api/applications/${applicationId}/evidence`).set(as(username));
      for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
      for (const [data, name] of files) req = req.attach('files', data, { filename: name, contentType: 'application/octet-stream' });
      return req;
    };

    it('stores PDF and images with their SHA-256 and SM3, typed by their bytes', async () => {
      const res = await upload('s1.drafter', { category: 'degree', title: '与阿拉木图某学院合作协议', isAgreement: 'true' }, [[pdf, '合作协议.pdf'], [png, '签约现场.png']]).expect(201);
      expect(res.body).toMatchObject({ category: 'degree', isAgreement: true, files: [{ filename: '合作协议.pdf', mediaType: 'application/pdf', size: pdf.length }, { mediaType: 'image/png' }] });
      expect(res.body.files[0].sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      expect(res.body.files[0].sm3).toBe(createHash('sm3').update(pdf).digest('hex'));
      const download = await http().get(`/api/applications/${applicationId}/evidence/files/${res.body.files[0].id}`).set(as('s1.legal')).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
      expect(download.headers['content-disposition']).toContain(encodeURIComponent('合作协议.pdf'));
    });

    it('refuses a file that only pretends to be a PDF, a file over 20 MB, and more than 200 MB in all', async () => {
      const fake = await upload('s1.drafter', { category: 'research', title: 'x' }, [[Buffer.from('MZ\x90 not a pdf'), '报告.pdf']]).expect(400);
      expect(fake.body.message).toBe('“报告.pdf” is not a PDF, JPEG or PNG file');
      const big = await upload('s1.drafter', { category: 'research', title: 'x' }, [[Buffer.concat([pdf, Buffer.alloc(20 * 1024 * 1024)]), 'big.pdf']]).expect(413);
      expect(big.body.code).toBe('payload_too_large');
      const orgId = (await owner<{ org_id: string }>(`SELECT org_id FROM application WHERE id = $1`, [applicationId]))[0]!.org_id;
      const [item] = await owner<{ id: string }>(`SELECT id FROM evidence_item WHERE application_id = $1 LIMIT 1`, [applicationId]);
      await owner(
        `INSERT INTO evidence_file (org_id, item_id, application_id, filename, media_type, size, sha256, sm3, storage_key)
         SELECT $1, $2, $3, 'bulk-' || g || '.pdf', 'application/pdf', 20971520, '\\x00', '\\x00', 'none' FROM generate_series(1, 10) g`,
        [orgId, item!.id, applicationId],
      );
      const over = await upload('s1.drafter', { category: 'research', title: 'x' }, [[pdf, 'one-more.pdf']]).expect(413);
      expect(over.body.message).toBe('The evidence of one application is limited to 200 MB in all');
      await owner(`DELETE FROM evidence_file WHERE filename LIKE 'bulk-%'`);
    });

    it('a citation in the text follows a renamed item, and a cited item cannot be removed', async () => {
      const item = (await http().get(`/api/applications/${applicationId}/evidence`).set(as('s1.drafter')).expect(200)).body[0];
      const section = (await http().get(`/api/applications/${applicationId}/sections/approach_tasks`).set(as('s1.drafter'))).body;
      await http().put(`/api/applications/${applicationId}/sections/approach_tasks`).set(as('s1.drafter')).send({ content: { text: `依托合作协议〔佐证:${item.id}〕开展学历教育。` }, version: section.version }).expect(200);
      const renamed = await http().patch(`/api/applications/${applicationId}/evidence/${item.id}`).set(as('s1.drafter')).send({ title: '合作协议（修订版）' }).expect(200);
      expect(renamed.body).toMatchObject({ id: item.id, title: '合作协议（修订版）' });
      const refused = await http().delete(`/api/applications/${applicationId}/evidence/${item.id}`).set(as('s1.drafter')).expect(409);
      expect(refused.body.details).toEqual(['approach_tasks']);
      await http().patch(`/api/applications/${applicationId}/evidence/${item.id}`).set(as('s1.drafter')).send({ category: 'tourism' }).expect(400);
    });

    it('counts evidence in the validation report, and nobody outside the school sees it in a draft', async () => {
      await http().put(`/api/applications/${applicationId}/sections/cover`).set(as('s1.contact')).send({ content: { cooperationForms: ['degree', 'research'] }, version: 0 }).expect(200);
      const report = await http().get(`/api/applications/${applicationId}/validation`).set(as('s1.drafter')).expect(200);
      const codes = report.body.issues.map((i: { code: string; field?: string }) => `${i.code}:${i.field ?? ''}`);
      expect(codes).toContain('evidence_missing:research');
      expect(codes).not.toContain('evidence_missing:degree');
      expect(codes.some((c: string) => c.startsWith('no_agreement'))).toBe(false);
      await http().get(`/api/applications/${applicationId}/evidence`).set(as('zz.reviewer')).expect(404);
      await http().get(`/api/applications/${applicationId}/evidence`).set(as('s2.drafter')).expect(404);
      await upload('s1.legal', { category: 'degree', title: 'x' }, [[pdf, 'a.pdf']]).expect(403);
    });
  });

  it('must not read or write another school\'s application; the legal representative reads but does not edit', async () => {
    await http().get(`/api/applications/${applicationId}`).set(as('s2.drafter')).expect(404);
    await http().get(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s2.drafter')).expect(404);
    await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s2.drafter')).send({ content: { text: 'x' }, version: 2 }).expect(404);
    expect((await http().get('/api/applications').set(as('s2.contact')).expect(200)).body.map((a: { id: string }) => a.id)).not.toContain(applicationId);
    await http().put(`/api/applications/${applicationId}/sections/school_foundation`).set(as('s1.legal')).send({ content: { text: 'x' }, version: 2 }).expect(403);
  });

  it('the supervising unit and the province see a draft\'s state, not its text', async () => {
    const list = await http().get('/api/applications').set(as('zz.reviewer')).expect(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: applicationId, state: 'draft', organisationName: '郑州黄河职业技术学院' }));
    expect(list.body.every((a: { organisationName: string }) => !a.organisationName.startsWith('洛阳'))).toBe(true);
    const detail = await http().get(`/api/applications/${applicationId}`).set(as('zz.reviewer')).expect(200);
    expect(detail.body).toMatchObject({ state: 'draft', sections: {} });
    await http().get(`/api/applications/${applicationId}/sections/school_foundation`).set(as('zz.reviewer')).expect(404);
    expect((await http().get(`/api/applications/${applicationId}`).set(as('prov.officer')).expect(200)).body.sections).toEqual({});
    // Beneath the API: the app role under the supervisor's tenant reads no section row.
    const rows = await withClient(db.appUrl, async (client) => {
      await client.query('BEGIN');
      const path = (await owner<{ path: string }>(`SELECT path FROM organisation WHERE name = '郑州市教育局'`))[0]!.path;
      await client.query(`SELECT set_config('dahe.org_path', $1, true)`, [path]);
      const found = (await client.query(`SELECT * FROM application_section`)).rows;
      await client.query('COMMIT');
      return found;
    });
    expect(rows).toEqual([]);
  });
});
