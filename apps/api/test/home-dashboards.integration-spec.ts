import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { SECTION_KEYS, sectionCompleteness } from '@dahe/shared/form';
import { demoSections } from '../src/database/seed/demo-application';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

interface SupervisorDashboard {
  callId: string;
  deadline: string;
  schools: { schoolId: string; schoolName: string; applications: { id: string; state: string; projectName: string | null; updatedAt: string }[] }[];
  waiting: { id: string; schoolName: string; projectName: string; signedAt: string | null }[];
  byState: { key: string; label: string; count: number }[];
}
interface SchoolHomeApplication {
  id: string;
  callId: string;
  state: string;
  projectName: string | null;
  sections: { key: string; filled: boolean; assignee: string | null }[];
  waitingFor: { role: string; organisationName: string } | null;
  decision: { decision: string; note: string; publishedAt: string } | null;
}

/** The supervising unit's dashboard and the school's home page, against PostgreSQL through the real app. */
describe('supervisor dashboard and school home', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let demoCallId: string;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const orgId = async (name: string) => (await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = $1`, [name]))[0]!.id;
  const dashboard = async (username: string, callId = demoCallId) => (await http().get(`/api/supervisor/dashboard?callId=${callId}`).set(as(username)).expect(200)).body as SupervisorDashboard;
  const home = async (username: string) => (await http().get('/api/school/home').set(as(username)).expect(200)).body.applications as SchoolHomeApplication[];
  const schoolAppIds = async (supervisor: string, callId = demoCallId) =>
    (await owner<{ id: string }>(`SELECT a.id FROM application a JOIN organisation s ON s.id = a.org_id WHERE a.call_id = $1 AND s.parent_id = $2`, [callId, await orgId(supervisor)])).map((r) => r.id).sort();

  let callSeq = 0;
  async function newCall(): Promise<string> {
    callSeq++;
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: `首页测试批次${callSeq}`, year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 3600_000).toISOString(), deadline: new Date(Date.now() + 7 * 86400_000).toISOString() })
      .expect(201);
    await http().post(`/api/calls/${created.body.id}/open`).set(as('prov.officer')).expect(200);
    return created.body.id;
  }

  let zz3SignedId: string;
  let zz3SignedAt: Date;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'expert1', 'zz.reviewer', 'zz.admin', 'ly.reviewer', 's1.contact', 's1.viewer', 's2.contact']) tokens.set(username, (await login(app, username)).token);
    // zz.reviewer also reviews for the airport zone's bureau: make 郑州市教育局 the active organisation.
    await http().post('/api/me/active-org').set(as('zz.reviewer')).send({ organisationId: await orgId('郑州市教育局') }).expect(200);
    demoCallId = (await owner<{ id: string }>(`SELECT id FROM call ORDER BY created_at LIMIT 1`))[0]!.id;

    // A signed application of 郑州市电子信息工程学校 (zz3) in the demo call, waiting for 郑州市教育局.
    const zz3 = await orgId('郑州市电子信息工程学校');
    const [legal] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'zz2.legal'`);
    const [row] = await owner<{ id: string }>(
      `INSERT INTO application (org_id, call_id, state, created_by, content_hash, content_hash_alg) VALUES ($1, $2, 'signed', $3, $4, 'sm3') RETURNING id`,
      [zz3, demoCallId, legal!.id, Buffer.alloc(32, 7)],
    );
    zz3SignedId = row!.id;
    await owner(`INSERT INTO application_digest (org_id, application_id, project_name) VALUES ($1, $2, '中泰电子信息“大河工坊”')`, [zz3, zz3SignedId]);
    const [signature] = await owner<{ signed_at: Date }>(
      `INSERT INTO signature (org_id, application_id, kind, signer_id, signer_role, signer_org_id, opinion, content_hash, content_hash_alg, signed_at)
       VALUES ($1, $2, 'legal_rep', $3, 'legal_rep', $1, '同意申报。', $4, 'sm3', now() - interval '2 hours') RETURNING signed_at`,
      [zz3, zz3SignedId, legal!.id, Buffer.alloc(32, 7)],
    );
    zz3SignedAt = signature!.signed_at;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('supervisor dashboard', () => {
    it('shows its schools, their applications (names only from signed on), what waits for it and the counts', async () => {
      const d = await dashboard('zz.reviewer');
      const [call] = await owner<{ deadline: Date }>(`SELECT deadline FROM call WHERE id = $1`, [demoCallId]);
      expect(d.callId).toBe(demoCallId);
      expect(d.deadline).toBe(call!.deadline.toISOString());
      const schools = await owner<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE parent_id = $1 ORDER BY name, id`, [await orgId('郑州市教育局')]);
      expect(d.schools.map((s) => [s.schoolId, s.schoolName])).toEqual(schools.map((s) => [s.id, s.name]));
      const listed = d.schools.flatMap((s) => s.applications);
      expect(listed.map((a) => a.id).sort()).toEqual(await schoolAppIds('郑州市教育局'));
      expect(listed.find((a) => a.state === 'draft')?.projectName).toBeNull();
      expect(listed.find((a) => a.state === 'awaiting_signature')?.projectName).toBeNull();
      expect(listed.find((a) => a.id === zz3SignedId)?.projectName).toBe('中泰电子信息“大河工坊”');
      expect(d.waiting).toEqual([{ id: zz3SignedId, schoolName: '郑州市电子信息工程学校', projectName: '中泰电子信息“大河工坊”', signedAt: zz3SignedAt.toISOString() }]);
      const counts = Object.fromEntries(d.byState.map((c) => [c.key, c.count]));
      expect(d.byState).toHaveLength(10);
      expect(counts).toMatchObject({ draft: 1, awaiting_signature: 1, signed: 1, submitted: 0 });
      expect(d.byState.find((c) => c.key === 'signed')?.label).toBe('已签署');
    });

    it('must not show another supervising unit’s schools: 郑州 and 洛阳 each see only their own', async () => {
      const zz = await dashboard('zz.reviewer');
      const ly = await dashboard('ly.reviewer');
      const lyIds = await schoolAppIds('洛阳市教育局');
      const zzIds = await schoolAppIds('郑州市教育局');
      expect(ly.schools.flatMap((s) => s.applications).map((a) => a.id).sort()).toEqual(lyIds);
      expect(zz.schools.some((s) => ly.schools.some((o) => o.schoolId === s.schoolId))).toBe(false);
      expect(ly.schools.flatMap((s) => s.applications).some((a) => zzIds.includes(a.id))).toBe(false);
      expect(ly.waiting.map((w) => w.schoolName)).toEqual(['洛阳文化旅游职业学院']);
      expect(ly.waiting[0]!.signedAt).not.toBeNull();
      // The same for an admin of the unit, who reads the dashboard too.
      expect((await dashboard('zz.admin')).schools.map((s) => s.schoolId)).toEqual(zz.schools.map((s) => s.schoolId));
    });

    it('follows the active organisation, and cannot be asked for another unit (403/404)', async () => {
      // ly.reviewer is no member of 郑州市教育局: switching to it is refused.
      const refused = await http().post('/api/me/active-org').set(as('ly.reviewer')).send({ organisationId: await orgId('郑州市教育局') });
      expect([403, 404]).toContain(refused.status);
      expect((await dashboard('ly.reviewer')).schools.map((s) => s.schoolName)).not.toContain('郑州黄河职业技术学院');
      // zz.reviewer switched to the airport zone's bureau sees its schools, none of 郑州's.
      const login2 = await login(app, 'zz.reviewer');
      await http().post('/api/me/active-org').set({ Authorization: `Bearer ${login2.token}` }).send({ organisationId: await orgId('郑州航空港经济综合实验区教育局') }).expect(200);
      const hkg = (await http().get(`/api/supervisor/dashboard?callId=${demoCallId}`).set({ Authorization: `Bearer ${login2.token}` }).expect(200)).body as SupervisorDashboard;
      expect(hkg.schools.map((s) => s.schoolName).sort()).toEqual(['河南航空港职业技术学院', '郑州航空港区职业技术学校'].sort());
      expect(hkg.waiting).toEqual([]);
    });

    it('is refused to schools, the province and experts (403), and answers 404 for an unknown call', async () => {
      for (const username of ['s1.contact', 'prov.officer', 'expert1']) await http().get(`/api/supervisor/dashboard?callId=${demoCallId}`).set(as(username)).expect(403);
      await http().get('/api/supervisor/dashboard?callId=00000000-0000-4000-8000-000000000000').set(as('zz.reviewer')).expect(404);
      await http().get('/api/supervisor/dashboard?callId=nope').set(as('zz.reviewer')).expect(400);
      // Without a call: the open call closing last.
      const latest = (await http().get('/api/supervisor/dashboard').set(as('zz.reviewer')).expect(200)).body as SupervisorDashboard;
      const [expected] = await owner<{ id: string }>(`SELECT id FROM call WHERE status <> 'draft' ORDER BY (status = 'open') DESC, deadline DESC LIMIT 1`);
      expect(latest.callId).toBe(expected!.id);
    });
  });

  describe('school home', () => {
    it('lists only the school’s own applications, with section completeness, assignees and whom it waits for', async () => {
      const callId = await newCall();
      const id = (await http().post('/api/applications').set(as('s1.contact')).send({ callId }).expect(201)).body.id as string;
      const sections = demoSections();
      for (const key of ['cover', 'basic_info', 'safeguards']) {
        await http().put(`/api/applications/${id}/sections/${key}`).set(as('s1.contact')).send({ content: sections[key], version: 0 }).expect(200);
      }
      // A half-filled narrative is not filled.
      await http().put(`/api/applications/${id}/sections/purpose_goals`).set(as('s1.contact')).send({ content: { text: '   ' }, version: 0 }).expect(200);
      const s1 = await orgId('郑州黄河职业技术学院');
      const [drafter] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 's1.drafter'`);
      await owner(`INSERT INTO section_assignment (org_id, application_id, section_key, user_id, assigned_by) VALUES ($1, $2, 'safeguards', $3, $3)`, [s1, id, drafter!.id]);

      const apps = await home('s1.viewer');
      const own = await owner<{ id: string }>(`SELECT id FROM application WHERE org_id = $1`, [s1]);
      expect(apps.map((a) => a.id).sort()).toEqual(own.map((r) => r.id).sort());
      const mine = apps.find((a) => a.id === id)!;
      expect(mine).toMatchObject({ callId, state: 'draft', projectName: '中哈汽车技术“大河工坊”', waitingFor: { role: 'contact', organisationName: '郑州黄河职业技术学院' }, decision: null });
      expect(mine.sections.map((s) => s.key)).toEqual([...SECTION_KEYS]);
      const filled = Object.fromEntries(mine.sections.map((s) => [s.key, s.filled]));
      expect(filled).toMatchObject({ cover: true, basic_info: true, safeguards: true, purpose_goals: false, school_foundation: false, schedule: false });
      expect(mine.sections.find((s) => s.key === 'safeguards')!.assignee).toBe('吴强（起草人）');
      expect(mine.sections.find((s) => s.key === 'cover')!.assignee).toBeNull();

      // Every application's completeness agrees with the form library on the stored sections.
      for (const a of apps) {
        const rows = await owner<{ section_key: string; content: unknown }>(`SELECT section_key, content FROM application_section WHERE application_id = $1`, [a.id]);
        const completeness = sectionCompleteness(Object.fromEntries(rows.map((r) => [r.section_key, r.content])));
        expect(Object.fromEntries(a.sections.map((s) => [s.key, s.filled]))).toEqual(Object.fromEntries(SECTION_KEYS.map((k) => [k, completeness[k].complete])));
      }
      // Another school sees none of them.
      expect((await home('s2.contact')).some((a) => own.some((o) => o.id === a.id))).toBe(false);
    });

    it('shows whose move it is further along: the legal representative, then the supervising unit by name', async () => {
      const apps = await home('s2.contact');
      expect(apps.every((a) => a.waitingFor?.organisationName === '洛阳中原职业技术学院')).toBe(true);
      // zz2's application awaits its legal representative; ly2's signed application waits for 洛阳市教育局: read through a school member of ly2.
      tokens.set('zz2.contact', (await login(app, 'zz2.contact')).token);
      expect((await home('zz2.contact')).find((a) => a.state === 'awaiting_signature')?.waitingFor).toEqual({ role: 'legal_rep', organisationName: '郑州商贸旅游职业学院' });
      tokens.set('ly2.contact', (await login(app, 'ly2.contact')).token);
      const ly2 = await home('ly2.contact');
      expect(ly2.find((a) => a.state === 'signed')?.waitingFor).toEqual({ role: 'supervisor_reviewer', organisationName: '洛阳市教育局' });
    });

    it('shows no decision before the results are published, then the published one', async () => {
      const callId = await newCall();
      const id = (await http().post('/api/applications').set(as('s1.contact')).send({ callId }).expect(201)).body.id as string;
      const [province] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE kind = 'province'`);
      const [officer] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'prov.officer'`);
      await owner(`UPDATE application SET state = 'expert_review', receipt_no = 'H2024-0001', submitted_at = now() WHERE id = $1`, [id]);
      await owner(`INSERT INTO application_decision (org_id, application_id, call_id, decision, note, decided_by) VALUES ($1, $2, $3, 'approved', '同意立项', $4)`, [province!.id, id, callId, officer!.id]);
      const find = async () => (await home('s1.contact')).find((a) => a.id === id)!;
      expect(await find()).toMatchObject({ state: 'expert_review', decision: null, waitingFor: { role: 'province_officer', organisationName: '河南省教育厅' } });
      // Even in a final state, nothing shows until the call's results are published.
      await owner(`UPDATE application SET state = 'approved' WHERE id = $1`, [id]);
      expect(await find()).toMatchObject({ state: 'approved', decision: null, waitingFor: null });
      // Published (set directly here: no application.decided event, so the note is empty).
      await owner(`UPDATE call SET results_published_at = now() - interval '1 minute' WHERE id = $1`, [callId]);
      const [call] = await owner<{ results_published_at: Date }>(`SELECT results_published_at FROM call WHERE id = $1`, [callId]);
      expect((await find()).decision).toEqual({ decision: 'approved', note: '', publishedAt: call!.results_published_at.toISOString() });
    });

    it('shows the note of the decision published through the province’s endpoints', async () => {
      const callId = await newCall();
      const id = (await http().post('/api/applications').set(as('s2.contact')).send({ callId }).expect(201)).body.id as string;
      await owner(`UPDATE application SET state = 'expert_review', receipt_no = 'H2024-0002', submitted_at = now() WHERE id = $1`, [id]);
      await http().post(`/api/calls/${callId}/decisions`).set(as('prov.officer')).send({ items: [{ applicationId: id, decision: 'rejected', note: '合作协议不完整' }] }).expect(200);
      const find = async () => (await home('s2.contact')).find((a) => a.id === id)!;
      expect((await find()).decision).toBeNull();
      await http().post(`/api/calls/${callId}/publish-results`).set(as('prov.officer')).expect(200);
      expect(await find()).toMatchObject({ state: 'rejected', decision: { decision: 'rejected', note: '合作协议不完整', publishedAt: expect.any(String) } });
    });

    it('is refused to supervising units, the province and experts (403)', async () => {
      for (const username of ['zz.reviewer', 'prov.officer', 'expert1']) await http().get('/api/school/home').set(as(username)).expect(403);
    });
  });
});
