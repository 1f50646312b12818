import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { COOPERATION_FORM_LABELS, type Code, countryName } from '@dahe/shared/form';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** The state labels of the workbook (a copy, so a changed label fails here). */
const STATE_LABEL: Record<string, string> = {
  draft: '草稿', awaiting_signature: '待签署', signed: '已签署', submitted: '已报送', formal_check_passed: '形式审查通过',
  returned: '退回补正', expert_review: '专家评审', approved: '已立项', rejected: '未立项', withdrawn: '已撤回',
};
const STATES = Object.keys(STATE_LABEL);
const RECEIVED = ['submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected'];
const COUNTRIES = ['KZ', 'TH', 'MY', 'VN', 'ID'];
const FORMS: Code[] = ['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange'];

/** The Excel export of a call: the workbook through HTTP, read back with exceljs and compared to SQL. */
describe('province Excel export', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let callId: string;
  let provinceId: string;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);

  /** Downloads a workbook (binary) and opens it. */
  async function workbook(path: string, username = 'prov.officer'): Promise<{ book: ExcelJS.Workbook; res: request.Response }> {
    const res = await http()
      .get(path)
      .set(as(username))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    return { book, res };
  }

  /** Sheet 1 as arrays of cell values (header first). */
  function summaryRows(book: ExcelJS.Workbook): unknown[][] {
    const sheet = book.getWorksheet('申报汇总');
    if (!sheet) throw new Error('no 申报汇总 sheet');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  /** Sheet 2's table under a title: label → count. */
  function figures(book: ExcelJS.Workbook, title: string): Map<string, number> {
    const sheet = book.getWorksheet('统计');
    if (!sheet) throw new Error('no 统计 sheet');
    const out = new Map<string, number>();
    let inside = false;
    let skipHeader = false;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const a = sheet.getRow(r).getCell(1).value;
      const b = sheet.getRow(r).getCell(2).value;
      if (a === title) {
        inside = true;
        skipHeader = true;
        continue;
      }
      if (!inside) continue;
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      if (a === null || a === undefined || a === '') break;
      out.set(String(a), Number(b));
    }
    return out;
  }

  const expectedRows = (extra = '', params: unknown[] = []) =>
    owner<{ school: string; project: string; state: string; receipt_no: string; city: string }>(
      `SELECT s.name AS school, d.project_name AS project, a.state, a.receipt_no, s.city
         FROM application a JOIN organisation s ON s.id = a.org_id LEFT JOIN application_digest d ON d.application_id = a.id
        WHERE a.call_id = $1 AND a.state = ANY($2) ${extra}
        ORDER BY a.submitted_at NULLS LAST, a.receipt_no, a.id`,
      [callId, RECEIVED, ...params],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 's1.contact', 'zz.reviewer', 'expert1']) tokens.set(username, (await login(app, username)).token);
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: '导出测试批次', year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 86400_000).toISOString(), deadline: new Date(Date.now() + 7 * 86400_000).toISOString() })
      .expect(201);
    callId = created.body.id;
    const [province] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE kind = 'province'`);
    provinceId = province!.id;
    const [officer] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'prov.officer'`);
    const experts = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username IN ('expert1', 'expert2') ORDER BY username`);
    const schools = await owner<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE kind = 'school' ORDER BY name`);

    // Three applications per demo school, every state, with digests (drafts too: they must not leak).
    let n = 0;
    for (const school of schools) {
      for (let k = 0; k < 3; k++) {
        const state = STATES[n % STATES.length]!;
        const received = RECEIVED.includes(state);
        const [row] = await owner<{ id: string }>(
          `INSERT INTO application (org_id, call_id, state, created_by, receipt_no, submitted_at, content_hash, content_hash_alg)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [school.id, callId, state, officer!.id, received ? `T2024-${String(n).padStart(4, '0')}` : null, received ? new Date(Date.UTC(2024, 7, 10, 2, n)) : null,
           received ? Buffer.alloc(32, n) : null, received ? 'sm3' : null],
        );
        await owner(
          `INSERT INTO application_digest (org_id, application_id, project_name, country_code, cooperation_forms, partner_enterprises, partner_institution)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [school.id, row!.id, `${school.name}项目${k}（${state}）`, COUNTRIES[n % COUNTRIES.length], [FORMS[n % 6], FORMS[(n + 2) % 6]], ['中国路桥工程有限责任公司', `伙伴企业${n}`], `海外学院${n}`],
        );
        n++;
      }
    }
    // A rubric (weights 60 + 40) and scores: two experts on every expert_review/approved/rejected one, one of them submitted.
    const [c1] = await owner<{ id: string }>(`INSERT INTO review_criterion (org_id, call_id, position, title, max_score, weight) VALUES ($1, $2, 1, '建设基础', 10, 60) RETURNING id`, [provinceId, callId]);
    const [c2] = await owner<{ id: string }>(`INSERT INTO review_criterion (org_id, call_id, position, title, max_score, weight) VALUES ($1, $2, 2, '建设方案', 100, 40) RETURNING id`, [provinceId, callId]);
    const reviewed = await owner<{ id: string }>(`SELECT id FROM application WHERE call_id = $1 AND state IN ('expert_review', 'approved', 'rejected') ORDER BY id`, [callId]);
    for (const [i, application] of reviewed.entries()) {
      for (const [e, expert] of experts.entries()) {
        await owner(`INSERT INTO review_assignment (org_id, application_id, expert_id, call_id, assigned_by) VALUES ($1, $2, $3, $4, $5)`, [provinceId, application.id, expert.id, callId, officer!.id]);
        await owner(`INSERT INTO review_score (org_id, application_id, expert_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5), ($1, $2, $3, $6, $7)`, [
          provinceId, application.id, expert.id, c1!.id, 5 + ((i + e) % 5), c2!.id, 50 + i + e * 7,
        ]);
        // expert2 leaves every third one unsubmitted: it must not count.
        if (e === 0 || i % 3 !== 0) await owner(`UPDATE review_assignment SET submitted_at = now() + make_interval(secs => $4) WHERE application_id = $1 AND expert_id = $2 AND org_id = $3`, [application.id, expert.id, provinceId, e]);
      }
    }
    await owner(
      `INSERT INTO application_decision (org_id, application_id, call_id, decision, note, decided_by)
       SELECT $1, id, call_id, state, '评审意见：' || state, $2 FROM application WHERE call_id = $3 AND state IN ('approved', 'rejected')`,
      [provinceId, officer!.id, callId],
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('streams one row per received application, matching the database row by row', async () => {
    const { book, res } = await workbook(`/api/calls/${callId}/export.xlsx`);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    const disposition = String(res.headers['content-disposition']);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!)).toBe('大河工坊-申报汇总-2024.xlsx');

    const rows = summaryRows(book);
    expect(rows[0]).toEqual(['学校', '学校类型', '所在城市', '主管单位', '项目名称', '合作形式', '合作国家', '合作企业', '合作院校', '状态', '提交时间', '回执编号', '专家人数', '平均分', '各专家总分', '立项结论', '结论说明']);
    const expected = await expectedRows();
    expect(expected.length).toBeGreaterThan(10);
    expect(rows.length - 1).toBe(expected.length);
    rows.slice(1).forEach((row, i) => {
      const want = expected[i]!;
      expect([row[0], row[4], row[9], row[11], row[2]]).toEqual([want.school, want.project, STATE_LABEL[want.state], want.receipt_no, want.city]);
    });
    // Drafts and others not yet received are never listed, whatever their digest says.
    const all = rows.flat().map(String);
    for (const hidden of ['draft', 'awaiting_signature', 'signed', 'withdrawn']) expect(all.some((v) => v.includes(`（${hidden}）`))).toBe(false);
    // No contact data: nothing shaped like a mainland mobile.
    expect(all.some((v) => /(^|\D)1[3-9]\d{9}(\D|$)/.test(v))).toBe(false);

    // Header bold, frozen, filtered; times in Beijing time; labels in Chinese.
    const sheet = book.getWorksheet('申报汇总')!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const first = rows[1]!;
    expect(first[10]).toMatch(/^2024-08-10 10:\d\d$/);
    expect(['高等职业学校', '中等职业学校']).toContain(first[1]);
    expect(String(first[5])).toMatch(/^(学历培养|技能培训|技术服务|科研合作|设备输出|人文交流)、/);
  });

  it('computes each expert’s total and the mean from submitted assignments only', async () => {
    const { book } = await workbook(`/api/calls/${callId}/export.xlsx`);
    const rows = summaryRows(book).slice(1);
    const sql = await owner<{ receipt_no: string; totals: string[]; decision: string | null; note: string | null }>(
      `SELECT a.receipt_no, coalesce(array_agg(t.total ORDER BY t.submitted_at, t.expert_id) FILTER (WHERE t.total IS NOT NULL), '{}') AS totals, d.decision, d.note
         FROM application a
         LEFT JOIN (SELECT r.application_id, r.expert_id, r.submitted_at, sum(s.score / c.max_score * c.weight)::text AS total
                      FROM review_assignment r JOIN review_score s USING (org_id, application_id, expert_id) JOIN review_criterion c ON c.id = s.criterion_id
                     WHERE r.submitted_at IS NOT NULL GROUP BY 1, 2, 3) t ON t.application_id = a.id
         LEFT JOIN application_decision d ON d.application_id = a.id
        WHERE a.call_id = $1 AND a.state = ANY($2) GROUP BY a.org_id, a.id, d.decision, d.note`,
      [callId, RECEIVED],
    );
    let scored = 0;
    for (const want of sql) {
      const row = rows.find((r) => r[11] === want.receipt_no)!;
      const totals = want.totals.map(Number);
      expect(row[12]).toBe(totals.length);
      if (totals.length === 0) {
        expect(row[13] ?? null).toBeNull();
        expect(row[14] ?? '').toBe('');
      } else {
        scored++;
        const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
        expect(row[13]).toBeCloseTo(mean, 2);
        expect(row[14]).toBe(totals.map((t) => t.toFixed(2)).join('、'));
      }
      expect(row[15] ?? '').toBe(want.decision === 'approved' ? '立项' : want.decision === 'rejected' ? '不立项' : '');
      expect(row[16] ?? '').toBe(want.note ?? '');
    }
    expect(scored).toBeGreaterThan(3);
  });

  it('has a figures sheet equal to SQL counts (drafts counted by state only)', async () => {
    const { book } = await workbook(`/api/calls/${callId}/export.xlsx`);
    const byState = await owner<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM application WHERE call_id = $1 GROUP BY state`, [callId]);
    const stateFigures = figures(book, '按状态（含草稿，仅计数）');
    expect(stateFigures.size).toBe(10);
    for (const state of STATES) expect(stateFigures.get(STATE_LABEL[state]!)).toBe(byState.find((r) => r.state === state)?.n ?? 0);
    expect(stateFigures.get('草稿')).toBeGreaterThan(0);

    const group = (expr: string, join = '') =>
      owner<{ k: string; n: number }>(
        `SELECT ${expr} AS k, count(*)::int AS n FROM application a JOIN organisation s ON s.id = a.org_id JOIN application_digest d ON d.application_id = a.id ${join}
          WHERE a.call_id = $1 AND a.state = ANY($2) GROUP BY 1`,
        [callId, RECEIVED],
      );
    const asMap = (rows: { k: string; n: number }[], label: (k: string) => string = (k) => k) => new Map(rows.map((r) => [label(r.k), r.n]));
    expect(figures(book, '按所在城市')).toEqual(asMap(await group('s.city')));
    expect(figures(book, '按学校类型')).toEqual(asMap(await group('s.school_type'), (k) => (k === 'higher_vocational' ? '高等职业学校' : '中等职业学校')));
    expect(figures(book, '按合作形式')).toEqual(asMap(await group('f.code', 'CROSS JOIN LATERAL unnest(d.cooperation_forms) AS f(code)'), (k) => COOPERATION_FORM_LABELS[k as Code]['zh-CN']));
    expect(figures(book, '按合作国家')).toEqual(asMap(await group('d.country_code'), (k) => countryName(k)));
  });

  it('narrows the rows with the intake’s filters', async () => {
    const [ly] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '洛阳市教育局'`);
    const cases: [string, string, unknown[]][] = [
      ['state=approved&state=rejected', `AND a.state IN ('approved', 'rejected')`, []],
      ['state=approved,expert_review', `AND a.state IN ('approved', 'expert_review')`, []],
      [`city=${encodeURIComponent('洛阳市')}`, `AND s.city = $3`, ['洛阳市']],
      [`supervisorId=${ly!.id}`, `AND s.parent_id = $3`, [ly!.id]],
      ['schoolType=secondary_vocational', `AND s.school_type = $3`, ['secondary_vocational']],
      ['cooperationForm=research', `AND 'research' = ANY(d.cooperation_forms)`, []],
      ['countryCode=KZ', `AND d.country_code = 'KZ'`, []],
      [`q=${encodeURIComponent('郑州')}`, `AND (s.name LIKE '%郑州%' OR d.project_name LIKE '%郑州%')`, []],
      // A draft state asked for explicitly still lists nothing: drafts are never exported.
      ['state=draft', `AND a.state = 'draft'`, []],
    ];
    for (const [query, extra, params] of cases) {
      const { book } = await workbook(`/api/calls/${callId}/export.xlsx?${query}`);
      const rows = summaryRows(book).slice(1);
      const expected = await expectedRows(extra, params);
      expect({ query, rows: rows.map((r) => r[11]) }).toEqual({ query, rows: expected.map((r) => r.receipt_no) });
    }
    await http().get(`/api/calls/${callId}/export.xlsx?state=nonsense`).set(as('prov.officer')).expect(400);
    await http().get(`/api/calls/${callId}/export.xlsx?contactMobile=1`).set(as('prov.officer')).expect(400);
  });

  it('audits every export on the province’s own chain', async () => {
    const before = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE org_id = $1 AND chain = 'org' AND action = 'call.exported'`, [provinceId]);
    await workbook(`/api/calls/${callId}/export.xlsx?city=${encodeURIComponent('郑州市')}`);
    const events = await owner<{ data: { callId: string; rows: number; filters: Record<string, unknown> }; actor_role: string; subject_id: string }>(
      `SELECT data, actor_role, subject_id FROM audit_event WHERE org_id = $1 AND chain = 'org' AND action = 'call.exported' ORDER BY seq`,
      [provinceId],
    );
    expect(events.length).toBe(before[0]!.n + 1);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ actor_role: 'province_officer', subject_id: callId, data: { callId, format: 'xlsx', filters: { city: '郑州市' } } });
    expect(last.data.rows).toBe((await expectedRows(`AND s.city = $3`, ['郑州市'])).length);
  });

  it('runs as a job: progress to done, then the same rows from the store', async () => {
    const created = await http().post(`/api/calls/${callId}/exports`).set(as('prov.officer')).send({ state: ['approved', 'rejected', 'expert_review'] }).expect(202);
    const expected = await expectedRows(`AND a.state IN ('approved', 'rejected', 'expert_review')`);
    expect(created.body).toEqual({ id: expect.any(String), total: expected.length });
    let progress = { rows: 0, total: 0, done: false } as { rows: number; total: number; done: boolean; error?: string };
    for (let i = 0; i < 100 && !progress.done && !progress.error; i++) {
      progress = (await http().get(`/api/exports/${created.body.id}`).set(as('prov.officer')).expect(200)).body;
      if (!progress.done) await new Promise((r) => setTimeout(r, 50));
    }
    expect(progress).toEqual({ rows: expected.length, total: expected.length, done: true });
    const { book, res } = await workbook(`/api/exports/${created.body.id}/file`);
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    expect(summaryRows(book).slice(1).map((r) => r[11])).toEqual(expected.map((r) => r.receipt_no));
    const direct = await workbook(`/api/calls/${callId}/export.xlsx?state=approved,rejected,expert_review`);
    expect(summaryRows(book)).toEqual(summaryRows(direct.book));
    const audited = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE org_id = $1 AND action = 'call.exported' AND data->>'jobId' = $2`, [provinceId, created.body.id]);
    expect(audited[0]!.n).toBe(1);
  });

  it('shows a job whose writer died as failed, and serves no file for it', async () => {
    const [officer] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'prov.officer'`);
    const [job] = await owner<{ id: string }>(
      `INSERT INTO export_job (org_id, call_id, requested_by, filename, total, rows_done, heartbeat_at) VALUES ($1, $2, $3, 'x.xlsx', 5000, 2000, now() - interval '10 minutes') RETURNING id`,
      [provinceId, callId, officer!.id],
    );
    const progress = (await http().get(`/api/exports/${job!.id}`).set(as('prov.officer')).expect(200)).body;
    expect(progress).toMatchObject({ rows: 2000, total: 5000, done: false, error: expect.stringContaining('stopped') });
    expect((await owner<{ status: string }>(`SELECT status FROM export_job WHERE id = $1`, [job!.id]))[0]!.status).toBe('failed');
    await http().get(`/api/exports/${job!.id}/file`).set(as('prov.officer')).expect(409);
    await http().get(`/api/exports/00000000-0000-4000-8000-000000000000`).set(as('prov.officer')).expect(404);
  });

  it('refuses schools, supervising units and experts (403), and another province’s or an unknown call (404)', async () => {
    for (const username of ['s1.contact', 'zz.reviewer', 'expert1']) {
      await http().get(`/api/calls/${callId}/export.xlsx`).set(as(username)).expect(403);
      await http().post(`/api/calls/${callId}/exports`).set(as(username)).send({}).expect(403);
    }
    const job = await http().post(`/api/calls/${callId}/exports`).set(as('prov.officer')).send({}).expect(202);
    await http().get(`/api/exports/${job.body.id}`).set(as('expert1')).expect(403);
    await http().get(`/api/exports/${job.body.id}/file`).set(as('s1.contact')).expect(403);
    await http().get(`/api/calls/00000000-0000-4000-8000-000000000000/export.xlsx`).set(as('prov.officer')).expect(404);
    // Let the job finish before the app closes.
    for (let i = 0; i < 100; i++) {
      const p = (await http().get(`/api/exports/${job.body.id}`).set(as('prov.officer')).expect(200)).body;
      if (p.done || p.error) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
