import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `org_id IN (SELECT dahe_visible_org_ids())`;
/** The same rows as {@link VISIBLE}: every org_id references an organisation, all of which the sole province sees. */
const VISIBLE_FAST = `((SELECT dahe_active_sees_all()) OR org_id IN (SELECT dahe_visible_org_ids()))`;
const NOT_EXPERT_ONLY = `NOT (SELECT dahe_is_expert_only())`;
const OWN_IF_EXPERT = `(NOT (SELECT dahe_is_expert_only()) OR expert_id = dahe_user_id())`;

/** Each policy that tests the visible organisations, as `visible` (one of the two forms above) makes it. */
function policies(visible: string): { table: string; name: string; command: 'ALL' | 'SELECT'; using: string; check?: string }[] {
  const officer = `${visible} AND ${NOT_EXPERT_ONLY}`;
  const expertOwn = `${visible} AND ${OWN_IF_EXPERT}`;
  return [
    {
      table: 'application',
      name: 'application_tenant',
      command: 'ALL',
      using: `${visible} AND (NOT (SELECT dahe_is_expert_only()) OR id IN (SELECT dahe_assigned_application_ids()))`,
      check: 'dahe_org_visible(org_id)',
    },
    { table: 'application_digest', name: 'application_digest_read', command: 'SELECT', using: `${officer} AND state IN (SELECT dahe_content_states())` },
    { table: 'review_criterion', name: 'review_criterion_read', command: 'SELECT', using: visible },
    { table: 'review_criterion', name: 'review_criterion_write', command: 'ALL', using: officer, check: officer },
    { table: 'review_conflict', name: 'review_conflict_tenant', command: 'ALL', using: expertOwn, check: expertOwn },
    { table: 'review_assignment', name: 'review_assignment_tenant', command: 'ALL', using: expertOwn, check: expertOwn },
    { table: 'review_score', name: 'review_score_tenant', command: 'ALL', using: expertOwn, check: expertOwn },
    { table: 'application_decision', name: 'application_decision_tenant', command: 'ALL', using: officer, check: officer },
    { table: 'export_job', name: 'export_job_tenant', command: 'ALL', using: officer, check: officer },
    { table: 'dashboard_snapshot', name: 'dashboard_snapshot_tenant', command: 'ALL', using: officer, check: officer },
    { table: 'application_score', name: 'application_score_read', command: 'SELECT', using: officer },
  ];
}

/**
 * The province's requests skip building the set of visible organisations (issue 6). Every policy above
 * builds that set once per table a statement names (~5 ms for 5,000 schools: 25 ms of the intake's search
 * page, which missed its 200 ms p95 with four officers). When the active organisation is the only province,
 * it sees every organisation, so each row passes anyway: `dahe_active_sees_all()` says so once per statement
 * and the set is never built. A second province, a supervising unit, a school: the set as before.
 */
export class ProvinceSeesAll1765700000000 implements MigrationInterface {
  name = 'ProvinceSeesAll1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION dahe_active_sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM organisation o WHERE o.path = dahe_org_path() AND o.kind = 'province')
           AND NOT EXISTS (SELECT 1 FROM organisation o WHERE o.kind = 'province' AND o.path <> dahe_org_path())
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION dahe_active_sees_all() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION dahe_active_sees_all() TO dahe_app`);
    await replace(q, policies(VISIBLE_FAST));
  }

  async down(q: QueryRunner): Promise<void> {
    await replace(q, policies(VISIBLE));
    await q.query(`DROP FUNCTION dahe_active_sees_all()`);
  }
}

async function replace(q: QueryRunner, list: ReturnType<typeof policies>): Promise<void> {
  for (const policy of list) {
    await q.query(`DROP POLICY ${policy.name} ON ${policy.table}`);
    await q.query(
      `CREATE POLICY ${policy.name} ON ${policy.table} FOR ${policy.command} USING (${policy.using})${policy.check ? ` WITH CHECK (${policy.check})` : ''}`,
    );
  }
}
