import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { applicationDigest } from '@dahe/api/applications/feature-applications';
import type { IntakePageDto, IntakeRowDto, ProvinceDashboardDto } from '@dahe/shared/contracts';
import { APPLICATION_STATES } from '@dahe/shared/workflow';
import { loadSeed } from '../src/database/seed/load-seed';
import { demoSections } from '../src/database/seed/demo-application';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

const RECEIVED = ['submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected'];

/**
 * The province runs the call: the intake table and the province dashboard over a generated province
 * (seed:load with small numbers on top of the demo), every figure checked against SQL run as the owner.
 */
describe('province intake and dashboard', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  let closed: { id: string; org_id: string };
  let open: { id: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    await loadSeed(db.ownerUrl, { schools: 60, applications: 600, seed: 7 });
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'prov.admin', 's1.contact', 's2.contact', 'zz.reviewer', 'expert1']) tokens.set(username, (await login(app, username)).token);
    [closed] = await owner<{ id: string; org_id: string }>(
      `SELECT c.id, c.org_id FROM call c JOIN application a ON a.call_id = c.id WHERE c.status = 'closed' AND c.year = 2024 GROUP BY c.org_id, c.id`,
    ) as [{ id: string; org_id: string }];
    [open] = (await owner<{ id: string }>(`SELECT id FROM call WHERE status = 'open' AND title LIKE '%（批量）'`)) as [{ id: string }];
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const intake = (query: Record<string, string | number> = {}, callId = closed.id, who = 'prov.officer') => http().get(`/api/calls/${callId}/intake`).query(query).set(as(who));
  /** Every page of a listing, 200 at a time. */
  async function allRows(query: Record<string, string | number> = {}, callId = closed.id): Promise<{ total: number; rows: IntakeRowDto[] }> {
    const rows: IntakeRowDto[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const body = (await intake({ ...query, page, pageSize: 200 }, callId).expect(200)).body as IntakePageDto;
      total = body.total;
      rows.push(...body.rows);
      if (body.rows.length < 200) break;
    }
    return { total, rows };
  }

  describe('the digest and filled sections', () => {
    it('hold, for every application (demo and generated), what applicationDigest takes from its sections', async () => {
      const rows = await owner<{ id: string; sections: Record<string, unknown> | null; filled: number; d: Record<string, unknown> | null; state: string; call_id: string }>(
        `SELECT a.id, a.filled_sections AS filled, a.state, a.call_id,
                (SELECT jsonb_object_agg(x.section_key, x.content) FROM application_section x WHERE x.application_id = a.id) AS sections,
                (SELECT to_jsonb(d) FROM application_digest d WHERE d.application_id = a.id) AS d
           FROM application a`,
      );
      expect(rows.length).toBeGreaterThan(600);
      for (const row of rows) {
        const expected = applicationDigest(row.sections ?? {});
        expect({ id: row.id, filled: row.filled }).toEqual({ id: row.id, filled: expected.filledSections });
        expect(row.d).toMatchObject({
          project_name: expected.projectName,
          country_code: expected.countryCode,
          cooperation_forms: expected.cooperationForms,
          partner_enterprises: expected.partnerEnterprises,
          partner_institution: expected.partnerInstitution,
          state: row.state,
          call_id: row.call_id,
        });
      }
      // Drafts of every completeness 0…10 exist, so the completeness chart has something to show.
      const filled = await owner<{ filled_sections: number }>(`SELECT DISTINCT filled_sections FROM application WHERE state = 'draft' ORDER BY 1`);
      expect(filled.map((r) => r.filled_sections)).toEqual(expect.arrayContaining([0, 5, 10]));
    });

    it('follows the section save path and the application’s state: a school saves 封面, 基本信息 and a narrative; the state moves', async () => {
      const [s2] = await owner<{ id: string }>(`SELECT a.id FROM application a WHERE a.created_by = (SELECT id FROM app_user WHERE username = 's2.contact')`);
      const id = s2!.id;
      const sections = demoSections() as Record<string, Record<string, unknown>>;
      const digestOf = async () => (await owner<{ project_name: string; cooperation_forms: string[]; country_code: string | null; state: string; filled: number }>(
        `SELECT d.project_name, d.cooperation_forms, d.country_code, d.state, a.filled_sections AS filled FROM application a LEFT JOIN application_digest d ON d.application_id = a.id WHERE a.id = $1`, [id]))[0]!;
      await http().put(`/api/applications/${id}/sections/cover`).set(as('s2.contact')).send({ content: { ...sections['cover'], cooperationForms: ['research', 'degree'] }, version: 0 }).expect(200);
      expect(await digestOf()).toMatchObject({ cooperation_forms: ['degree', 'research'], project_name: '', filled: 1, state: 'draft' });
      await http().put(`/api/applications/${id}/sections/basic_info`).set(as('s2.contact')).send({ content: { ...sections['basic_info'], projectName: '  中泰物流“大河工坊” ', countryCode: 'TH' }, version: 0 }).expect(200);
      expect(await digestOf()).toMatchObject({ project_name: '中泰物流“大河工坊”', country_code: 'TH', filled: 2 });
      // A narrative section changes the count, not the digest; an emptied one takes it back.
      await http().put(`/api/applications/${id}/sections/safeguards`).set(as('s2.contact')).send({ content: { text: '成立项目领导小组。' }, version: 0 }).expect(200);
      expect((await digestOf()).filled).toBe(3);
      await http().put(`/api/applications/${id}/sections/safeguards`).set(as('s2.contact')).send({ content: { text: '  ' }, version: 1 }).expect(200);
      expect((await digestOf()).filled).toBe(2);
      // The digest's state follows the application's, whoever moves it.
      await owner(`UPDATE application SET state = 'withdrawn' WHERE id = $1`, [id]);
      expect((await digestOf()).state).toBe('withdrawn');
      await owner(`UPDATE application SET state = 'draft' WHERE id = $1`, [id]);
      expect((await digestOf()).state).toBe('draft');
    });

    it('keeps each submitted expert’s total, computed from the scores, and refuses to change it', async () => {
      const [mismatch] = await owner<{ n: number; submitted: number }>(
        `SELECT count(*) FILTER (WHERE r.total IS DISTINCT FROM t.total)::int AS n, count(*)::int AS submitted
           FROM review_assignment r
           JOIN LATERAL (SELECT round(sum(s.score / c.max_score * c.weight), 2) AS total FROM review_score s JOIN review_criterion c ON c.id = s.criterion_id
                          WHERE s.org_id = r.org_id AND s.application_id = r.application_id AND s.expert_id = r.expert_id) t ON true
          WHERE r.submitted_at IS NOT NULL`,
      );
      expect(mismatch!.submitted).toBeGreaterThan(50);
      expect(mismatch!.n).toBe(0);
      const [unsubmitted] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM review_assignment WHERE submitted_at IS NULL AND total IS NOT NULL`);
      expect(unsubmitted!.n).toBe(0);
      await expect(owner(`UPDATE review_assignment SET total = 1 WHERE submitted_at IS NOT NULL`)).rejects.toThrow(/cannot change/);
    });

    it('keeps each application’s mean of its submitted totals, as the assignments give it', async () => {
      const [score] = await owner<{ kept: number; mismatched: number }>(
        `WITH t AS (SELECT org_id, application_id, round(avg(total), 2) AS mean, count(total)::int AS experts
                      FROM review_assignment WHERE submitted_at IS NOT NULL GROUP BY org_id, application_id)
         SELECT (SELECT count(*)::int FROM application_score) AS kept,
                (SELECT count(*)::int FROM t FULL JOIN application_score s USING (org_id, application_id)
                  WHERE s.mean IS DISTINCT FROM t.mean OR s.experts IS DISTINCT FROM t.experts) AS mismatched`,
      );
      expect(score!.kept).toBeGreaterThan(20);
      expect(score!.mismatched).toBe(0);
    });
  });

  describe('GET /api/calls/:id/dashboard', () => {
    async function expectFigures(callId: string) {
      const body = (await http().get(`/api/calls/${callId}/dashboard`).set(as('prov.officer')).expect(200)).body as ProvinceDashboardDto;
      const received = `a.call_id = $1 AND a.state = ANY($2)`;
      const counts = async (sql: string) => Object.fromEntries((await owner<{ key: string; n: number }>(sql, [callId, RECEIVED])).map((r) => [r.key ?? '', r.n]));
      const asMap = (items: { key: string; count: number }[]) => Object.fromEntries(items.filter((i) => i.count > 0).map((i) => [i.key, i.count]));

      const states = await owner<{ key: string; n: number }>(`SELECT state AS key, count(*)::int AS n FROM application WHERE call_id = $1 GROUP BY state`, [callId]);
      expect(body.byState.map((s) => s.key)).toEqual([...APPLICATION_STATES]);
      expect(asMap(body.byState)).toEqual(Object.fromEntries(states.map((s) => [s.key, s.n])));
      expect(asMap(body.bySupervisor)).toEqual(await counts(`SELECT s.parent_id::text AS key, count(*)::int AS n FROM application a JOIN organisation s ON s.id = a.org_id WHERE ${received} GROUP BY 1`));
      const names = Object.fromEntries((await owner<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE kind = 'supervisor'`)).map((r) => [r.id, r.name]));
      for (const item of body.bySupervisor) expect(item.label).toBe(names[item.key]);
      expect(asMap(body.byCity)).toEqual(await counts(`SELECT s.city AS key, count(*)::int AS n FROM application a JOIN organisation s ON s.id = a.org_id WHERE ${received} GROUP BY 1`));
      expect(asMap(body.bySchoolType)).toEqual(await counts(`SELECT s.school_type AS key, count(*)::int AS n FROM application a JOIN organisation s ON s.id = a.org_id WHERE ${received} GROUP BY 1`));
      expect(asMap(body.byCountry)).toEqual(await counts(`SELECT d.country_code AS key, count(*)::int AS n FROM application a JOIN application_digest d ON d.application_id = a.id WHERE ${received} GROUP BY 1`));
      expect(asMap(body.byCooperationForm)).toEqual(
        await counts(`SELECT f AS key, count(*)::int AS n FROM application a JOIN application_digest d ON d.application_id = a.id, unnest(d.cooperation_forms) f WHERE ${received} GROUP BY 1`),
      );
      expect(body.byCooperationForm).toHaveLength(6);
      for (const list of [body.bySupervisor, body.byCity, body.byCountry, body.byCooperationForm]) {
        expect(list.map((c) => c.count)).toEqual([...list.map((c) => c.count)].sort((x, y) => y - x));
      }

      const days = await counts(`SELECT to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS key, count(*)::int AS n FROM application a WHERE ${received} GROUP BY 1`);
      expect(asMap(body.submissionsPerDay.map((d) => ({ key: d.day, count: d.count })))).toEqual(days);
      const [receivedTotal] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM application a WHERE ${received}`, [callId, RECEIVED]);
      expect(body.submissionsPerDay.at(-1)?.cumulative ?? 0).toBe(receivedTotal!.n);
      body.submissionsPerDay.forEach((d, i) => {
        if (i > 0) expect(Date.parse(d.day) - Date.parse(body.submissionsPerDay[i - 1]!.day)).toBe(86400_000);
      });

      const drafts = await owner<{ key: string; n: number }>(`SELECT filled_sections::text AS key, count(*)::int AS n FROM application WHERE call_id = $1 AND state IN ('draft', 'returned') GROUP BY 1`, [callId]);
      expect(body.draftCompleteness.map((c) => c.key)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(asMap(body.draftCompleteness)).toEqual(Object.fromEntries(drafts.map((d) => [d.key, d.n])));

      const [review] = await owner<{ assignments: number; submitted: number; applications: number; fully: number }>(
        `SELECT count(*)::int AS assignments, count(submitted_at)::int AS submitted, count(DISTINCT application_id)::int AS applications,
                (SELECT count(*) FROM (SELECT application_id FROM review_assignment WHERE call_id = $1 GROUP BY 1 HAVING bool_and(submitted_at IS NOT NULL)) x)::int AS fully
           FROM review_assignment WHERE call_id = $1`,
        [callId],
      );
      expect(body.review).toEqual({ assignments: review!.assignments, submitted: review!.submitted, applications: review!.applications, fullyScored: review!.fully });
      // Bins from the scores themselves (not from the stored totals).
      const bins = await owner<{ key: string; n: number }>(
        `SELECT (least(floor(t.total / 10), 9) * 10)::int || '-' || (least(floor(t.total / 10), 9) * 10 + 10)::int AS key, count(*)::int AS n
           FROM (SELECT round(sum(s.score / c.max_score * c.weight), 2) AS total
                   FROM review_assignment r JOIN review_score s ON s.org_id = r.org_id AND s.application_id = r.application_id AND s.expert_id = r.expert_id
                   JOIN review_criterion c ON c.id = s.criterion_id
                  WHERE r.call_id = $1 AND r.submitted_at IS NOT NULL GROUP BY r.application_id, r.expert_id) t GROUP BY 1`,
        [callId],
      );
      expect(body.scoreDistribution.map((b) => b.key)).toEqual(['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100']);
      expect(asMap(body.scoreDistribution)).toEqual(Object.fromEntries(bins.map((b) => [b.key, b.n])));
      return body;
    }

    it('equals direct SQL counts for a closed (reviewed) call, the open loaded call and the demo call', async () => {
      const figures = await expectFigures(closed.id);
      expect(figures.review.submitted).toBeGreaterThan(0);
      expect(figures.scoreDistribution.some((b) => b.count > 0)).toBe(true);
      expect(figures.draftCompleteness.some((b) => b.count > 0)).toBe(true);
      await expectFigures(open.id);
      const [demo] = await owner<{ id: string }>(`SELECT id FROM call WHERE title NOT LIKE '%（批量）'`);
      const demoFigures = await expectFigures(demo!.id);
      expect(demoFigures.byState.find((s) => s.key === 'submitted')?.count).toBe(1);
    });

    it('serves one snapshot kept in PostgreSQL to every officer and every API process for 15 s, then computes afresh', async () => {
      const get = async (server = app) => (await request(server.getHttpServer()).get(`/api/calls/${open.id}/dashboard`).set(as('prov.officer')).expect(200)).body as ProvinceDashboardDto;
      const first = await get();
      // A second process of the API answers the same snapshot: nothing is kept in a process.
      const second = await createTestApp(db);
      try {
        expect((await get(second)).generatedAt).toBe(first.generatedAt);
      } finally {
        await second.close();
      }
      const [row] = await owner<{ figures: ProvinceDashboardDto }>(`SELECT figures FROM dashboard_snapshot WHERE call_id = $1`, [open.id]);
      expect(row?.figures).toEqual(first);
      await owner(`UPDATE dashboard_snapshot SET generated_at = generated_at - interval '16 seconds' WHERE call_id = $1`, [open.id]);
      const later = await get();
      expect(later.generatedAt).not.toBe(first.generatedAt);
      expect(later.byState).toEqual(first.byState);
    });

    it('is the province officer’s: 403 for a school, a supervising unit and an expert; 404 for an unknown call', async () => {
      for (const who of ['s1.contact', 'zz.reviewer', 'expert1', 'prov.admin']) await http().get(`/api/calls/${closed.id}/dashboard`).set(as(who)).expect(403);
      await http().get(`/api/calls/00000000-0000-4000-8000-000000000000/dashboard`).set(as('prov.officer')).expect(404);
    });
  });

  describe('GET /api/calls/:id/intake', () => {
    const sqlIds = async (where: string, params: unknown[], order = 'a.submitted_at ASC NULLS LAST, a.id ASC') =>
      (
        await owner<{ id: string }>(
          `SELECT a.id FROM application a JOIN organisation s ON s.id = a.org_id LEFT JOIN application_digest d ON d.application_id = a.id
            LEFT JOIN (SELECT application_id, round(avg(total), 2) AS mean FROM review_assignment WHERE submitted_at IS NOT NULL GROUP BY 1) m ON m.application_id = a.id
            WHERE a.call_id = $1 AND a.state = ANY($2) ${where ? `AND ${where}` : ''} ORDER BY ${order}`,
          [closed.id, RECEIVED, ...params],
        )
      ).map((r) => r.id);

    it('lists the received applications (returned ones too, no drafts), oldest receipt first, with names, digest, mean score and decision', async () => {
      const { total, rows } = await allRows();
      const expected = await sqlIds('', []);
      expect(total).toBe(expected.length);
      expect(rows.map((r) => r.id)).toEqual(expected);
      expect(new Set(rows.map((r) => r.state))).toEqual(new Set(RECEIVED));
      const detail = await owner<{ id: string; school_name: string; supervisor_name: string; city: string; project_name: string; receipt_no: string; decision: string | null; mean: string | null }>(
        `SELECT a.id, s.name AS school_name, u.name AS supervisor_name, s.city, d.project_name, a.receipt_no, dec.decision,
                (SELECT round(avg(t.total), 2) FROM (SELECT round(sum(sc.score / c.max_score * c.weight), 2) AS total
                   FROM review_assignment r JOIN review_score sc ON sc.org_id = r.org_id AND sc.application_id = r.application_id AND sc.expert_id = r.expert_id
                   JOIN review_criterion c ON c.id = sc.criterion_id WHERE r.application_id = a.id AND r.submitted_at IS NOT NULL GROUP BY r.expert_id) t) AS mean
           FROM application a JOIN organisation s ON s.id = a.org_id JOIN organisation u ON u.id = s.parent_id
           JOIN application_digest d ON d.application_id = a.id LEFT JOIN application_decision dec ON dec.application_id = a.id
          WHERE a.call_id = $1`,
        [closed.id],
      );
      const byId = new Map(detail.map((d) => [d.id, d]));
      for (const row of rows) {
        const d = byId.get(row.id)!;
        expect(row).toMatchObject({ schoolName: d.school_name, supervisorName: d.supervisor_name, city: d.city, projectName: d.project_name, receiptNo: d.receipt_no, decision: d.decision });
        expect(row.meanScore).toBe(d.mean === null ? null : Number(d.mean));
        expect(row.cooperationForms.length).toBeGreaterThan(0);
      }
      expect(rows.filter((r) => r.decision === 'approved').every((r) => r.state === 'approved')).toBe(true);
      expect(rows.some((r) => r.meanScore !== null)).toBe(true);
    });

    it('pages with a stable order and the total on every page; past the end: no rows, the same total', async () => {
      const all = (await allRows()).rows.map((r) => r.id);
      const first = (await intake({ pageSize: 7 }).expect(200)).body as IntakePageDto;
      const second = (await intake({ pageSize: 7, page: 2 }).expect(200)).body as IntakePageDto;
      expect(first).toMatchObject({ page: 1, pageSize: 7, total: all.length });
      expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.slice(0, 14));
      const past = (await intake({ pageSize: 50, page: 99 }).expect(200)).body as IntakePageDto;
      expect(past).toMatchObject({ total: all.length, rows: [] });
      await intake({ pageSize: 201 }).expect(400);
      await intake({ page: 0 }).expect(400);
      await intake({ sort: 'content' }).expect(400);
      await intake({ unknown: 'x' }).expect(400);
      await http().get(`/api/calls/00000000-0000-4000-8000-000000000000/intake`).set(as('prov.officer')).expect(404);
    });

    it('filters by state (repeated or comma-separated), supervising unit, city, school type, 合作形式, country and name, as SQL does', async () => {
      const repeated = (await http().get(`/api/calls/${closed.id}/intake?state=approved&state=rejected&pageSize=200`).set(as('prov.officer')).expect(200)).body as IntakePageDto;
      const comma = (await allRows({ state: 'approved,rejected' })).rows.map((r) => r.id);
      expect(repeated.rows.map((r) => r.id)).toEqual(comma);
      expect(comma).toEqual(await sqlIds(`a.state IN ('approved', 'rejected')`, []));
      // A state before receipt lists nothing (the intake never shows drafts).
      expect((await intake({ state: 'draft' }).expect(200)).body.total).toBe(0);

      const [sample] = await owner<{ parent_id: string; city: string; school_type: string; country_code: string; form: string; school: string; project: string }>(
        `SELECT s.parent_id, s.city, s.school_type, d.country_code, d.cooperation_forms[1] AS form, substr(s.name, 3, 2) AS school, substr(d.project_name, length(d.project_name) - 6, 3) AS project
           FROM application a JOIN organisation s ON s.id = a.org_id JOIN application_digest d ON d.application_id = a.id
          WHERE a.call_id = $1 AND a.state = 'approved' ORDER BY a.id LIMIT 1`,
        [closed.id],
      );
      const cases: [Record<string, string>, string, unknown[]][] = [
        [{ supervisorId: sample!.parent_id }, `s.parent_id = $3`, [sample!.parent_id]],
        [{ city: sample!.city }, `s.city = $3`, [sample!.city]],
        [{ schoolType: sample!.school_type }, `s.school_type = $3`, [sample!.school_type]],
        [{ cooperationForm: sample!.form }, `$3 = ANY(d.cooperation_forms)`, [sample!.form]],
        [{ countryCode: sample!.country_code }, `d.country_code = $3`, [sample!.country_code]],
        [{ q: sample!.school }, `(s.name ILIKE '%' || $3 || '%' OR d.project_name ILIKE '%' || $3 || '%')`, [sample!.school]],
        [{ q: sample!.project }, `(s.name ILIKE '%' || $3 || '%' OR d.project_name ILIKE '%' || $3 || '%')`, [sample!.project]],
        [{ city: sample!.city, schoolType: sample!.school_type, state: 'approved,rejected,expert_review' }, `s.city = $3 AND s.school_type = $4 AND a.state IN ('approved', 'rejected', 'expert_review')`, [sample!.city, sample!.school_type]],
      ];
      for (const [query, where, params] of cases) {
        const { total, rows } = await allRows(query);
        const expected = await sqlIds(where, params);
        expect({ query, total }).toEqual({ query, total: expected.length });
        expect(rows.map((r) => r.id)).toEqual(expected);
        expect(total).toBeGreaterThan(0);
      }
      // LIKE's wildcards are text, not patterns.
      expect((await intake({ q: '%' }).expect(200)).body.total).toBe(0);
    });

    it('sorts by every key, both ways, nulls last, the id breaking ties', async () => {
      const keys: Record<string, string> = { submittedAt: 'a.submitted_at', schoolName: 's.name', projectName: 'd.project_name', state: 'a.state', receiptNo: 'a.receipt_no', city: 's.city', meanScore: 'm.mean' };
      for (const [sort, column] of Object.entries(keys)) {
        for (const dir of ['asc', 'desc']) {
          const { rows } = await allRows({ sort, dir });
          expect({ sort, dir, ids: rows.map((r) => r.id) }).toEqual({ sort, dir, ids: await sqlIds('', [], `${column} ${dir} NULLS LAST, a.id ${dir}`) });
        }
      }
    });

    it('is the province officer’s: 403 for a school, a supervising unit, an expert and the province’s admin', async () => {
      for (const who of ['s1.contact', 'zz.reviewer', 'expert1', 'prov.admin']) await intake({}, closed.id, who).expect(403);
      expect(((await intake().expect(200)).body as IntakePageDto).rows.length).toBeGreaterThan(0);
    });
  });

  describe('row-level security of the digest', () => {
    async function inTenant<T>(orgPath: string, userId: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: db.appUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`, [orgPath, userId]);
        return await work(client);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      }
    }

    it('keeps the dashboard snapshots and the mean scores from schools, supervising units and experts', async () => {
      await http().get(`/api/calls/${closed.id}/dashboard`).set(as('prov.officer')).expect(200);
      const [snapshots] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM dashboard_snapshot`);
      expect(snapshots!.n).toBeGreaterThan(0);
      for (const [username, kind] of [['s1.contact', 'school'], ['zz.reviewer', 'supervisor'], ['expert1', 'province']] as const) {
        const [who] = await owner<{ id: string; path: string }>(
          `SELECT u.id, o.path FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organisation o ON o.id = m.org_id WHERE u.username = $1 AND o.kind = $2 LIMIT 1`,
          [username, kind],
        );
        const seen = await inTenant(who!.path, who!.id, async (c) => (await c.query(`SELECT 1 FROM dashboard_snapshot`)).rowCount);
        expect({ username, seen }).toEqual({ username, seen: 0 });
        // Nor anyone's mean score.
        const means = await inTenant(who!.path, who!.id, async (c) => (await c.query(`SELECT 1 FROM application_score`)).rowCount);
        expect({ username, means }).toEqual({ username, means: 0 });
      }
    });

    it('shows a school only its own digests, and the province none of an application before receipt', async () => {
      const [school] = await owner<{ id: string; path: string; n: number }>(
        `SELECT s.id, s.path, count(*)::int AS n FROM organisation s JOIN application_digest d ON d.org_id = s.id WHERE s.kind = 'school' GROUP BY s.id, s.path ORDER BY count(*) DESC, s.id LIMIT 1`,
      );
      const [user] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 's1.contact'`);
      const seen = await inTenant(school!.path, user!.id, async (c) => (await c.query<{ org_id: string }>(`SELECT org_id FROM application_digest`)).rows);
      expect(seen).toHaveLength(school!.n);
      expect(new Set(seen.map((r) => r.org_id))).toEqual(new Set([school!.id]));

      const [province] = await owner<{ path: string }>(`SELECT path FROM organisation WHERE kind = 'province'`);
      const [officer] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'prov.officer'`);
      const states = await inTenant(province!.path, officer!.id, async (c) => (await c.query<{ state: string; n: number }>(`SELECT a.state, count(*)::int AS n FROM application_digest d JOIN application a ON a.id = d.application_id GROUP BY a.state`)).rows);
      expect(states.map((s) => s.state).sort()).toEqual([...RECEIVED].sort());
      const [receivedDigests] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM application_digest d JOIN application a ON a.id = d.application_id WHERE a.state = ANY($1)`, [RECEIVED]);
      expect(states.reduce((sum, s) => sum + s.n, 0)).toBe(receivedDigests!.n);

      const [expert] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'expert1'`);
      const expertSees = await inTenant(province!.path, expert!.id, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM application_digest`)).rows[0]?.n);
      expect(expertSees).toBe(0);
    });

    it('lets the sole province skip the visible-organisation set, and a second province see none of the first one’s rows', async () => {
      const [henan] = await owner<{ path: string }>(`SELECT path FROM organisation WHERE kind = 'province'`);
      const [officer] = await owner<{ id: string }>(`SELECT id FROM app_user WHERE username = 'prov.officer'`);
      const tables = ['application', 'application_digest', 'review_assignment', 'review_score', 'application_decision', 'application_score'];
      const countAll = (c: pg.Client) => Promise.all(tables.map(async (t) => Number((await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]?.n)));
      const [everything] = await owner<{ application: number }>(`SELECT count(*)::int AS application FROM application`);
      const sole = await inTenant(henan!.path, officer!.id, async (c) => ({ fast: (await c.query<{ b: boolean }>(`SELECT dahe_active_sees_all() AS b`)).rows[0]?.b, counts: await countAll(c) }));
      expect(sole.fast).toBe(true);
      expect(sole.counts[0]).toBe(everything!.application);

      const [shandong] = await owner<{ id: string; path: string }>(
        `INSERT INTO organisation (parent_id, kind, name, city, credit_code) VALUES (NULL, 'province', '山东省教育厅', '济南市', NULL) RETURNING id, path`,
      );
      try {
        const other = await inTenant(shandong!.path, officer!.id, async (c) => ({ fast: (await c.query<{ b: boolean }>(`SELECT dahe_active_sees_all() AS b`)).rows[0]?.b, counts: await countAll(c) }));
        expect(other).toEqual({ fast: false, counts: tables.map(() => 0) });
        // Henan, no longer alone, sees exactly what it saw through the set.
        const shared = await inTenant(henan!.path, officer!.id, async (c) => ({ fast: (await c.query<{ b: boolean }>(`SELECT dahe_active_sees_all() AS b`)).rows[0]?.b, counts: await countAll(c) }));
        expect(shared).toEqual({ fast: false, counts: sole.counts });
      } finally {
        await owner(`DELETE FROM organisation WHERE id = $1`, [shandong!.id]);
      }
    });
  });
});
