import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { type OrganisationKind, ROLES_OF_KIND, type Role } from '@dahe/shared/contracts';
import { APPLICATION_STATES, type ActorRelation, type ApplicationState, type Refusal, WORKFLOW_ACTIONS, type WorkflowAction, shanghaiDeadline, transition } from '@dahe/shared/workflow';
import { DEMO_EVIDENCE, demoPdf, demoSections } from '../src/database/seed/demo-application';
import { DEMO_PASSWORD, createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * Sign-off, table-driven from the shared state machine, over HTTP: every (state, action, role) with the
 * exact status; the deadline's edges in Asia/Shanghai; idempotent transitions; the audit trail endpoints.
 */

const ORG_OF_KIND: Record<OrganisationKind, string> = { province: '河南省教育厅', supervisor: '郑州市教育局', school: '郑州黄河职业技术学院' };
const RELATION_OF_KIND: Record<OrganisationKind, ActorRelation> = { province: 'province', supervisor: 'supervisor_of_school', school: 'school_member' };
const KINDS = Object.keys(ROLES_OF_KIND) as OrganisationKind[];
/** One test user per role, holding that role alone, in the school (s1), its supervising unit, or the province. */
const ROLE_USERS = KINDS.flatMap((kind) => ROLES_OF_KIND[kind].map((role) => ({ role, kind, username: `table.${role}` })));

const FAR_DEADLINE = new Date(Date.now() + 30 * 86400_000);
/** Everything any action needs, so the only thing that decides is state, action and role. */
const BODY = { comment: '表驱动测试：退回说明', opinion: '同意。', password: DEMO_PASSWORD, decision: 'approved' as const };

/** The status the API answers for a refusal of the state machine (see refusalException). */
const STATUS_OF_REFUSAL: Record<Refusal['code'], number> = {
  unknown_action: 400,
  not_allowed_in_state: 409,
  not_your_role: 403,
  not_your_school: 403,
  not_ready: 409,
  reauthentication_required: 403,
  comment_required: 400,
  decision_required: 400,
  deadline_passed: 409,
};

const decide = (state: ApplicationState, action: WorkflowAction, role: Role, kind: OrganisationKind) =>
  transition({ state, action, actorRoles: [role], actorRelation: RELATION_OF_KIND[kind], ready: true, reauthenticated: true, comment: BODY.comment, decision: BODY.decision, now: new Date(), deadline: FAR_DEADLINE });

/** Roles that take no step anywhere in the machine: the route refuses them at the door (403), whatever the state. */
const WORKFLOW_ROLES = new Set(ROLE_USERS.filter(({ role, kind }) => APPLICATION_STATES.some((s) => WORKFLOW_ACTIONS.some((a) => decide(s, a, role, kind).ok))).map((u) => u.role));

function expectedStatus(state: ApplicationState, action: WorkflowAction, role: Role, kind: OrganisationKind): number {
  if (!WORKFLOW_ROLES.has(role)) return 403;
  const decided = decide(state, action, role, kind);
  return decided.ok ? 200 : STATUS_OF_REFUSAL[decided.refusal.code];
}

describe('sign-off: the state machine’s table over HTTP, deadline edges, idempotency and the audit trail', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let owner: pg.Client;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await owner.query<T>(text, params)).rows;
  const move = (username: string, id: string, body: Record<string, unknown>, key?: string) => {
    const req = http().post(`/api/applications/${id}/transitions`).set(as(username));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const count = async (text: string, params: unknown[]) => (await sql<{ n: number }>(text, params))[0]!.n;

  let callSeq = 0;
  async function newCall(): Promise<string> {
    callSeq++;
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: `表驱动批次${callSeq}`, year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 3600_000).toISOString(), deadline: FAR_DEADLINE.toISOString(), countryRisk: { KZ: 'ok' } })
      .expect(201);
    await http().post(`/api/calls/${created.body.id}/open`).set(as('prov.officer')).expect(200);
    // The table is the bare state machine's: 补正 open, and results published (so `decide` applies at once).
    await sql(`UPDATE call SET correction_until = $2, results_published_at = now() WHERE id = $1`, [created.body.id, FAR_DEADLINE]);
    return created.body.id;
  }

  /**
   * A complete application of school `prefix`, submitted for signature once through the API so that its
   * content hash is frozen; answers that hash, to put back whenever a case sets the state directly.
   */
  async function frozenApplication(prefix = 's1'): Promise<{ id: string; callId: string; hash: Buffer; alg: string }> {
    const callId = await newCall();
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
    const [row] = await sql<{ content_hash: Buffer; content_hash_alg: string }>(`SELECT content_hash, content_hash_alg FROM application WHERE id = $1`, [id]);
    return { id, callId, hash: row!.content_hash, alg: row!.content_hash_alg };
  }

  /** As the owner: the application in `state`, at its frozen hash, with no receipt (nothing else is touched). */
  const setState = (application: { id: string; hash: Buffer; alg: string }, state: ApplicationState) =>
    sql(`UPDATE application SET state = $2, content_hash = $3, content_hash_alg = $4, receipt_no = NULL WHERE id = $1`, [application.id, state, application.hash, application.alg]);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    for (const { role, kind, username } of ROLE_USERS) {
      await sql(`INSERT INTO app_user (username, display_name, password_hash) SELECT $1, $2, password_hash FROM app_user WHERE username = 's1.contact'`, [username, `表驱动（${role}）`]);
      await sql(`INSERT INTO membership (org_id, user_id, role) SELECT o.id, u.id, $3 FROM organisation o, app_user u WHERE o.name = $1 AND u.username = $2`, [ORG_OF_KIND[kind], username, role]);
    }
    await sql(`INSERT INTO app_user (username, display_name, password_hash) SELECT 'table.reviewer2', '第二审核人', password_hash FROM app_user WHERE username = 's1.contact'`);
    await sql(`INSERT INTO membership (org_id, user_id, role) SELECT o.id, u.id, 'supervisor_reviewer' FROM organisation o, app_user u WHERE o.name = '郑州市教育局' AND u.username = 'table.reviewer2'`);
    app = await createTestApp(db);
    for (const username of [...ROLE_USERS.map((u) => u.username), 'table.reviewer2', 'prov.officer', 's1.contact', 's1.viewer', 's2.contact', 'ly.reviewer']) {
      tokens.set(username, (await login(app, username)).token);
    }
  });
  afterAll(async () => {
    await owner?.end();
    await app?.close();
    await db?.drop();
  });

  describe('every allowed and every refused transition for every role', () => {
    let application: { id: string; callId: string; hash: Buffer; alg: string };
    beforeAll(async () => {
      application = await frozenApplication();
    });

    it('covers the whole table: each action is allowed somewhere, and refused for some role in every state', () => {
      expect(ROLE_USERS).toHaveLength(12);
      for (const action of WORKFLOW_ACTIONS) {
        expect(APPLICATION_STATES.some((state) => ROLE_USERS.some((u) => expectedStatus(state, action, u.role, u.kind) === 200))).toBe(true);
      }
      expect([...WORKFLOW_ROLES].sort()).toEqual(['contact', 'legal_rep', 'province_officer', 'school_admin', 'supervisor_reviewer']);
    });

    it.each(APPLICATION_STATES.map((state) => [state]))('from %s: each action by each role answers the state machine’s status', async (state) => {
      const answers: string[] = [];
      const expected: string[] = [];
      for (const action of WORKFLOW_ACTIONS) {
        for (const { role, kind, username } of ROLE_USERS) {
          const want = expectedStatus(state, action, role, kind);
          await setState(application, state);
          const events = await count(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1`, [`application:${application.id}`]);
          const res = await move(username, application.id, { action, ...BODY });
          answers.push(`${action} by ${role}: ${res.status}`);
          expected.push(`${action} by ${role}: ${want}`);
          // A refusal moves nothing and records nothing; an allowed move records exactly one event.
          const [after] = await sql<{ state: string }>(`SELECT state FROM application WHERE id = $1`, [application.id]);
          const added = (await count(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1`, [`application:${application.id}`])) - events;
          if (res.status === 200) {
            const decided = decide(state, action, role, kind);
            expect(decided.ok && res.body.state === decided.next && after!.state === decided.next && added === 1).toBe(true);
          } else {
            expect([after!.state, added]).toEqual([state, 0]);
          }
        }
      }
      expect(answers).toEqual(expected);
    }, 120_000);
  });

  describe('the deadline’s edges, one second either side, in Asia/Shanghai', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('approves one second before the deadline, and refuses at it and one second after with deadline_passed', async () => {
      const application = await frozenApplication();
      await setState(application, 'signed');
      // A wall-clock deadline in Beijing a few minutes ahead, stored as its UTC instant (UTC+8, no DST).
      const beijing = new Date(Date.now() + 8 * 3600_000 + 2 * 60_000);
      const date = beijing.toISOString().slice(0, 10);
      const time = beijing.toISOString().slice(11, 16);
      const deadline = shanghaiDeadline(date, time);
      expect(deadline.toISOString()).toBe(new Date(`${date}T${time}:00+08:00`).toISOString());
      await sql(`UPDATE call SET deadline = $2 WHERE id = $1`, [application.callId, deadline]);
      const approveAt = async (at: number) => {
        // Only the clock is frozen; timers, I/O and the database run as usual.
        jest.useFakeTimers({ now: at, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
        try {
          return await move('table.supervisor_reviewer', application.id, { action: 'approve', opinion: '同意推荐。' });
        } finally {
          jest.useRealTimers();
        }
      };
      const after = await approveAt(deadline.getTime() + 1000);
      expect([after.status, after.body.code]).toEqual([409, 'deadline_passed']);
      const at = await approveAt(deadline.getTime());
      expect([at.status, at.body.code]).toEqual([409, 'deadline_passed']);
      expect((await sql<{ state: string }>(`SELECT state FROM application WHERE id = $1`, [application.id]))[0]!.state).toBe('signed');
      const before = await approveAt(deadline.getTime() - 1000);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ state: 'submitted', receiptNo: expect.stringMatching(/^DH2024-\d{4}$/) });
    });
  });

  describe('Idempotency-Key', () => {
    const approvals = (id: string) => count(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1 AND action = 'application.approved'`, [`application:${id}`]);
    const supervisorSignatures = (id: string) => count(`SELECT count(*)::int AS n FROM signature WHERE application_id = $1 AND kind = 'supervisor'`, [id]);

    it('answers a double submit in parallel once: one transition, two identical answers', async () => {
      const application = await frozenApplication();
      await setState(application, 'signed');
      const body = { action: 'approve', opinion: '经审核，同意推荐。' };
      const [a, b] = await Promise.all([move('table.supervisor_reviewer', application.id, body, 'double-click-1'), move('table.supervisor_reviewer', application.id, body, 'double-click-1')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(b.body).toEqual(a.body);
      expect(a.body).toMatchObject({ state: 'submitted', receiptNo: expect.stringMatching(/^DH2024-/), signatureId: expect.any(String) });
      expect([await approvals(application.id), await supervisorSignatures(application.id)]).toEqual([1, 1]);

      // A retry after a timeout: the same answer again, nothing recorded.
      const retry = await move('table.supervisor_reviewer', application.id, body, 'double-click-1').expect(200);
      expect(retry.body).toEqual(a.body);
      expect([await approvals(application.id), await supervisorSignatures(application.id)]).toEqual([1, 1]);
      // Without the key, or with a new one, it is a new request, refused by the state it finds.
      await move('table.supervisor_reviewer', application.id, body).expect(409);
      await move('table.supervisor_reviewer', application.id, body, 'double-click-2').expect(409);
      // The key is the user's own: another reviewer with the same key makes their own (refused) request.
      await move('table.reviewer2', application.id, body, 'double-click-1').expect(409);
    });

    it('refuses the same key with another body, with a clear message', async () => {
      const application = await frozenApplication();
      await setState(application, 'signed');
      await move('table.supervisor_reviewer', application.id, { action: 'approve', opinion: '同意。' }, 'key-a').expect(200);
      const reused = await move('table.supervisor_reviewer', application.id, { action: 'approve', opinion: '另一个意见' }, 'key-a').expect(409);
      expect(reused.body).toMatchObject({ code: 'conflict', details: ['idempotency_key_reused'] });
      expect(reused.body.message).toMatch(/Idempotency-Key was already used for a different request/);
      const stored = await sql<{ status: number; expires_at: Date; created_at: Date }>(`SELECT status, expires_at, created_at FROM transition_idempotency WHERE key = 'key-a'`);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.status).toBe(200);
      expect(stored[0]!.expires_at.getTime() - stored[0]!.created_at.getTime()).toBe(24 * 3600_000);
    });

    it('keeps nothing of a refused request, and forgets a key once it expired', async () => {
      const application = await frozenApplication();
      await setState(application, 'signed');
      // Refused (no comment): rolled back with the transition, so the key is free for the corrected request.
      await move('table.supervisor_reviewer', application.id, { action: 'return' }, 'key-r').expect(400);
      expect(await count(`SELECT count(*)::int AS n FROM transition_idempotency WHERE key = 'key-r'`, [])).toBe(0);
      const returned = await move('table.supervisor_reviewer', application.id, { action: 'return', comment: '请补充' }, 'key-r').expect(200);
      expect(returned.body.state).toBe('draft');
      await move('table.supervisor_reviewer', application.id, { action: 'return', comment: '请补充' }, 'key-r').expect(200);
      await setState(application, 'signed');
      // Expired: the key is claimed afresh and the request runs again.
      await sql(`UPDATE transition_idempotency SET expires_at = now() - interval '1 second' WHERE key = 'key-r'`);
      const again = await move('table.supervisor_reviewer', application.id, { action: 'return', comment: '请补充' }, 'key-r').expect(200);
      expect(again.body.state).toBe('draft');
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1 AND action = 'application.returned'`, [`application:${application.id}`])).toBe(2);
      // A malformed key is refused before anything runs.
      await move('table.supervisor_reviewer', application.id, { action: 'withdraw' }, 'x'.repeat(256)).expect(400);
    });

    it('keeps keys under row-level security: another school’s context sees none of them', async () => {
      expect(await count(`SELECT count(*)::int AS n FROM transition_idempotency`, [])).toBeGreaterThan(0);
      const [s2] = await sql<{ path: string }>(`SELECT path FROM organisation WHERE name = '洛阳中原职业技术学院'`);
      const client = new pg.Client({ connectionString: db.appUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('dahe.org_path', $1, true)`, [s2!.path]);
        const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM transition_idempotency`);
        await client.query('ROLLBACK');
        expect(r.rows[0]!.n).toBe(0);
      } finally {
        await client.end();
      }
    });
  });

  describe('GET /api/applications/:id/audit and …/audit/verify', () => {
    it('lists the chain with names resolved now, to the school, and to the province’s auditor for any school', async () => {
      const mine = await frozenApplication('s1');
      const theirs = await frozenApplication('s2');
      const listed = (await http().get(`/api/applications/${mine.id}/audit`).set(as('s1.viewer')).expect(200)).body;
      expect(listed.applicationId).toBe(mine.id);
      expect(listed.events).toEqual([
        expect.objectContaining({ seq: 1, action: 'application.submitted_for_signature', actorName: '黄丽（项目联系人）', actorRole: 'contact', alg: 'sm3', prevHash: '0'.repeat(64) }),
      ]);
      // The event itself holds the person by id only.
      expect(JSON.stringify(listed.events[0].data)).not.toContain('黄丽');
      expect(listed.events[0].actorId).toEqual(expect.any(String));

      for (const id of [mine.id, theirs.id]) {
        const trail = (await http().get(`/api/applications/${id}/audit`).set(as('table.auditor')).expect(200)).body;
        expect(trail.events.map((e: { action: string }) => e.action)).toEqual(['application.submitted_for_signature']);
        expect((await http().get(`/api/applications/${id}/audit/verify`).set(as('table.auditor')).expect(200)).body).toEqual({ ok: true, events: 1 });
      }
      // The auditor reads trails and nothing else: no content, no moves.
      await http().get(`/api/applications/${theirs.id}`).set(as('table.auditor')).expect(403);
      await http().get(`/api/applications/${theirs.id}/sections/safeguards`).set(as('table.auditor')).expect(403);
      await move('table.auditor', theirs.id, { action: 'withdraw' }).expect(403);

      // A school reads its own trail only; another school's is not there.
      await http().get(`/api/applications/${theirs.id}/audit`).set(as('s1.viewer')).expect(404);
      await http().get(`/api/applications/${theirs.id}/audit/verify`).set(as('s1.contact')).expect(404);
      await http().get(`/api/applications/${mine.id}/audit`).set(as('s2.contact')).expect(404);
      await http().get(`/api/applications/${theirs.id}/audit`).set(as('s2.contact')).expect(200);
      // The supervising unit of the school reads it; another supervising unit does not.
      await http().get(`/api/applications/${mine.id}/audit`).set(as('table.supervisor_admin')).expect(200);
      await http().get(`/api/applications/${mine.id}/audit`).set(as('ly.reviewer')).expect(404);
      // Province roles other than the officer and the auditor read no trail.
      await http().get(`/api/applications/${mine.id}/audit`).set(as('table.province_admin')).expect(403);
      await http().get(`/api/applications/${mine.id}/audit`).set(as('table.security_admin')).expect(403);
      await http().get(`/api/applications/${mine.id}/audit`).set(as('prov.officer')).expect(200);
    });

    it('reports the first broken event of a tampered chain', async () => {
      const application = await frozenApplication();
      await move('table.legal_rep', application.id, { action: 'sign', opinion: '同意。', password: DEMO_PASSWORD }).expect(200);
      await move('table.supervisor_reviewer', application.id, { action: 'approve', opinion: '同意。' }).expect(200);
      const verify = () => http().get(`/api/applications/${application.id}/audit/verify`).set(as('s1.contact')).expect(200);
      expect((await verify()).body).toEqual({ ok: true, events: 3 });
      // Only the owner, bypassing the app's triggers, can edit the trail; the verifier finds it.
      await sql(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
      try {
        await sql(`UPDATE audit_event SET data = jsonb_set(data, '{opinion}', '"改过"') WHERE chain = $1 AND seq = 2`, [`application:${application.id}`]);
      } finally {
        await sql(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      }
      const broken = (await verify()).body;
      expect(broken).toEqual({ ok: false, events: 3, brokenAt: { seq: 2, id: expect.any(String), reason: 'content does not match its hash' } });
      const auditor = (await http().get(`/api/applications/${application.id}/audit/verify`).set(as('table.auditor')).expect(200)).body;
      expect(auditor).toEqual(broken);
    });
  });
});
