import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { creditCodeCheckChar } from '@dahe/shared/contracts';
import { DEMO_PASSWORD, createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

describe('organisations, members and invitations', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const orgs = new Map<string, string>();
  const users = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const orgId = (name: string) => orgs.get(name)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const row of await owner<{ id: string; name: string }>(`SELECT id, name FROM organisation`)) orgs.set(row.name, row.id);
    for (const row of await owner<{ id: string; username: string }>(`SELECT id, username FROM app_user`)) users.set(row.username, row.id);
    for (const username of ['s1.admin', 's1.drafter', 's2.admin', 'zz.reviewer', 'ly.admin', 'prov.admin', 'prov.security', 'prov.auditor', 'prov.officer']) {
      tokens.set(username, (await login(app, username)).token);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const S1 = '郑州黄河职业技术学院';
  const S2 = '洛阳中原职业技术学院';

  describe('tenant isolation (not found or no access: 404, never a hint)', () => {
    it('must not read another school\'s members', async () => {
      await http().get(`/api/organisations/${orgId(S1)}/members`).set(as('s1.admin')).expect(200);
      expect((await http().get(`/api/organisations/${orgId(S2)}/members`).set(as('s1.admin')).expect(404)).body.code).toBe('not_found');
    });

    it('must not update, remove or invite into another school\'s membership', async () => {
      const s2drafter = users.get('s2.drafter')!;
      await http().put(`/api/organisations/${orgId(S2)}/members/${s2drafter}`).set(as('s1.admin')).send({ roles: ['viewer'], status: 'active' }).expect(404);
      await http().delete(`/api/organisations/${orgId(S2)}/members/${s2drafter}`).set(as('s1.admin')).expect(404);
      await http().post(`/api/organisations/${orgId(S2)}/invitations`).set(as('s1.admin')).send({ email: 'x@example.cn', role: 'drafter' }).expect(404);
      await http().get(`/api/organisations/${orgId(S2)}/invitations`).set(as('s1.admin')).expect(404);
    });

    it('an unknown organisation answers exactly as a forbidden one', async () => {
      const res = await http().get('/api/organisations/00000000-0000-4000-8000-000000000000/members').set(as('s1.admin')).expect(404);
      const forbidden = await http().get(`/api/organisations/${orgId(S2)}/members`).set(as('s1.admin')).expect(404);
      expect({ ...res.body, requestId: undefined }).toEqual({ ...forbidden.body, requestId: undefined });
    });

    it('a supervisor must not read another supervisor\'s schools, nor manage its own schools\' members', async () => {
      const list = await http().get('/api/organisations').set(as('ly.admin')).expect(200);
      const names = list.body.map((o: { name: string }) => o.name);
      expect(names).toContain(S2);
      expect(names).not.toContain(S1);
      expect(names).not.toContain('郑州市教育局');
      await http().get(`/api/organisations/${orgId('郑州市教育局')}/members`).set(as('ly.admin')).expect(404);
      await http().get(`/api/organisations/${orgId(S2)}/members`).set(as('ly.admin')).expect(404);
    });

    it('a school sees itself and its ancestors only', async () => {
      const list = await http().get('/api/organisations').set(as('s1.drafter')).expect(200);
      expect(list.body.map((o: { name: string }) => o.name).sort()).toEqual([S1, '河南省教育厅', '郑州市教育局'].sort());
    });

    it('a drafter reads members but may not invite or change them (403 at the route)', async () => {
      await http().get(`/api/organisations/${orgId(S1)}/members`).set(as('s1.drafter')).expect(200);
      expect((await http().post(`/api/organisations/${orgId(S1)}/invitations`).set(as('s1.drafter')).send({ email: 'a@b.cn', role: 'drafter' }).expect(403)).body.code).toBe('forbidden');
      await http().put(`/api/organisations/${orgId(S1)}/members/${users.get('s1.viewer')}`).set(as('s1.drafter')).send({ roles: ['drafter'], status: 'active' }).expect(403);
    });

    it('shows mobile numbers masked', async () => {
      const members = (await http().get(`/api/organisations/${orgId(S1)}/members`).set(as('s1.admin'))).body as { username: string; mobile?: string }[];
      expect(members.find((m) => m.username === 's1.admin')?.mobile).toBe('137****1001');
    });
  });

  describe('invitations', () => {
    it('a school admin invites a drafter, who accepts, signs in and sees only their school', async () => {
      const created = await http().post(`/api/organisations/${orgId(S1)}/invitations`).set(as('s1.admin')).send({ email: 'New.Drafter@example.cn', displayName: '新起草人', role: 'drafter' }).expect(201);
      expect(created.body).toMatchObject({ role: 'drafter', status: 'pending', email: 'new.drafter@example.cn', link: expect.stringMatching(/^\/invite\/[A-Za-z0-9_-]{43}$/) });
      expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(71.9 * 3600 * 1000);
      const token = created.body.link.split('/').pop();

      const preview = await http().get(`/api/invitations/${token}`).expect(200);
      expect(preview.body).toMatchObject({ organisationName: S1, role: 'drafter', status: 'pending' });
      const weak = await http().post(`/api/invitations/${token}/accept`).send({ username: 'new.drafter', displayName: '新起草人', password: 'short' }).expect(400);
      expect(weak.body.code).toBe('weak_password');
      const accepted = await http().post(`/api/invitations/${token}/accept`).send({ username: 'new.drafter', displayName: '新起草人', password: 'Yellow-River-2024' }).expect(200);
      expect(([] as string[]).concat(accepted.headers['set-cookie']).some((c) => c.startsWith('dahe_session='))).toBe(true);
      const me = await http().get('/api/me').set('Authorization', `Bearer ${accepted.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ activeOrganisation: { name: S1 }, roles: ['drafter'] });
      await login(app, 'new.drafter', 'Yellow-River-2024');

      const reuse = await http().post(`/api/invitations/${token}/accept`).send({ username: 'other.person', displayName: 'x', password: 'Yellow-River-2024' }).expect(410);
      expect(reuse.body).toMatchObject({ code: 'invitation_invalid', details: ['accepted'] });
    });

    it('expires after 72 hours, and can be revoked', async () => {
      const expired = await http().post(`/api/organisations/${orgId(S1)}/invitations`).set(as('s1.admin')).send({ mobile: '13912345678', role: 'viewer' }).expect(201);
      await owner(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.body.id]);
      const token = expired.body.link.split('/').pop();
      expect((await http().get(`/api/invitations/${token}`).expect(200)).body.status).toBe('expired');
      expect((await http().post(`/api/invitations/${token}/accept`).send({ username: 'late.one', displayName: 'x', password: 'Yellow-River-2024' }).expect(410)).body.details).toEqual(['expired']);

      const revoked = await http().post(`/api/organisations/${orgId(S1)}/invitations`).set(as('s1.admin')).send({ email: 'r@example.cn', role: 'viewer' }).expect(201);
      await http().delete(`/api/organisations/${orgId(S1)}/invitations/${revoked.body.id}`).set(as('s1.admin')).expect(204);
      await http().post(`/api/invitations/${revoked.body.link.split('/').pop()}/accept`).send({ username: 'rev.one', displayName: 'x', password: 'Yellow-River-2024' }).expect(410);
      // The invitee's number is stored encrypted only.
      const stored = await owner<{ t: string }>(`SELECT invitation::text AS t FROM invitation WHERE id = $1`, [expired.body.id]);
      expect(stored[0]!.t).not.toContain('13912345678');
    });

    it('an unknown or malformed token is simply not found', async () => {
      await http().get('/api/invitations/not-a-token').expect(404);
      await http().get(`/api/invitations/${'A'.repeat(43)}`).expect(404);
    });

    it('limits accepting, which sets a password, per address (30 / 15 min)', async () => {
      await owner(`DELETE FROM rate_limit`);
      for (let i = 0; i < 30; i++) {
        await http().post(`/api/invitations/${'B'.repeat(43)}/accept`).send({ username: `guess.${i}`, displayName: 'x', password: 'Yellow-River-2024' }).expect(404);
      }
      const refused = await http().post(`/api/invitations/${'B'.repeat(43)}/accept`).send({ username: 'guess.last', displayName: 'x', password: 'Yellow-River-2024' }).expect(429);
      expect(refused.body.code).toBe('too_many_requests');
      await owner(`DELETE FROM rate_limit`);
    });

    it('refuses a role the organisation kind cannot hold', async () => {
      await http().post(`/api/organisations/${orgId(S1)}/invitations`).set(as('s1.admin')).send({ email: 'e@example.cn', role: 'expert' }).expect(400);
    });
  });

  describe('roles', () => {
    it('a school admin changes a member\'s roles, but never their own', async () => {
      const viewer = users.get('s1.viewer')!;
      const res = await http().put(`/api/organisations/${orgId(S1)}/members/${viewer}`).set(as('s1.admin')).send({ roles: ['viewer', 'drafter'], status: 'active' }).expect(200);
      expect(res.body.find((m: { userId: string }) => m.userId === viewer).roles).toEqual(['drafter', 'viewer']);
      await http().put(`/api/organisations/${orgId(S1)}/members/${users.get('s1.admin')}`).set(as('s1.admin')).send({ roles: ['school_admin', 'legal_rep'], status: 'active' }).expect(403);
      const events = await owner<{ action: string }>(`SELECT action FROM audit_event WHERE org_id = $1 AND action = 'membership.changed'`, [orgId(S1)]);
      expect(events).toHaveLength(1);
    });

    it('keeps system, security and audit administration with three people (三员分立)', async () => {
      const province = orgId('河南省教育厅');
      const officer = users.get('prov.officer')!;
      // The system admin may not hand out the audit role; the security admin may.
      await http().put(`/api/organisations/${province}/members/${officer}`).set(as('prov.admin')).send({ roles: ['province_officer', 'auditor'], status: 'active' }).expect(403);
      // …but not two of the three to one person.
      const both = await http().put(`/api/organisations/${province}/members/${users.get('prov.auditor')}`).set(as('prov.security')).send({ roles: ['auditor', 'province_admin'], status: 'active' }).expect(409);
      expect(both.body.code).toBe('separation_of_duties');
      // Nobody grants themselves anything.
      await http().put(`/api/organisations/${province}/members/${users.get('prov.security')}`).set(as('prov.security')).send({ roles: ['security_admin', 'province_officer'], status: 'active' }).expect(403);
      // The auditor reads, changes nothing.
      await http().put(`/api/organisations/${province}/members/${officer}`).set(as('prov.auditor')).send({ roles: ['province_officer', 'expert'], status: 'active' }).expect(403);
    });
  });

  describe('lock-outs', () => {
    it('the security admin sees and lifts a lock; no one else may', async () => {
      for (let i = 0; i < 5; i++) await http().post('/api/auth/login').send({ username: 's2.viewer.nope', password: 'x' });
      for (let i = 0; i < 5; i++) await http().post('/api/auth/login').send({ username: 's2.drafter', password: `Wrong-${i}-Password` });
      await http().post('/api/auth/login').send({ username: 's2.drafter', password: DEMO_PASSWORD }).expect(423);
      const locked = await http().get('/api/security/locked-accounts').set(as('prov.security')).expect(200);
      expect(locked.body.map((l: { username: string }) => l.username)).toContain('s2.drafter');
      await http().post(`/api/security/users/${users.get('s2.drafter')}/unlock`).set(as('s2.admin')).expect(403);
      await http().post(`/api/security/users/${users.get('s2.drafter')}/unlock`).set(as('prov.admin')).expect(403);
      await http().post(`/api/security/users/${users.get('s2.drafter')}/unlock`).set(as('prov.security')).expect(204);
      await login(app, 's2.drafter');
      const unlocked = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.account_unlocked' AND subject_id = $1`, [users.get('s2.drafter')]);
      expect(unlocked[0]!.n).toBe(1);
    });
  });

  describe('importing organisations from a sheet', () => {
    const code = (serial: number) => {
      const first17 = `12410${String(serial).padStart(3, '0')}MB${String(serial).padStart(7, '0')}`;
      return first17 + creditCodeCheckChar(first17);
    };
    async function sheet(rows: (string | undefined)[][]): Promise<Buffer> {
      const workbook = new ExcelJS.Workbook();
      const ws = workbook.addWorksheet('学校');
      ws.addRow(['学校名称', '学校类型', '主管单位', '统一社会信用代码', '所在城市', '管理员姓名', '管理员手机', '管理员邮箱']);
      for (const row of rows) ws.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }
    const good = () => sheet([
      ['开封文化艺术职业学院', '高职', '开封市教育局', code(901), '开封市', '赵一', '13800000001', 'kf1@example.cn'],
      ['开封市职业技术教育中心', '中职', '开封市教育局', code(902), '开封市', '钱二', '', 'kf2@example.cn'],
      ['郑州信息工程职业学院', '高职', '郑州市教育局', code(903), '郑州市', '孙三', '13800000003', ''],
    ]);
    const upload = (username: string, file: Buffer, dryRun = false) =>
      http().post(`/api/organisations/import${dryRun ? '?dryRun=true' : ''}`).set(as(username)).attach('file', file, { filename: 'schools.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const count = async () => (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM organisation`))[0]!.n;

    it('only the province system admin may import', async () => {
      const file = await good();
      await upload('s1.admin', file).expect(403);
      await upload('prov.officer', file).expect(403);
      await upload('prov.security', file).expect(403);
    });

    it('checks every row first and imports all or nothing', async () => {
      const before = await count();
      const bad = await sheet([
        ['开封文化艺术职业学院', '高职', '开封市教育局', code(901), '开封市', '赵一', '13800000001', 'kf1@example.cn'],
        ['坏行学校', '大学', '开封市教育局', '91350100M000100Y44', '开封市', '', '12345', 'not-an-email'],
        ['重复学校', '中职', '开封市教育局', code(901), '开封市', '李四', '13800000004', ''],
      ]);
      const res = await upload('prov.admin', bad).expect(422);
      expect(res.body.code).toBe('import_rejected');
      const rows = res.body.report.rows as { row: number; outcome: string; errors: string[] }[];
      expect(rows.map((r) => [r.row, r.outcome])).toEqual([[2, 'create'], [3, 'error'], [4, 'error']]);
      expect(rows[1]!.errors.length).toBeGreaterThanOrEqual(4);
      expect(rows[2]!.errors.join()).toContain('第 2 行');
      expect(await count()).toBe(before);
    });

    it('previews, imports, and a second import of the same sheet changes nothing', async () => {
      const before = await count();
      const preview = await upload('prov.admin', await good(), true).expect(200);
      expect(preview.body).toMatchObject({ dryRun: true, imported: false, summary: { create: 3, unchanged: 0, error: 0 } });
      expect(await count()).toBe(before);

      const imported = await upload('prov.admin', await good()).expect(200);
      expect(imported.body).toMatchObject({ imported: true, summary: { create: 3, unchanged: 0, error: 0 } });
      expect(imported.body.rows.every((r: { adminInvitationLink?: string }) => /^\/invite\//.test(r.adminInvitationLink ?? ''))).toBe(true);
      // Two schools and the new supervising unit 开封市教育局; 郑州 existed.
      expect(await count()).toBe(before + 4);
      const invitations = (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM invitation WHERE role = 'school_admin'`))[0]!.n;

      const again = await upload('prov.admin', await good()).expect(200);
      expect(again.body.summary).toEqual({ create: 0, unchanged: 3, error: 0 });
      expect(await count()).toBe(before + 4);
      expect((await owner<{ n: number }>(`SELECT count(*)::int AS n FROM invitation WHERE role = 'school_admin'`))[0]!.n).toBe(invitations);
    });

    it('says what is wrong with a file that is not a sheet', async () => {
      const res = await upload('prov.admin', Buffer.from('%PDF-1.4 not a workbook')).expect(400);
      expect(res.body.message).toBe('The file is not an .xlsx workbook');
    });
  });
});
