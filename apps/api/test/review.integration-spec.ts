import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DEMO_EVIDENCE, demoPdf, demoSections } from '../src/database/seed/demo-application';
import { DEMO_PASSWORD, createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/**
 * Expert review through HTTP against PostgreSQL: rubric arithmetic, conflicts of interest and balanced
 * assignment, what an expert may read (API and row-level security), anonymity, locked scores, decisions
 * hidden from schools until published, and the formal check's correction window.
 */
describe('expert review, decisions and publication', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const users = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T & Record<string, unknown>>(sql, params)).rows as T[]);
  const move = (username: string, id: string, body: Record<string, unknown>) => http().post(`/api/applications/${id}/transitions`).set(as(username)).send(body);
  /** As the app's database role, in a tenant context set by hand (what row-level security shows). */
  const asApp = <T>(orgPath: string, userId: string, work: (q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>) =>
    withClient(db.appUrl, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`, [orgPath, userId]);
      try {
        return await work(async (sql, params) => (await c.query(sql, params)).rows);
      } finally {
        await c.query('ROLLBACK');
      }
    });
  const orgs = new Map<string, { id: string; path: string }>();

  const SUPERVISOR: Record<string, string> = { s1: 'zz.reviewer', s2: 'ly.reviewer' };
  const RUBRIC = [
    { title: '项目建设基础', guidance: '学校办学基础与合作单位', maxScore: 10, weight: 60 },
    { title: '建设方案与预期成效', guidance: '目标、任务、举措与成效', maxScore: 20, weight: 40 },
  ];
  const settings = (extra: Record<string, unknown> = {}) => ({ anonymous: false, expertsPerApplication: 2, outlierSpread: 20, correctionUntil: null, criteria: RUBRIC, ...extra });

  let callSeq = 0;
  async function newCall(perSchoolLimit = 2): Promise<string> {
    callSeq++;
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: `评审测试批次${callSeq}`, year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 3600_000).toISOString(), deadline: new Date(Date.now() + 7 * 86400_000).toISOString(), perSchoolLimit, countryRisk: { KZ: 'ok' } })
      .expect(201);
    await http().post(`/api/calls/${created.body.id}/open`).set(as('prov.officer')).expect(200);
    return created.body.id;
  }

  /** A complete application of school `prefix`, driven through the real transitions to `submitted`. */
  async function submittedApplication(callId: string, prefix: 's1' | 's2'): Promise<string> {
    const contact = `${prefix}.contact`;
    const id = (await http().post('/api/applications').set(as(contact)).send({ callId }).expect(201)).body.id as string;
    for (const [key, content] of Object.entries(demoSections())) {
      await http().put(`/api/applications/${id}/sections/${key}`).set(as(contact)).send({ content, version: 0 }).expect(200);
    }
    for (const item of DEMO_EVIDENCE) {
      await http()
        .post(`/api/applications/${id}/evidence`)
        .set(as(contact))
        .field('category', item.category)
        .field('title', item.title)
        .field('isAgreement', String(item.isAgreement))
        .attach('files', demoPdf(item.title), { filename: item.filename, contentType: 'application/pdf' })
        .expect(201);
    }
    await move(contact, id, { action: 'submit_for_signature' }).expect(200);
    await move(`${prefix}.legal`, id, { action: 'sign', opinion: '同意申报，内容真实。', password: DEMO_PASSWORD }).expect(200);
    await move(SUPERVISOR[prefix]!, id, { action: 'approve', opinion: '经审核，同意推荐。' }).expect(200);
    return id;
  }

  async function passedApplication(callId: string, prefix: 's1' | 's2'): Promise<string> {
    const id = await submittedApplication(callId, prefix);
    await move('prov.officer', id, { action: 'pass_formal_check' }).expect(200);
    return id;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    const names = ['prov.officer', 'expert1', 'expert2', 'expert3', 's1.contact', 's1.legal', 's1.admin', 's2.contact', 's2.legal', 'zz.reviewer', 'ly.reviewer'];
    for (const username of names) tokens.set(username, (await login(app, username)).token);
    for (const row of await owner<{ id: string; username: string }>(`SELECT id, username FROM app_user WHERE username = ANY($1)`, [names])) users.set(row.username, row.id);
    for (const row of await owner<{ id: string; name: string; path: string }>(`SELECT id, name, path FROM organisation`)) orgs.set(row.name, { id: row.id, path: row.path });
    // zz.reviewer also reviews for the airport zone's bureau: make 郑州市教育局 the active organisation.
    await http().post('/api/me/active-org').set(as('zz.reviewer')).send({ organisationId: orgs.get('郑州市教育局')!.id }).expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const province = () => orgs.get('河南省教育厅')!;
  const s1 = () => orgs.get('郑州黄河职业技术学院')!;
  const s2 = () => orgs.get('洛阳中原职业技术学院')!;

  describe('the formal check’s correction window (补正)', () => {
    it('refuses return_for_correction without a window or after it, and lets a corrected application be approved again until it closes', async () => {
      const callId = await newCall();
      const id = await submittedApplication(callId, 's1');
      const closed = await move('prov.officer', id, { action: 'return_for_correction', comment: '请补充合作协议页码' }).expect(409);
      expect(closed.body.code).toBe('correction_closed');
      await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ correctionUntil: new Date(Date.now() - 1000).toISOString() })).expect(200);
      expect((await move('prov.officer', id, { action: 'return_for_correction', comment: '请补充合作协议页码' }).expect(409)).body.code).toBe('correction_closed');

      const until = new Date(Date.now() + 3600_000).toISOString();
      await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ correctionUntil: until })).expect(200);
      expect((await move('prov.officer', id, { action: 'return_for_correction', comment: '请补充合作协议页码' }).expect(200)).body.state).toBe('returned');

      // The call's deadline passes meanwhile: the corrected application still goes through, until correction_until.
      await owner(`UPDATE call SET opens_at = now() - interval '2 days', deadline = now() - interval '1 second' WHERE id = $1`, [callId]);
      await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
      await move('s1.legal', id, { action: 'sign', opinion: '已补正。', password: DEMO_PASSWORD }).expect(200);
      // The timeline tells the web the same: the window, and that this one was received before.
      const timeline = (await http().get(`/api/applications/${id}/timeline`).set(as('zz.reviewer')).expect(200)).body as { correctionUntil?: string; receivedOnce?: boolean };
      expect(timeline).toMatchObject({ correctionUntil: until, receivedOnce: true });
      await owner(`UPDATE call SET correction_until = now() - interval '1 second' WHERE id = $1`, [callId]);
      expect((await move('zz.reviewer', id, { action: 'approve', opinion: '同意。' }).expect(409)).body.code).toBe('deadline_passed');
      await owner(`UPDATE call SET correction_until = $2 WHERE id = $1`, [callId, until]);
      expect((await move('zz.reviewer', id, { action: 'approve', opinion: '同意。' }).expect(200)).body.state).toBe('submitted');
    });
  });

  describe('a call under review', () => {
    let callId: string;
    let a: string; // s1
    let b: string; // s2
    let c: string; // s1, decided after the first publication
    let d: string; // s2, decided by a transition after publication
    let criterionIds: string[];

    beforeAll(async () => {
      callId = await newCall();
      a = await passedApplication(callId, 's1');
      b = await passedApplication(callId, 's2');
      c = await passedApplication(callId, 's1');
      d = await passedApplication(callId, 's2');
    }, 120_000);

    it('sets the rubric: validated, read back, and only for the officer', async () => {
      const initial = (await http().get(`/api/calls/${callId}/review`).set(as('prov.officer')).expect(200)).body;
      expect(initial).toMatchObject({ callId, anonymous: false, expertsPerApplication: 2, outlierSpread: 20, correctionUntil: null, criteria: [], locked: false, resultsPublishedAt: null });
      const bad = await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ criteria: [{ ...RUBRIC[0], weight: 50 }, RUBRIC[1]] })).expect(400);
      expect(bad.body.details).toEqual(['weights_not_100']);
      const saved = (await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings()).expect(200)).body;
      expect(saved.criteria).toEqual([
        expect.objectContaining({ position: 1, title: '项目建设基础', maxScore: 10, weight: 60 }),
        expect.objectContaining({ position: 2, title: '建设方案与预期成效', maxScore: 20, weight: 40 }),
      ]);
      criterionIds = saved.criteria.map((cr: { id: string }) => cr.id);
      await http().get(`/api/calls/${callId}/review`).set(as('expert1')).expect(403);
      await http().get(`/api/calls/${callId}/review`).set(as('s1.admin')).expect(403);
      await http().put(`/api/calls/${callId}/review`).set(as('expert1')).send(settings()).expect(403);
      await http().get(`/api/calls/${callId}/review/progress`).set(as('expert1')).expect(403);
      const experts = (await http().get(`/api/calls/${callId}/review/experts`).set(as('prov.officer')).expect(200)).body;
      expect(experts.map((e: { displayName: string }) => e.displayName).sort()).toEqual(['刘教授（评审专家）', '周高工（评审专家）', '孙研究员（评审专家）'].sort());
    });

    it('never assigns an expert to a school they declared a conflict with: balanced, by hand, or straight into the table', async () => {
      const found = (await http().get(`/api/calls/${callId}/review/schools`).query({ q: '黄河' }).set(as('expert3')).expect(200)).body;
      expect(found).toEqual([{ id: s1().id, name: '郑州黄河职业技术学院' }]);
      const declared = (await http().post(`/api/calls/${callId}/review/conflicts`).set(as('expert3')).send({ schoolId: s1().id, reason: '曾在该校兼职' }).expect(201)).body;
      expect(declared).toMatchObject({ expertId: users.get('expert3'), schoolId: s1().id, schoolName: '郑州黄河职业技术学院', reason: '曾在该校兼职' });
      await http().post(`/api/calls/${callId}/review/conflicts`).set(as('prov.officer')).send({ schoolId: s1().id, reason: 'x' }).expect(403);

      const balanced = (await http().post(`/api/calls/${callId}/review/assignments`).set(as('prov.officer')).send({ mode: 'balanced', applicationIds: [a, b] }).expect(200)).body;
      expect(balanced).toMatchObject({ created: 4, skippedConflicts: 1, unfilled: [] });
      const onA = await owner<{ expert_id: string }>(`SELECT expert_id FROM review_assignment WHERE application_id = $1`, [a]);
      expect(onA.map((r) => r.expert_id).sort()).toEqual([users.get('expert1'), users.get('expert2')].sort());
      const loads = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM review_assignment WHERE call_id = $1 GROUP BY expert_id`, [callId]);
      expect(Math.max(...loads.map((l) => l.n)) - Math.min(...loads.map((l) => l.n))).toBeLessThanOrEqual(1);

      // Its first expert moved each application into expert review, through the engine (on its trail).
      const t = (await http().get(`/api/applications/${a}/timeline`).set(as('prov.officer')).expect(200)).body;
      expect(t.state).toBe('expert_review');
      expect(t.events.at(-1)).toMatchObject({ action: 'application.expert_review_started', from: 'formal_check_passed', to: 'expert_review' });

      // By hand: the conflicted pair is skipped.
      const manual = (await http().post(`/api/calls/${callId}/review/assignments`).set(as('prov.officer')).send({ mode: 'manual', applicationIds: [a], expertIds: [users.get('expert3')] }).expect(200)).body;
      expect(manual).toEqual({ created: 0, skippedConflicts: 1, unfilled: [] });
      // Straight into the table as the app's role: the trigger refuses it.
      await expect(
        asApp(province().path, users.get('prov.officer')!, (q) =>
          q(`INSERT INTO review_assignment (org_id, application_id, expert_id, call_id, assigned_by) VALUES ($1, $2, $3, $4, $5)`, [province().id, a, users.get('expert3'), callId, users.get('prov.officer')]),
        ),
      ).rejects.toThrow(/conflict of interest/);

      // A conflict declared after the assignment removes the unsubmitted assignment at once.
      const expert3OnB = (await owner(`SELECT 1 FROM review_assignment WHERE application_id = $1 AND expert_id = $2`, [b, users.get('expert3')])).length;
      expect(expert3OnB).toBe(1);
      await http().post(`/api/calls/${callId}/review/conflicts`).set(as('expert3')).send({ schoolId: s2().id, reason: '亲属在该校任职' }).expect(201);
      expect(await owner(`SELECT 1 FROM review_assignment WHERE application_id = $1 AND expert_id = $2`, [b, users.get('expert3')])).toHaveLength(0);
      const topUp = (await http().post(`/api/calls/${callId}/review/assignments`).set(as('prov.officer')).send({ mode: 'balanced', applicationIds: [a, b] }).expect(200)).body;
      expect(topUp).toMatchObject({ created: 1, unfilled: [] });
      const conflicts = (await http().get(`/api/calls/${callId}/review/conflicts`).set(as('prov.officer')).expect(200)).body;
      expect(conflicts.map((x: { schoolId: string }) => x.schoolId)).toEqual([s1().id, s2().id]);
      expect((await http().get(`/api/calls/${callId}/review/conflicts`).set(as('expert1')).expect(200)).body).toEqual([]);

      // Only applications past the formal check get experts.
      const other = await newCall();
      const submitted = await submittedApplication(other, 's2');
      const refused = await http().post(`/api/calls/${other}/review/assignments`).set(as('prov.officer')).send({ mode: 'manual', applicationIds: [submitted], expertIds: [users.get('expert1')] }).expect(422);
      expect(refused.body).toMatchObject({ code: 'not_under_review', details: [submitted] });
    });

    it('shows an expert only what is assigned to them: API, CASL and row-level security', async () => {
      const tasks = (await http().get('/api/reviews').set(as('expert3')).expect(200)).body;
      expect(tasks).toEqual([]);
      await http().get(`/api/reviews/${a}`).set(as('expert3')).expect(404);
      await http().put(`/api/reviews/${a}`).set(as('expert3')).send({ scores: [] }).expect(404);
      // No generic read of applications at all, assigned or not.
      expect([403, 404]).toContain((await http().get(`/api/applications/${a}`).set(as('expert1'))).status);
      expect([403, 404]).toContain((await http().get(`/api/applications/${a}`).set(as('expert3'))).status);
      await http().get('/api/reviews').set(as('prov.officer')).expect(403);

      // expert1 saves a draft, so there are scores of someone else for expert3 not to see.
      await http().put(`/api/reviews/${a}`).set(as('expert1')).send({ scores: [{ criterionId: criterionIds[0], score: 5, comment: '' }] }).expect(200);
      const seen = await asApp(province().path, users.get('expert3')!, async (q) => ({
        application: (await q(`SELECT count(*)::int AS n FROM application WHERE id = $1`, [a]))[0]!['n'],
        sections: (await q(`SELECT count(*)::int AS n FROM application_section WHERE application_id = $1`, [a]))[0]!['n'],
        scores: (await q(`SELECT count(*)::int AS n FROM review_score`))[0]!['n'],
        assignments: (await q(`SELECT count(*)::int AS n FROM review_assignment`))[0]!['n'],
      }));
      expect(seen).toEqual({ application: 0, sections: 0, scores: 0, assignments: 0 });
      const seenBy1 = await asApp(province().path, users.get('expert1')!, async (q) => ({
        application: (await q(`SELECT count(*)::int AS n FROM application WHERE id = $1`, [a]))[0]!['n'],
        sections: (await q(`SELECT count(*)::int AS n FROM application_section WHERE application_id = $1`, [a]))[0]!['n'],
        unassigned: (await q(`SELECT count(*)::int AS n FROM application WHERE id = $1`, [c]))[0]!['n'],
      }));
      expect(seenBy1.application).toBe(1);
      expect(seenBy1.sections).toBeGreaterThan(0);
      expect(seenBy1.unassigned).toBe(0);
    });

    it('scores: drafts, 422 listing what is missing, locked after submit (API 409, and the trigger), totals, mean, spread and the outlier', async () => {
      const sheet = (await http().get(`/api/reviews/${a}`).set(as('expert1')).expect(200)).body;
      expect(sheet).toMatchObject({ applicationId: a, callId, label: '郑州黄河职业技术学院', anonymous: false, total: null, submittedAt: null });
      expect(Object.keys(sheet.sections)).toContain('cover');
      expect(sheet.evidence[0]).toEqual({ category: expect.any(String), title: expect.any(String), pages: null });

      const missing = await http().post(`/api/reviews/${a}/submit`).set(as('expert1')).expect(422);
      expect(missing.body).toMatchObject({ code: 'review_incomplete', details: [criterionIds[1]] });
      await http().put(`/api/reviews/${a}`).set(as('expert1')).send({ scores: [{ criterionId: criterionIds[1], score: 21, comment: '' }] }).expect(400);
      await http().put(`/api/reviews/${a}`).set(as('expert1')).send({ scores: [{ criterionId: criterionIds[0], score: 10, comment: '基础扎实' }, { criterionId: criterionIds[1], score: 20, comment: 'x'.repeat(2001) }] }).expect(400);
      const full = (await http().put(`/api/reviews/${a}`).set(as('expert1')).send({ scores: [{ criterionId: criterionIds[0], score: 10, comment: '基础扎实' }, { criterionId: criterionIds[1], score: 20, comment: '方案清晰' }] }).expect(200)).body;
      expect(full.total).toBe(100);
      expect((await http().post(`/api/reviews/${a}/submit`).set(as('expert1')).expect(200)).body.submittedAt).toEqual(expect.any(String));
      const locked = await http().put(`/api/reviews/${a}`).set(as('expert1')).send({ scores: [{ criterionId: criterionIds[0], score: 1, comment: '' }] }).expect(409);
      expect(locked.body.code).toBe('review_locked');
      await http().post(`/api/reviews/${a}/submit`).set(as('expert1')).expect(409);
      await expect(asApp(province().path, users.get('expert1')!, (q) => q(`UPDATE review_score SET score = 0 WHERE application_id = $1`, [a]))).rejects.toThrow(/locked/);
      // A submitted review stays assigned.
      expect((await http().delete(`/api/calls/${callId}/review/assignments/${a}/${users.get('expert1')}`).set(as('prov.officer')).expect(409)).body.code).toBe('review_locked');

      // 6/10·60 + 12/20·40 = 36 + 24 = 60
      await http().put(`/api/reviews/${a}`).set(as('expert2')).send({ scores: [{ criterionId: criterionIds[0], score: 6, comment: '' }, { criterionId: criterionIds[1], score: 12, comment: '' }] }).expect(200);
      await http().post(`/api/reviews/${a}/submit`).set(as('expert2')).expect(200);

      const progress = (await http().get(`/api/calls/${callId}/review/progress`).set(as('prov.officer')).expect(200)).body;
      const rowA = progress.rows.find((r: { applicationId: string }) => r.applicationId === a);
      expect(rowA).toMatchObject({ schoolName: '郑州黄河职业技术学院', state: 'expert_review', mean: 80, spread: 40, standardDeviation: 20, outlier: true, decision: null });
      expect(rowA.experts.map((e: { total: number }) => e.total).sort()).toEqual([100, 60]);
      expect(progress).toMatchObject({ callId, assignments: 4, submitted: 2, fullyScored: 1 });

      // The rubric is locked now; the other settings are not.
      expect((await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ criteria: [{ ...RUBRIC[0], title: '改名' }, RUBRIC[1]] })).expect(409)).body.code).toBe('review_locked');
      const again = (await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ outlierSpread: 50 })).expect(200)).body;
      expect(again).toMatchObject({ locked: true, outlierSpread: 50 });
      const rowA2 = (await http().get(`/api/calls/${callId}/review/progress`).set(as('prov.officer')).expect(200)).body.rows.find((r: { applicationId: string }) => r.applicationId === a);
      expect(rowA2.outlier).toBe(false);

      // Each submission is on the province's own trail, never on the application's.
      const events = await owner<{ org_id: string; chain: string }>(`SELECT org_id, chain FROM audit_event WHERE action = 'review.submitted' AND data->>'applicationId' = $1`, [a]);
      expect(events).toEqual([
        { org_id: province().id, chain: 'org' },
        { org_id: province().id, chain: 'org' },
      ]);
    });

    it('hides the school from the experts of an anonymous call', async () => {
      await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ anonymous: true })).expect(200);
      const tasks = (await http().get('/api/reviews').set(as('expert1')).expect(200)).body;
      const task = tasks.find((t: { applicationId: string }) => t.applicationId === b);
      expect(task.label).toMatch(/^评审编号 R-[0-9A-Z]{6}$/);
      const res = await http().get(`/api/reviews/${b}`).set(as('expert1')).expect(200);
      expect(res.body).toMatchObject({ anonymous: true, label: task.label });
      expect(res.body.sections.cover).toBeUndefined();
      expect(res.body.evidence.every((e: object) => Object.keys(e).sort().join() === 'category,pages,title')).toBe(true);
      for (const secret of ['洛阳中原职业技术学院', s2().id, province().id, '黄丽', '13700371002']) expect(res.text).not.toContain(secret);
      // The label is stable.
      expect((await http().get(`/api/reviews/${b}`).set(as('expert1')).expect(200)).body.label).toBe(task.label);
      await http().put(`/api/calls/${callId}/review`).set(as('prov.officer')).send(settings({ outlierSpread: 50 })).expect(200);
    });

    it('keeps recorded decisions from the school and its supervisor until published; then the school sees the result and the note', async () => {
      const other = await newCall();
      await http().post(`/api/calls/${other}/decisions`).set(as('prov.officer')).send({ items: [{ applicationId: a, decision: 'approved', note: '' }] }).expect(404);
      await http().post(`/api/calls/${callId}/decisions`).set(as('expert1')).send({ items: [{ applicationId: a, decision: 'approved', note: '' }] }).expect(403);
      await http()
        .post(`/api/calls/${callId}/decisions`)
        .set(as('prov.officer'))
        .send({ items: [{ applicationId: a, decision: 'approved', note: '立项：方案扎实，准予立项。' }, { applicationId: b, decision: 'approved', note: '暂定' }] })
        .expect(200, { recorded: 2 });
      // One by one through the fixed transition shape: recorded, the state unchanged (overwrites b's).
      const one = await move('prov.officer', b, { action: 'decide', decision: 'rejected', comment: '合作基础不足，未予立项。' }).expect(200);
      expect(one.body.state).toBe('expert_review');

      for (const [who, id] of [['s1.contact', a], ['zz.reviewer', a], ['s2.contact', b], ['ly.reviewer', b]] as const) {
        expect((await http().get(`/api/applications/${id}`).set(as(who)).expect(200)).body.state).toBe('expert_review');
        const t = (await http().get(`/api/applications/${id}/timeline`).set(as(who)).expect(200)).body;
        expect(t.events.map((e: { action: string }) => e.action)).not.toContain('application.decided');
        expect(JSON.stringify(t)).not.toMatch(/立项：|未予立项/);
      }
      for (const [school, id] of [[s1(), a], [s2(), b]] as const) {
        const seen = await asApp(school.path, users.get(school === s1() ? 's1.contact' : 's2.contact')!, async (q) => ({
          scores: (await q(`SELECT count(*)::int AS n FROM review_score WHERE application_id = $1`, [id]))[0]!['n'],
          decisions: (await q(`SELECT count(*)::int AS n FROM application_decision WHERE application_id = $1`, [id]))[0]!['n'],
          assignments: (await q(`SELECT count(*)::int AS n FROM review_assignment WHERE application_id = $1`, [id]))[0]!['n'],
        }));
        expect(seen).toEqual({ scores: 0, decisions: 0, assignments: 0 });
      }
      const zz = await asApp(orgs.get('郑州市教育局')!.path, users.get('zz.reviewer')!, async (q) => (await q(`SELECT count(*)::int AS n FROM application_decision`))[0]!['n']);
      expect(zz).toBe(0);
      const before = (await http().get(`/api/calls/${callId}/review/progress`).set(as('prov.officer')).expect(200)).body;
      expect(before.rows.find((r: { applicationId: string }) => r.applicationId === b).decision).toMatchObject({ decision: 'rejected', note: '合作基础不足，未予立项。', published: false });

      await http().post(`/api/calls/${callId}/publish-results`).set(as('expert1')).expect(403);
      const published = (await http().post(`/api/calls/${callId}/publish-results`).set(as('prov.officer')).expect(200)).body;
      expect(published).toMatchObject({ published: 2, publishedAt: expect.any(String) });
      expect((await http().get(`/api/applications/${a}`).set(as('s1.contact')).expect(200)).body.state).toBe('approved');
      expect((await http().get(`/api/applications/${b}`).set(as('s2.contact')).expect(200)).body.state).toBe('rejected');
      const t = (await http().get(`/api/applications/${a}/timeline`).set(as('s1.contact')).expect(200)).body;
      expect(t.events.at(-1)).toMatchObject({ action: 'application.decided', from: 'expert_review', to: 'approved', comment: '立项：方案扎实，准予立项。' });
      expect(t.chain.ok).toBe(true);
      expect((await http().get(`/api/applications/${b}/timeline`).set(as('s2.contact')).expect(200)).body.events.at(-1)).toMatchObject({ to: 'rejected', comment: '合作基础不足，未予立项。' });

      // Idempotent: nothing new, nothing published.
      expect((await http().post(`/api/calls/${callId}/publish-results`).set(as('prov.officer')).expect(200)).body).toMatchObject({ published: 0, publishedAt: published.publishedAt });
      // A decided application takes no decision any more.
      const late = await http().post(`/api/calls/${callId}/decisions`).set(as('prov.officer')).send({ items: [{ applicationId: a, decision: 'rejected', note: '' }] }).expect(422);
      expect(late.body).toMatchObject({ code: 'not_under_review', details: [a] });

      // After publication: /decisions still only records, and the next publish publishes just that one …
      await http().post(`/api/calls/${callId}/review/assignments`).set(as('prov.officer')).send({ mode: 'balanced', applicationIds: [c, d] }).expect(200);
      await http().post(`/api/calls/${callId}/decisions`).set(as('prov.officer')).send({ items: [{ applicationId: c, decision: 'approved', note: '补充立项' }] }).expect(200);
      expect((await http().get(`/api/applications/${c}`).set(as('s1.contact')).expect(200)).body.state).toBe('expert_review');
      expect((await http().post(`/api/calls/${callId}/publish-results`).set(as('prov.officer')).expect(200)).body.published).toBe(1);
      expect((await http().get(`/api/applications/${c}`).set(as('s1.contact')).expect(200)).body.state).toBe('approved');
      // … while the transition applies at once.
      expect((await move('prov.officer', d, { action: 'decide', decision: 'approved', comment: '直接立项' }).expect(200)).body.state).toBe('approved');
      const after = (await http().get(`/api/calls/${callId}/review/progress`).set(as('prov.officer')).expect(200)).body;
      expect(after.rows.find((r: { applicationId: string }) => r.applicationId === d).decision).toMatchObject({ decision: 'approved', note: '直接立项', published: true });

      // The province's trail holds the recorded decisions and the publications.
      const trail = await owner<{ action: string }>(`SELECT action FROM audit_event WHERE org_id = $1 AND chain = 'org' AND action LIKE 'review.%' ORDER BY seq`, [province().id]);
      expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['review.decisions_recorded', 'review.results_published', 'review.conflict_declared', 'review.submitted']));
    });
  });
});
