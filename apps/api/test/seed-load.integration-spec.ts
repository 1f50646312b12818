import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applicationDigest, contentHash } from '@dahe/api/applications/feature-applications';
import { isValidCreditCode } from '@dahe/shared/contracts';
import { COUNTRY_CODES } from '@dahe/shared/form';
import { APPLICATION_STATES } from '@dahe/shared/workflow';
import { HENAN_CITIES, LOAD_EXPERTS, loadSeed, type LoadSeedResult } from '../src/database/seed/load-seed';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

describe('seed:load (a large generated province)', () => {
  let db: TestDatabase;
  let result: LoadSeedResult;
  const messages: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    result = await loadSeed(db.ownerUrl, { schools: 50, applications: 500, seed: 7, batchSize: 120, log: (m) => messages.push(m) });
  });
  afterAll(async () => {
    await db?.drop();
  });

  const owner = <T extends object>(text: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(text, params)).rows);

  it('writes the counts asked for: 18 supervising units (17 cities and 济源示范区), the schools, three calls, the applications', async () => {
    const [counts] = await owner<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM organisation WHERE kind = 'province') AS provinces,
              (SELECT count(*)::int FROM organisation WHERE kind = 'supervisor') AS supervisors,
              (SELECT count(*)::int FROM organisation WHERE kind = 'school') AS schools,
              (SELECT count(DISTINCT school_type)::int FROM organisation WHERE kind = 'school') AS school_types,
              (SELECT count(*)::int FROM call) AS calls,
              (SELECT count(*)::int FROM application) AS applications,
              (SELECT count(*)::int FROM application_section) AS sections,
              (SELECT count(*)::int FROM application_section_version) AS versions`,
    );
    expect(counts).toEqual({ provinces: 1, supervisors: HENAN_CITIES.length, schools: 50, school_types: 2, calls: 3, applications: 500, sections: result.sections, versions: result.sections });
    expect(HENAN_CITIES).toHaveLength(18);
    expect(result).toMatchObject({ supervisors: 18, schools: 50, calls: 3, applications: 500 });
    expect(Object.values(result.byState).reduce((a, b) => a + b, 0)).toBe(500);
    expect(messages.some((m) => m.startsWith('applications 500/500'))).toBe(true);
    const years = await owner<{ year: number; status: string }>(`SELECT year, status FROM call ORDER BY year`);
    expect(years).toEqual([{ year: 2023, status: 'closed' }, { year: 2024, status: 'closed' }, { year: 2025, status: 'open' }]);
  });

  it('hangs every application on a school under a supervising unit under the province, with valid credit codes', async () => {
    const [orphans] = await owner<{ n: number }>(
      `SELECT count(*)::int AS n FROM application a
         LEFT JOIN organisation s ON s.id = a.org_id AND s.kind = 'school'
         LEFT JOIN organisation u ON u.id = s.parent_id AND u.kind = 'supervisor'
         LEFT JOIN organisation p ON p.id = u.parent_id AND p.kind = 'province'
        WHERE p.id IS NULL OR s.path <> p.path || u.id || '/' || s.id || '/'`,
    );
    expect(orphans?.n).toBe(0);
    const [mismatch] = await owner<{ n: number }>(
      `SELECT (SELECT count(*) FROM application_section x JOIN application a ON a.id = x.application_id WHERE x.org_id <> a.org_id)::int
            + (SELECT count(*) FROM application_section_version x JOIN application a ON a.id = x.application_id WHERE x.org_id <> a.org_id)::int AS n`,
    );
    expect(mismatch?.n).toBe(0);
    const codes = await owner<{ credit_code: string }>(`SELECT credit_code FROM organisation`);
    expect(codes.every((r) => isValidCreditCode(r.credit_code))).toBe(true);
    expect(new Set(codes.map((r) => r.credit_code)).size).toBe(codes.length);
    const cities = await owner<{ n: number }>(`SELECT count(DISTINCT city)::int AS n FROM organisation WHERE kind = 'school'`);
    expect(cities[0]?.n).toBeGreaterThan(5);
  });

  it('uses every state of the workflow, with receipts, submission times and content hashes where the state has them', async () => {
    const states = await owner<{ state: string; n: number; receipts: number; submitted: number; hashed: number }>(
      `SELECT state, count(*)::int AS n, count(receipt_no)::int AS receipts, count(submitted_at)::int AS submitted, count(content_hash)::int AS hashed
         FROM application GROUP BY state`,
    );
    expect(states.map((s) => s.state).sort()).toEqual([...APPLICATION_STATES].sort());
    const by = Object.fromEntries(states.map((s) => [s.state, s]));
    expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toEqual(result.byState);
    expect(by['draft']!.n).toBe(Math.max(...states.map((s) => s.n)));
    for (const state of ['submitted', 'returned', 'formal_check_passed', 'expert_review', 'approved', 'rejected']) {
      expect(by[state]).toMatchObject({ receipts: by[state]!.n, submitted: by[state]!.n });
    }
    for (const state of ['draft', 'awaiting_signature', 'signed', 'withdrawn']) expect(by[state]).toMatchObject({ receipts: 0, submitted: 0 });
    for (const state of ['draft', 'returned']) expect(by[state]!.hashed).toBe(0);
    for (const state of ['awaiting_signature', 'signed', 'submitted', 'approved']) expect(by[state]!.hashed).toBe(by[state]!.n);
    const receipts = await owner<{ receipt_no: string; year: number }>(`SELECT a.receipt_no, c.year FROM application a JOIN call c ON c.id = a.call_id WHERE receipt_no IS NOT NULL`);
    expect(receipts.every((r) => r.receipt_no.startsWith(`DH${r.year}-`))).toBe(true);
    // The app's next receipt number of each year follows the loaded ones.
    const counters = await owner<{ year: number; last: number }>(`SELECT year, last FROM receipt_counter ORDER BY year`);
    for (const { year, last } of counters) expect(receipts.filter((r) => r.year === year)).toHaveLength(last);
    // Nothing in the open call is decided yet; the closed calls are.
    const perCall = await owner<{ status: string; state: string }>(`SELECT DISTINCT c.status, a.state FROM application a JOIN call c ON c.id = a.call_id`);
    const open = perCall.filter((r) => r.status === 'open').map((r) => r.state);
    expect(open.some((s) => ['expert_review', 'approved', 'rejected'].includes(s))).toBe(false);
    expect(perCall.filter((r) => r.status === 'closed').map((r) => r.state)).toEqual(expect.arrayContaining(['approved', 'rejected', 'expert_review', 'draft']));
    const [late] = await owner<{ n: number }>(
      `SELECT count(*)::int AS n FROM application a JOIN call c ON c.id = a.call_id
        WHERE a.submitted_at > c.deadline OR a.submitted_at < c.opens_at OR a.submitted_at > now() OR a.created_at > now() OR a.submitted_at < a.created_at`,
    );
    const [open2025] = await owner<{ deadline: Date }>(`SELECT deadline FROM call WHERE status = 'open'`);
    expect(open2025!.deadline.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);
    expect(late?.n).toBe(0);
  });

  it('writes realistic sections: a project name, 合作形式, a country of the call, partners; the hash is the signed content’s', async () => {
    const rows = await owner<{ state: string; basic: Record<string, unknown>; cover: { cooperationForms: string[] } | null; risk: Record<string, string> }>(
      `SELECT a.state, b.content AS basic, cv.content AS cover, c.country_risk AS risk
         FROM application a JOIN call c ON c.id = a.call_id
         JOIN application_section b ON b.application_id = a.id AND b.section_key = 'basic_info'
         LEFT JOIN application_section cv ON cv.application_id = a.id AND cv.section_key = 'cover'`,
    );
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) {
      expect(String(row.basic['projectName'])).toMatch(/大河工坊/);
      expect(COUNTRY_CODES).toContain(row.basic['countryCode']);
      expect(Object.keys(row.risk)).toContain(row.basic['countryCode']);
      if (row.state !== 'draft' && row.state !== 'returned') expect(row.risk[String(row.basic['countryCode'])]).not.toBe('prohibited');
      expect((row.basic['partnerEnterprises'] as string[]).length).toBeGreaterThan(0);
      expect(row.cover?.cooperationForms.length).toBeGreaterThan(0);
    }
    const [signed] = await owner<{ id: string; content_hash: Buffer }>(`SELECT id, content_hash FROM application WHERE state = 'signed' LIMIT 1`);
    const sections = await owner<{ section_key: string; content: unknown }>(`SELECT section_key, content FROM application_section WHERE application_id = $1`, [signed!.id]);
    const expected = contentHash({ template: 'dahe-2024', sections: Object.fromEntries(sections.map((s) => [s.section_key, s.content])), evidence: [] }, 'sm3');
    expect(signed!.content_hash.equals(expected)).toBe(true);
  });

  it('lets the app role under row-level security see only the sample school’s rows', async () => {
    const [sample] = await owner<{ id: string; path: string; n: number; sections: number }>(
      `SELECT s.id, s.path, count(DISTINCT a.id)::int AS n, count(x.*)::int AS sections
         FROM organisation s JOIN application a ON a.org_id = s.id LEFT JOIN application_section x ON x.application_id = a.id
        WHERE s.kind = 'school' GROUP BY s.id, s.path ORDER BY count(DISTINCT a.id) DESC, s.id LIMIT 1`,
    );
    expect(sample!.n).toBeGreaterThan(1);
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('dahe.org_path', $1, true)`, [sample!.path]);
      const seen = (await app.query<{ org_id: string }>(`SELECT org_id FROM application`)).rows;
      expect(seen).toHaveLength(sample!.n);
      expect(new Set(seen.map((r) => r.org_id))).toEqual(new Set([sample!.id]));
      const sections = (await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM application_section`)).rows[0]?.n;
      expect(sections).toBe(sample!.sections);
      const schools = (await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM organisation WHERE kind = 'school'`)).rows[0]?.n;
      expect(schools).toBe(1);
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
  });

  it('writes every application’s digest and filled-section count as the section save path would', async () => {
    const rows = await owner<{ sections: Record<string, unknown> | null; filled: number; d: Record<string, unknown> | null; state: string }>(
      `SELECT a.filled_sections AS filled, a.state,
              (SELECT jsonb_object_agg(x.section_key, x.content) FROM application_section x WHERE x.application_id = a.id) AS sections,
              (SELECT to_jsonb(d) FROM application_digest d WHERE d.application_id = a.id) AS d
         FROM application a`,
    );
    expect(rows).toHaveLength(500);
    for (const row of rows) {
      const expected = applicationDigest(row.sections ?? {});
      expect(row.filled).toBe(expected.filledSections);
      expect(row.d).toMatchObject({ project_name: expected.projectName, country_code: expected.countryCode, cooperation_forms: expected.cooperationForms, partner_enterprises: expected.partnerEnterprises, state: row.state });
      if (row.state !== 'draft') expect(row.filled).toBe(10);
    }
  });

  it('reviews the closed calls: a 30/30/20/20 rubric, generated experts, two or three scored assignments each, decisions published', async () => {
    expect(result).toMatchObject({ experts: LOAD_EXPERTS });
    const rubrics = await owner<{ status: string; weights: number[] | null; published: boolean }>(
      `SELECT c.status, (SELECT array_agg(k.weight::int ORDER BY k.position) FROM review_criterion k WHERE k.call_id = c.id) AS weights, c.results_published_at IS NOT NULL AS published
         FROM call c ORDER BY c.year, c.status`,
    );
    expect(rubrics).toEqual([
      { status: 'closed', weights: [30, 30, 20, 20], published: true },
      { status: 'closed', weights: [30, 30, 20, 20], published: true },
      { status: 'open', weights: null, published: false },
    ]);
    const experts = await owner<{ username: string; password_hash: string; roles: string[] }>(
      `SELECT u.username, u.password_hash, array_agg(m.role) AS roles FROM app_user u JOIN membership m ON m.user_id = u.id
         JOIN organisation o ON o.id = m.org_id AND o.kind = 'province' WHERE u.username LIKE 'seed.expert%' GROUP BY u.id`,
    );
    expect(experts).toHaveLength(LOAD_EXPERTS);
    expect(experts.every((e) => e.password_hash === '!disabled' && e.roles.join() === 'expert')).toBe(true);

    const perApplication = await owner<{ status: string; state: string; assigned: number; submitted: number; scores: number; decision: string | null; published: boolean | null; early: number }>(
      `SELECT c.status, a.state,
              (SELECT count(*) FROM review_assignment r WHERE r.application_id = a.id)::int AS assigned,
              (SELECT count(*) FROM review_assignment r WHERE r.application_id = a.id AND r.submitted_at IS NOT NULL AND r.total IS NOT NULL)::int AS submitted,
              (SELECT count(*) FROM review_score s JOIN review_assignment r USING (org_id, application_id, expert_id) WHERE s.application_id = a.id AND r.submitted_at IS NOT NULL)::int AS scores,
              (SELECT count(*) FROM review_assignment r WHERE r.application_id = a.id AND (r.submitted_at < r.assigned_at OR r.assigned_at < c.deadline OR r.submitted_at > now()))::int AS early,
              d.decision, d.published_at IS NOT NULL AS published
         FROM application a JOIN call c ON c.id = a.call_id LEFT JOIN application_decision d ON d.application_id = a.id`,
    );
    for (const row of perApplication) {
      const reviewed = row.status === 'closed' && ['expert_review', 'approved', 'rejected'].includes(row.state);
      expect(row.early).toBe(0);
      if (!reviewed) {
        expect(row).toMatchObject({ assigned: 0, decision: null });
        continue;
      }
      expect(row.assigned).toBeGreaterThanOrEqual(2);
      expect(row.assigned).toBeLessThanOrEqual(3);
      expect(row.scores).toBe(row.submitted * 4);
      if (row.state === 'expert_review') expect(row.decision).toBeNull();
      else expect(row).toMatchObject({ submitted: row.assigned, decision: row.state, published: true });
    }
    const [counts] = await owner<{ assignments: number; scores: number; decisions: number }>(
      `SELECT (SELECT count(*) FROM review_assignment)::int AS assignments, (SELECT count(*) FROM review_score)::int AS scores, (SELECT count(*) FROM application_decision)::int AS decisions`,
    );
    expect(counts).toEqual({ assignments: result.assignments, scores: result.scores, decisions: result.decisions });
    expect(perApplication.some((r) => r.state === 'expert_review' && r.submitted < r.assigned)).toBe(true);
  });

  it('spreads the closed calls’ receipts over the days before the deadline, most of them near it', async () => {
    const [spread] = await owner<{ days: number; late: number; n: number }>(
      `SELECT count(DISTINCT (a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS days,
              count(*) FILTER (WHERE a.submitted_at > c.deadline - (c.deadline - c.opens_at) / 3)::int AS late, count(*)::int AS n
         FROM application a JOIN call c ON c.id = a.call_id WHERE c.status = 'closed' AND a.submitted_at IS NOT NULL`,
    );
    expect(spread!.days).toBeGreaterThan(10);
    expect(spread!.late).toBeGreaterThan(spread!.n / 2);
  });

  it('is deterministic for a seed, and refuses to load twice into one database', async () => {
    const first = await owner<{ name: string; credit_code: string }>(`SELECT name, credit_code FROM organisation WHERE kind = 'school' ORDER BY credit_code`);
    const again = await createTestDatabase();
    try {
      const second = await loadSeed(again.ownerUrl, { schools: 50, applications: 500, seed: 7 });
      expect(second.byState).toEqual(result.byState);
      const names = await withClient(again.ownerUrl, async (c) => (await c.query<{ name: string; credit_code: string }>(`SELECT name, credit_code FROM organisation WHERE kind = 'school' ORDER BY credit_code`)).rows);
      expect(names).toEqual(first);
    } finally {
      await again.drop();
    }
    await expect(loadSeed(db.ownerUrl, { schools: 5, applications: 5 })).rejects.toThrow(/already holds/);
  });
});
